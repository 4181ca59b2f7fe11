package mrtbox.appliance.state;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mrtbox.control.mapping.Mapping;

/**
 * {@code mappings.json}: the MIDI mappings. Each mapping is checked by its own constructor on read (ranges, channel,
 * message kind); targets are not checked against this build's parameters, so another model's mappings are kept.
 */
public record MappingsFile(List<Mapping> mappings) {
    public static final DocumentType<MappingsFile> TYPE = DocumentType.of("mappings.json", 1, MappingsFile.class, () -> new MappingsFile(List.of()));

    public MappingsFile {
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        Set<String> ids = new TreeSet<>();
        for (Mapping m : mappings) {
            if (!m.id().isEmpty() && !ids.add(m.id())) throw new IllegalArgumentException("two mappings have the id '" + m.id() + "'");
        }
    }
}
