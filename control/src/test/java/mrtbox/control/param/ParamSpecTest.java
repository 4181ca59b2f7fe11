package mrtbox.control.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamSpecTest {

    private static final ParamSpec GAIN = ParamSpec.builder("out.gain", ParamType.FLOAT).range(-1, 1).defaultValue(0).build();
    private static final ParamSpec GAIN_CLAMPED =
            ParamSpec.builder("out.gain", ParamType.FLOAT).range(-1, 1).defaultValue(0).clampOutOfRange().build();
    private static final ParamSpec STEPS = ParamSpec.builder("steps", ParamType.INT).range(1, 16).defaultValue(4).build();
    private static final ParamSpec ON = ParamSpec.builder("on", ParamType.BOOL).defaultValue(false).build();
    private static final ParamSpec MODE =
            ParamSpec.builder("mode", ParamType.ENUM).choices(List.of("off", "soft", "hard")).defaultValue(1).build();
    private static final ParamSpec NAME = ParamSpec.builder("name", ParamType.TEXT).maxLength(5).defaultText("ab").build();
    private static final ParamSpec GO = ParamSpec.builder("go", ParamType.TRIGGER).build();

    private static void accepted(ParamSpec.Coerced c, double expected) {
        assertTrue(c.accepted(), () -> "rejected: " + c.note());
        assertEquals(expected, c.number(), 0.0);
        assertNull(c.note());
    }

    private static void rejected(ParamSpec.Coerced c, String reasonPart) {
        assertFalse(c.accepted(), "accepted " + c);
        assertTrue(c.note().contains(reasonPart), () -> "reason '" + c.note() + "' lacks '" + reasonPart + "'");
    }

    @Test
    void floatsTakeIntsFloatsNumericTextAndBools() {
        accepted(GAIN.coerce(0.25), 0.25);
        accepted(GAIN.coerce(0.25f), 0.25);
        accepted(GAIN.coerce(1), 1);
        accepted(GAIN.coerce(-1L), -1);
        accepted(GAIN.coerce(" 0.5 "), 0.5);
        accepted(GAIN.coerce(true), 1);
        rejected(GAIN.coerce("loud"), "needs a number");
        rejected(GAIN.coerce(List.of(1)), "needs a number");
        rejected(GAIN.coerce(null), "needs a value");
    }

    @Test
    void nanAndInfinityAreRejectedForEveryNumericKind() {
        for (Object bad : new Object[] {Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, "NaN", "Infinity"}) {
            rejected(GAIN.coerce(bad), "finite");
            rejected(GAIN_CLAMPED.coerce(bad), "finite"); // clamping must not turn +inf into max
            rejected(STEPS.coerce(bad), "finite");
        }
        rejected(ON.coerce(Double.NaN), "finite");
        rejected(MODE.coerce(Double.POSITIVE_INFINITY), "choice index");
    }

    @Test
    void outOfRangeIsRejectedWithTheRangeOrClampedWithANote() {
        rejected(GAIN.coerce(1.5), "out of range [-1, 1]: 1.5");
        rejected(GAIN.coerce(-2), "out of range [-1, 1]: -2");
        ParamSpec.Coerced c = GAIN_CLAMPED.coerce(1.5);
        assertTrue(c.accepted());
        assertEquals(1.0, c.number());
        assertTrue(c.note().startsWith("clamped"), c.note());
        assertEquals(-1.0, GAIN_CLAMPED.coerce(-7).number());
        accepted(GAIN.coerce(1.0), 1.0); // the bounds themselves are in range
        accepted(GAIN.coerce(-1.0), -1.0);
    }

    @Test
    void intsTakeFloatsRoundingHalfUpAndSayWhenTheyRounded() {
        accepted(STEPS.coerce(3), 3);
        accepted(STEPS.coerce(3.0), 3);
        accepted(STEPS.coerce(7.0f), 7);
        accepted(STEPS.coerce("12"), 12);
        ParamSpec.Coerced c = STEPS.coerce(2.5);
        assertTrue(c.accepted());
        assertEquals(3, c.number());
        assertEquals("rounded 2.5 to 3", c.note());
        assertEquals(4, STEPS.coerce(3.5).number());
        rejected(STEPS.coerce(16.6), "out of range [1, 16]"); // rounds to 17, outside
        rejected(STEPS.coerce(0), "out of range");
        assertEquals(3, STEPS.toExternal(3.0));
    }

    @Test
    void boolsTakeBooleansNumbersAndTheUsualWords() {
        for (Object t : new Object[] {true, 1, 0.7, "true", "TRUE", " on ", "yes", "1", "t"}) accepted(ON.coerce(t), 1);
        for (Object f : new Object[] {false, 0, 0.2, "false", "Off", "no", "0", "f"}) accepted(ON.coerce(f), 0);
        rejected(ON.coerce("maybe"), "needs true or false, got \"maybe\"");
        assertEquals(Boolean.TRUE, ON.toExternal(1));
    }

    @Test
    void enumsTakeNamesAnyCaseAndIndicesAsNumbersOrText() {
        accepted(MODE.coerce("hard"), 2);
        accepted(MODE.coerce("SOFT"), 1);
        accepted(MODE.coerce(0), 0);
        accepted(MODE.coerce(2.0), 2);
        accepted(MODE.coerce("2"), 2);
        rejected(MODE.coerce(3), "choice index must be 0..2, got 3");
        rejected(MODE.coerce(-1), "choice index");
        rejected(MODE.coerce(1.5), "choice index");
        rejected(MODE.coerce("7"), "choice index");
        rejected(MODE.coerce("loud"), "must be one of [off, soft, hard], got \"loud\"");
        assertEquals("soft", MODE.defaultValue());
        assertEquals(0.0, MODE.min());
        assertEquals(2.0, MODE.max());
    }

    @Test
    void textIsTruncatedWithANoteAndNeverSplitsASurrogatePair() {
        ParamSpec.Coerced ok = NAME.coerce("abcde");
        assertEquals("abcde", ok.text());
        assertNull(ok.note());
        ParamSpec.Coerced cut = NAME.coerce("abcdefgh");
        assertTrue(cut.accepted());
        assertEquals("abcde", cut.text());
        assertEquals("truncated to 5 characters", cut.note());
        String emojiAtEdge = "abcd\uD83C\uDFB9x"; // 🎹 occupies chars 4 and 5
        ParamSpec.Coerced safe = NAME.coerce(emojiAtEdge);
        assertEquals("abcd", safe.text());
        assertEquals("truncated to 4 characters", safe.note());
        rejected(NAME.coerce(42), "needs text, got Integer");
        assertEquals("ab", NAME.defaultValue());
    }

    @Test
    void triggersAcceptAnythingAndAreNeverPersistent() {
        assertTrue(GO.coerce(null).accepted());
        assertTrue(GO.coerce("whatever").accepted());
        assertFalse(GO.persistent());
        assertTrue(GAIN.persistent());
        assertEquals(0L, GO.defaultValue());
    }

    @Test
    void normalizedPositionsMapOntoTheRangeAndBack() {
        assertEquals(-1.0, GAIN.fromNormalized(0));
        assertEquals(0.0, GAIN.fromNormalized(0.5));
        assertEquals(1.0, GAIN.fromNormalized(1));
        assertEquals(1.0, GAIN.fromNormalized(7)); // positions are clamped to 0..1
        assertEquals(0.75, GAIN.toNormalized(0.5));
        assertEquals(1.0, STEPS.fromNormalized(0));
        assertEquals(16.0, STEPS.fromNormalized(1));
        assertEquals(9.0, STEPS.fromNormalized(0.5)); // 8.5 rounds half up
        assertEquals(0.0, MODE.fromNormalized(0.2));
        assertEquals(1.0, MODE.fromNormalized(0.5));
        assertEquals(2.0, MODE.fromNormalized(0.9));
        assertEquals(1.0, ON.fromNormalized(0.5));
        assertEquals(0.0, ON.fromNormalized(0.49));
        assertEquals(1.0, ON.toNormalized(1));
        for (double u = 0; u <= 1.0; u += 0.125) assertEquals(u, GAIN.toNormalized(GAIN.fromNormalized(u)), 1e-12);
        assertThrows(IllegalStateException.class, () -> NAME.fromNormalized(0.5));
        assertThrows(IllegalStateException.class, () -> GO.toNormalized(1));
    }

    @Test
    void oscAddressFollowsTheId() {
        assertEquals("/mrtbox/prompt/3/weight", ParamSpec.builder("prompt.3.weight", ParamType.FLOAT).range(0, 1).build().oscAddress());
        assertEquals("/mrtbox/go", GO.oscAddress());
    }

    @Test
    void labelsAndGroupsAreGivenOrMadeFromTheId() {
        ParamSpec given = ParamSpec.builder("prompt.3.weight", ParamType.FLOAT).range(0, 1).label(" Weight 3 ").group("Prompts").build();
        assertEquals("Weight 3", given.label());
        assertEquals("Prompts", given.group());
        ParamSpec made = ParamSpec.builder("fx.room_size", ParamType.FLOAT).range(0, 1).build();
        assertEquals("Room size", made.label());
        assertEquals("Fx", made.group());
        assertEquals("Go", GO.label());
        assertEquals("Other", GO.group());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("x", ParamType.BOOL).label(" "));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("x", ParamType.BOOL).group(""));
    }

    /** The box's own parameters are named for people: a label without id syntax, under one of four headings. */
    @Test
    void theStandardParametersCarryHumanLabels() {
        for (ParamSpec s : StandardParams.all()) {
            assertTrue(s.label().matches("[A-Z][A-Za-z0-9 -]*"), s.id() + ": " + s.label());
            assertTrue(List.of("Prompts", "Sampling", "Output", "Transport").contains(s.group()), s.id() + ": " + s.group());
        }
    }

    @Test
    void builderRefusesInconsistentSpecs() {
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("Bad Id", ParamType.BOOL).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("a..b", ParamType.BOOL).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("f", ParamType.FLOAT).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("f", ParamType.FLOAT).range(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("f", ParamType.FLOAT).range(0, 1).defaultValue(2).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("i", ParamType.INT).range(0, 1.5).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("i", ParamType.INT).range(0, 4).defaultValue(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("e", ParamType.ENUM).build());
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.builder("t", ParamType.TEXT).maxLength(2).defaultText("abc").build());
    }
}
