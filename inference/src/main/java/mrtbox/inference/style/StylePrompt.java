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

    private StylePrompt(Kind kind, String text, Path audio, float[] embedding) {
        this.kind = kind;
        this.text = text;
        this.audio = audio;
        this.embedding = embedding;
    }

    public static StylePrompt text(String text) {
        return new StylePrompt(Kind.TEXT, Objects.requireNonNull(text), null, null);
    }

    public static StylePrompt audio(Path file) {
        return new StylePrompt(Kind.AUDIO, null, Objects.requireNonNull(file), null);
    }

    public static StylePrompt embedding(float[] embedding) {
        return new StylePrompt(Kind.EMBEDDING, null, null, embedding.clone());
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
                && java.util.Arrays.equals(p.embedding, embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, text, audio, java.util.Arrays.hashCode(embedding));
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
