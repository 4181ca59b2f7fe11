package mrtbox.appliance.state;

import java.nio.file.Path;

/**
 * What is wrong with a JSON file, and where: the file, the line and column (1-based, 0 when unknown), the field as
 * a path ({@code audio.bufferMs}, {@code scenes[2].name}, empty for the whole document) and a plain message.
 */
public record DocumentProblem(Path file, int line, int column, String field, String message) {

    public DocumentProblem {
        field = field == null ? "" : field;
    }

    /** {@code /etc/mrtbox/mrtbox.json:4:15: osc.port: expected a whole number, got "nine"}: editors jump to it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (!field.isEmpty()) sb.append(field).append(": ");
        return sb.append(message).toString();
    }
}
