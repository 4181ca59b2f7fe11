package mrtbox.appliance.state;

import java.nio.file.Path;

/**
 * The outcome of reading a document: the value to use, and when the file was unusable, what was wrong and where
 * the file was kept.
 *
 * @param file    the file that was read (or looked for)
 * @param status  LOADED from the file, MISSING (defaults, nothing wrong), or REPLACED_BY_DEFAULTS after a problem
 * @param problem set when REPLACED_BY_DEFAULTS
 * @param backup  where the unusable file was kept, set when REPLACED_BY_DEFAULTS and the copy worked
 */
public record Loaded<T>(T value, Path file, Status status, DocumentProblem problem, Path backup) {
    public enum Status { LOADED, MISSING, REPLACED_BY_DEFAULTS }

    /** One line for the log when something was wrong. */
    public String problemReport() {
        if (problem == null) return "";
        return problem + (backup != null ? "; the file was kept as " + backup : "; the file was left untouched")
                + "; using defaults";
    }
}
