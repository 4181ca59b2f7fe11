package mrtbox.appliance.styles;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.inference.style.StylePrompt;

/**
 * The {@code @N} prompt syntax: the audio uploaded for prompt slot N on the page (or with
 * {@code POST /api/prompts/N/audio}), embedded by the style model like any audio prompt.
 */
final class UploadedPromptSource implements PromptResolver.Source {
    private static final Pattern SYNTAX = Pattern.compile("@(\\d+)");

    private final PromptAudioStore store;

    UploadedPromptSource(PromptAudioStore store) {
        this.store = store;
    }

    @Override
    public Optional<StylePrompt> resolve(String text) throws PromptResolver.PromptException {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        int slot = m.group(1).length() > 2 ? -1 : Integer.parseInt(m.group(1));
        if (slot < 1 || slot > 6) throw new PromptResolver.PromptException("@" + m.group(1) + ": uploaded audio prompts are @1 .. @6");
        java.nio.file.Path file = store.file(slot).orElseThrow(() -> new PromptResolver.PromptException(
                "no audio was uploaded for prompt " + slot + " (upload one on the Play page, then use @" + slot + ")"));
        Optional<String> hash = store.contentHash(slot);   // computed at upload: the mixer need not read the file
        return Optional.of(hash.isPresent() ? StylePrompt.audio(file, "upload-" + hash.get()) : StylePrompt.audio(file));
    }

    @Override
    public long version() {
        return store.version();
    }
}
