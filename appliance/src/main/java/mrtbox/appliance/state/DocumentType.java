package mrtbox.appliance.state;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One kind of JSON document the box keeps: its file name, the format version this build reads and writes, the Java
 * type it maps to, and the value to use when the file is missing or unusable.
 *
 * <p>The file is one JSON object: {@code "version"} plus the fields of {@code type}. Validation lives in the type's
 * constructors (records with compact constructors): a constructor that throws makes the file invalid, and the
 * problem is reported with the line and field where the reader stood. Unknown fields and wrong types are errors.
 *
 * @param <T> an immutable value, usually a record
 */
public final class DocumentType<T> {
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.json");

    private final String fileName;
    private final int version;
    private final Class<T> type;
    private final Supplier<T> defaults;

    private DocumentType(String fileName, int version, Class<T> type, Supplier<T> defaults) {
        if (!FILE_NAME.matcher(fileName).matches()) throw new IllegalArgumentException("bad document file name '" + fileName + "'");
        if (version < 1) throw new IllegalArgumentException("document versions start at 1");
        this.fileName = fileName;
        this.version = version;
        this.type = Objects.requireNonNull(type);
        this.defaults = Objects.requireNonNull(defaults);
    }

    /** {@code DocumentType.of("mappings.json", 1, MappingsFile.class, MappingsFile::empty)}. */
    public static <T> DocumentType<T> of(String fileName, int version, Class<T> type, Supplier<T> defaults) {
        return new DocumentType<>(fileName, version, type, defaults);
    }

    public String fileName() { return fileName; }
    public int version() { return version; }
    public Class<T> type() { return type; }
    public T defaults() { return defaults.get(); }

    @Override
    public String toString() {
        return fileName + " v" + version;
    }
}
