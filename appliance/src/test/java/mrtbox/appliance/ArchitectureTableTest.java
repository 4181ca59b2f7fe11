package mrtbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's architecture table (folder, what it owns, what it may import) says what the code does: every
 * appliance package has a row, every row's folder exists, and no main source file refers to a package of ours
 * that its row does not allow (imports and fully qualified names alike; comments do not count).
 */
class ArchitectureTableTest {
    private static final Path ROOT = Path.of(System.getProperty("mrtbox.repo.root", ".."));
    private static final Path APPLIANCE = ROOT.resolve("appliance/src/main/java/mrtbox/appliance");
    private static final Map<String, String> MODULES = Map.of("control/", "control", "inference/", "inference", "web-config/", "web");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| .* \\| ([^|]+) \\|$");
    private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");
    private static final Pattern REFERENCE = Pattern.compile("\\bmrtbox\\.([a-z0-9]+)((?:\\.[a-z0-9]+)*)\\.[A-Z]");

    private record Row(String folder, Set<String> allowed) {}

    @Test
    void everyPackageHasARowAndImportsOnlyWhatItsRowAllows() throws IOException {
        List<Row> rows = rows();
        Set<String> folders = new TreeSet<>();
        for (Row r : rows) folders.add(r.folder());
        Set<String> packages = appliancePackages();
        Set<String> missing = new TreeSet<>(packages);
        missing.removeAll(folders);
        assertEquals(Set.of(), missing, "appliance packages without a row in the README's architecture table");

        List<String> wrong = new ArrayList<>();
        for (Row r : rows) {
            String module = MODULES.get(r.folder());
            Path src = module != null ? ROOT.resolve(r.folder()).resolve("src/main/java/mrtbox/" + module) : APPLIANCE.resolve(r.folder());
            assertTrue(Files.exists(src), "the table names " + r.folder() + ", which is not there (" + src + ")");
            String own = module != null ? module : r.folder().replace("/", "");
            for (Path file : sources(src)) {
                for (String used : references(file, module != null)) {
                    if (!used.equals(own) && !r.allowed().contains(used)) {
                        wrong.add(ROOT.relativize(file) + " uses " + used + ", which the row of " + r.folder() + " does not allow");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "README architecture table and code disagree");
    }

    /** The table's rows; "every appliance package" and "nothing of ours" spelled out. */
    private static List<Row> rows() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("<!-- architecture-table -->");
        int to = readme.indexOf("<!-- /architecture-table -->");
        assertTrue(from >= 0 && to > from, "README.md lacks the architecture-table markers");
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : readme.substring(from, to).split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (!m.matches()) continue;
            Set<String> allowed = new TreeSet<>();
            String cell = m.group(2);
            if (cell.contains("every appliance package")) {
                for (String pkg : appliancePackages()) allowed.add(pkg.replace("/", ""));
            }
            Matcher n = NAME.matcher(cell);
            while (n.find()) allowed.add(n.group(1));
            String folder = m.group(1);
            assertTrue(rows.put(folder, new Row(folder, allowed)) == null, "two rows for " + folder);
        }
        assertTrue(rows.size() > MODULES.size(), "no rows found between the markers");
        return List.copyOf(rows.values());
    }

    /** The appliance's packages as the table names them ("box/"), and "Main.java" for the root package's file. */
    private static Set<String> appliancePackages() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(APPLIANCE)) {
            s.forEach(p -> {
                if (Files.isDirectory(p)) out.add(p.getFileName() + "/");
                else if (p.toString().endsWith(".java")) out.add(p.getFileName().toString());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<Path> sources(Path src) throws IOException {
        if (!Files.isDirectory(src)) return List.of(src);
        try (Stream<Path> s = Files.walk(src)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The packages of ours a file refers to: a module name, or an appliance package name for appliance files. */
    private static Set<String> references(Path file, boolean module) throws IOException {
        String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String top = m.group(1);
            if (top.equals("appliance")) {
                String rest = m.group(2);
                String pkg = rest.isEmpty() ? "Main.java" : rest.substring(1).split("\\.")[0];
                out.add(module ? "appliance" : pkg);
            } else {
                out.add(top);
            }
        }
        return out;
    }
}
