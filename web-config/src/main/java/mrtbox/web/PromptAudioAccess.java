package mrtbox.web;

/**
 * Audio prompts: a short recording whose style embedding becomes a prompt slot's style instead of its text.
 * The web layer checks size, name and container format; the appliance decodes and embeds.
 */
public interface PromptAudioAccess {

    /** Audio containers accepted, recognised by their first bytes. */
    enum Container { WAV, AIFF, AU, FLAC, OGG, MP3 }

    /**
     * Stores an uploaded recording for a prompt slot (1..6). Throws {@link IllegalArgumentException} with the
     * reason when the content cannot be used (undecodable, too long). Returns a one-line description.
     *
     * @param fileName a plain file name, already checked: no directories, no dot-dot, printable
     */
    String store(int slot, String fileName, Container container, byte[] data);
}
