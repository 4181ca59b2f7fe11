package mrtbox.web;

/**
 * The box's configuration as one downloadable document (scenes, mappings, settings) and its restore.
 * Implemented by the appliance over its state directory.
 */
public interface BackupAccess {
    /** The whole configuration, ready to download (the appliance chooses the format; JSON today). */
    byte[] backup();

    /** A file name for the download, such as {@code mrtbox-backup-2026-11-24.json}. */
    String backupFileName();

    /**
     * Validates and applies a backup. Throws {@link IllegalArgumentException} with the reason, having changed
     * nothing, when the document is not a valid backup. Returns a one-line summary of what was restored.
     */
    String restore(byte[] document);
}
