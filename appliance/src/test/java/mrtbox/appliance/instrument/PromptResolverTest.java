package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import mrtbox.inference.style.StylePrompt;
import org.junit.jupiter.api.Test;

class PromptResolverTest {

    /** A ":name" syntax backed by one known vector, the shape the personal-styles source takes. */
    private static final class Named implements PromptResolver.Source {
        final AtomicLong version = new AtomicLong();
        float value = 1f;

        @Override
        public Optional<StylePrompt> resolve(String text) throws PromptResolver.PromptException {
            if (!text.startsWith(":")) return Optional.empty();
            if (!text.equals(":warm")) throw new PromptResolver.PromptException("no style named " + text.substring(1));
            return Optional.of(StylePrompt.embedding(new float[] {value, 0}));
        }

        @Override
        public long version() {
            return version.get();
        }
    }

    @Test
    void plainTextIsTheFallbackAndBlankIsEmpty() {
        List<StylePrompt> p = new PromptResolver().resolve(List.of("jazz piano", "  ", ":warm"));
        assertEquals(StylePrompt.text("jazz piano"), p.get(0));
        assertTrue(p.get(1).isEmpty());
        assertEquals(StylePrompt.text(":warm"), p.get(2), "without the source, ':warm' is just text");
    }

    @Test
    void sourcesAnswerTheirSyntaxAndAFailingSlotIsEmptyWithAProblem() {
        Named named = new Named();
        PromptResolver r = new PromptResolver();
        long before = r.version();
        r.add(named);
        assertNotEquals(before, r.version(), "adding a source changes what texts mean");

        List<StylePrompt> p = r.resolve(List.of(":warm", ":nope", "techno"));
        assertEquals(StylePrompt.embedding(new float[] {1, 0}), p.get(0));
        assertTrue(p.get(1).isEmpty(), "an unknown style is left out, not embedded as text");
        assertEquals(StylePrompt.text("techno"), p.get(2));
        assertEquals(List.of("prompt 2 (\":nope\"): no style named nope"), r.problems());

        long v = r.version();
        named.value = 2f;
        named.version.incrementAndGet();
        assertNotEquals(v, r.version(), "a source's refresh shows in the resolver's version");
        assertEquals(StylePrompt.embedding(new float[] {2, 0}), r.resolve(List.of(":warm")).get(0));
        assertEquals(List.of(), r.problems(), "problems clear when the slots resolve");
    }
}
