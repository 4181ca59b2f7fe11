package mrtbox.inference.style;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One prompt slot's content: a text, an audio file, or a raw embedding (the Pd {@code set_style_embedding} case).
 * Values, compared by content; the cache key says what the embedding depends on.
 */
public final class StylePrompt {
    public enum Kind { TEXT, AUDIO, EMBEDDING }

    private final Kind kind;
    private final String text;
    private final Path audio;
    private final float[] embedding;
    private final String contentHash;

    private StylePrompt(Kind kind, String text, Path audio, float[] embedding, String contentHash) {
        this.kind = kind;
        this.text = text;
        this.audio = audio;
        this.embedding = embedding;
        this.contentHash = contentHash;
    }

    public static StylePrompt text(String text) {
        return new StylePrompt(Kind.TEXT, Objects.requireNonNull(text), null, null, null);
    }

    /** An audio file whose content the style mixer hashes itself when it first embeds it. */
    public static StylePrompt audio(Path file) {
        return new StylePrompt(Kind.AUDIO, null, Objects.requireNonNull(file), null, null);
    }

    /**
     * An audio file whose content hash was computed once, when it was stored (an upload): the mixer keys its
     * embedding by that hash and never reads the file again for a re-blend.
     */
    public static StylePrompt audio(Path file, String contentHash) {
        if (contentHash == null || contentHash.isBlank()) throw new IllegalArgumentException("an audio prompt's content hash must not be empty");
        return new StylePrompt(Kind.AUDIO, null, Objects.requireNonNull(file), null, contentHash);
    }

    public static StylePrompt embedding(float[] embedding) {
        return new StylePrompt(Kind.EMBEDDING, null, null, embedding.clone(), null);
    }

    /** The audio content's hash computed when it was stored, or null when the mixer must hash the file. */
    public String contentHash() {
        return contentHash;
    }

    public Kind kind() {
        return kind;
    }

    public String text() {
        return text;
    }

    public Path audio() {
        return audio;
    }

    public float[] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    /** Empty text counts as "no prompt" in a slot, as in the references. */
    public boolean isEmpty() {
        return kind == Kind.TEXT && text.isBlank();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StylePrompt p && p.kind == kind && Objects.equals(p.text, text) && Objects.equals(p.audio, audio)
                && Objects.equals(p.contentHash, contentHash) && java.util.Arrays.equals(p.embedding, embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, text, audio, contentHash, java.util.Arrays.hashCode(embedding));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TEXT -> "text \"" + text + "\"";
            case AUDIO -> "audio " + audio;
            case EMBEDDING -> "embedding[" + embedding.length + "]";
        };
    }
}
