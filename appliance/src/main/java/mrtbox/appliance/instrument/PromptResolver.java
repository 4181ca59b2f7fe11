package mrtbox.appliance.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import mrtbox.inference.style.StylePrompt;

/**
 * Turns the prompt slots' texts into what the style model embeds. A slot's text is offered to each
 * {@link Source} in order, like a handler chain; the first that recognises its syntax answers, and plain text is
 * the fallback. Sources: named personal styles ({@code :NAME}, {@code :NAME/2}), the live input ({@code :live}),
 * uploaded audio prompts; each lives with the feature it belongs to and is added when the box is wired.
 *
 * <p>A slot whose source fails (an unknown style name) counts as empty for this blend and its problem is reported
 * through {@link #problems()}, so one bad slot never silences the others.
 */
public final class PromptResolver {

    /** One prompt syntax. */
    public interface Source {
        /** The prompt this text names, or empty when the text is not this source's syntax. */
        Optional<StylePrompt> resolve(String text) throws PromptException;

        /** Grows when what this source answers for the same text changes (a refreshed live embedding). */
        default long version() {
            return 0;
        }
    }

    /** A text in a source's syntax that cannot be resolved; the message says what is wrong. */
    public static final class PromptException extends Exception {
        public PromptException(String message) {
            super(message);
        }
    }

    // Sources are added while the box is wired (the styles library, the live input) and read on every blend.
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final AtomicLong added = new AtomicLong();
    private volatile List<String> problems = List.of();
    private volatile StyleOffset offset = StyleOffset.NONE;

    /** A resolver for plain text only, until sources are {@link #add added}. */
    public PromptResolver() {}

    /** Adds a syntax, tried after the ones added before it. Safe while the engine plays. */
    public PromptResolver add(Source source) {
        sources.add(source);
        added.incrementAndGet();
        return this;
    }

    /** Adds a syntax tried before all others (one that refuses every prompt, when the style model is unavailable). */
    public PromptResolver addFirst(Source source) {
        sources.add(0, source);
        added.incrementAndGet();
        return this;
    }

    /** Takes a syntax out again (the refusal of a style model that a live model switch replaced). */
    public void remove(Source source) {
        if (sources.remove(source)) added.incrementAndGet();
    }

    /** Sets the style-space offset added to every blend (the styles library's axes); replaces the previous one. */
    public PromptResolver offset(StyleOffset offset) {
        this.offset = java.util.Objects.requireNonNull(offset);
        added.incrementAndGet();
        return this;
    }

    /** The style-space offset for this snapshot, or null for none (see {@link StyleOffset}). */
    public float[] offset(mrtbox.control.param.ParamSnapshot snapshot) {
        return offset.offset(snapshot);
    }

    /** Resolves every slot (called once per changed step on the generation thread; sources must answer fast). */
    public List<StylePrompt> resolve(List<String> texts) {
        List<StylePrompt> out = new ArrayList<>(texts.size());
        List<String> found = new ArrayList<>();
        for (int slot = 0; slot < texts.size(); slot++) {
            String text = texts.get(slot);
            out.add(resolveOne(slot + 1, text, found));
        }
        if (!found.equals(problems)) problems = List.copyOf(found);
        return out;
    }

    private StylePrompt resolveOne(int slot, String text, List<String> found) {
        if (text == null || text.isBlank()) return StylePrompt.text("");
        for (Source source : sources) {
            try {
                Optional<StylePrompt> p = source.resolve(text);
                if (p.isPresent()) return p.get();
            } catch (PromptException e) {
                found.add("prompt " + slot + " (\"" + text + "\"): " + e.getMessage());
                return StylePrompt.text("");
            }
        }
        return StylePrompt.text(text);
    }

    /** Sum of the sources' versions: changes when any source's answers may have changed. */
    public long version() {
        long v = added.get() + offset.version();
        for (Source s : sources) v += s.version();
        return v;
    }

    /** Slots that could not be resolved at the last {@link #resolve}, one line each (empty when all is well). */
    public List<String> problems() {
        return problems;
    }
}
