package mrtbox.control.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import mrtbox.control.mapping.Mapping.Curve;
import mrtbox.control.mapping.Mapping.Mode;
import org.junit.jupiter.api.Test;

class TransferTest {
    private static Mapping mapping(double min, double max, Curve curve) {
        return new Mapping("", new MidiSource("", 0, MidiSource.MessageType.CC, 1), "x", min, max, curve, Mode.ABSOLUTE,
                Mapping.Takeover.JUMP, false);
    }

    @Test
    void curvesFollowTheDocumentedFormulas() {
        for (double t : new double[] {0, 0.1, 0.25, 0.5, 0.9, 1}) {
            assertEquals(t, Transfer.curve(Curve.LINEAR, t), 1e-12);
            assertEquals((Math.pow(2, 6 * t) - 1) / 63, Transfer.curve(Curve.EXPONENTIAL, t), 1e-12);
            assertEquals(Math.log(1 + 63 * t) / Math.log(2) / 6, Transfer.curve(Curve.LOGARITHMIC, t), 1e-12);
        }
        assertEquals(7.0 / 63, Transfer.curve(Curve.EXPONENTIAL, 0.5), 1e-12); // (2^3 - 1) / 63: fine at the bottom
    }

    @Test
    void inverseCurvesRoundTrip() {
        for (Curve c : Curve.values()) {
            for (double t = 0; t <= 1; t += 0.05) assertEquals(t, Transfer.uncurve(c, Transfer.curve(c, t)), 1e-9, c + " at " + t);
        }
    }

    @Test
    void rangeScalesAndInverts() {
        Mapping normal = mapping(-60, 6, Curve.LINEAR);
        assertEquals(-60, Transfer.value(normal, 0), 1e-12);
        assertEquals(6, Transfer.value(normal, 1), 1e-12);
        assertEquals(-27, Transfer.value(normal, 0.5), 1e-12);
        Mapping inverted = mapping(1, 0, Curve.LINEAR);
        assertEquals(1, Transfer.value(inverted, 0), 1e-12);
        assertEquals(0.25, Transfer.value(inverted, 0.75), 1e-12);
        assertEquals(0.75, Transfer.travel(inverted, 0.25), 1e-12);
        assertEquals(0.5, Transfer.travel(mapping(0, 1, Curve.EXPONENTIAL), 7.0 / 63), 1e-12);
        assertEquals(1, Transfer.travel(normal, 100), 0, "values beyond the range sit at the end of the travel");
    }

    @Test
    void relativeEncodings() {
        assertEquals(1, Transfer.relativeDelta(Mode.RELATIVE_TWOS_COMPLEMENT, 1, 7));
        assertEquals(5, Transfer.relativeDelta(Mode.RELATIVE_TWOS_COMPLEMENT, 5, 7));
        assertEquals(-1, Transfer.relativeDelta(Mode.RELATIVE_TWOS_COMPLEMENT, 127, 7));
        assertEquals(-3, Transfer.relativeDelta(Mode.RELATIVE_TWOS_COMPLEMENT, 125, 7));
        assertEquals(0, Transfer.relativeDelta(Mode.RELATIVE_BINARY_OFFSET, 64, 7));
        assertEquals(1, Transfer.relativeDelta(Mode.RELATIVE_BINARY_OFFSET, 65, 7));
        assertEquals(-2, Transfer.relativeDelta(Mode.RELATIVE_BINARY_OFFSET, 62, 7));
        assertEquals(1, Transfer.relativeDelta(Mode.RELATIVE_SIGN_MAGNITUDE, 1, 7));
        assertEquals(-1, Transfer.relativeDelta(Mode.RELATIVE_SIGN_MAGNITUDE, 65, 7));
        assertEquals(-4, Transfer.relativeDelta(Mode.RELATIVE_SIGN_MAGNITUDE, 68, 7));
        assertEquals(-1, Transfer.relativeDelta(Mode.RELATIVE_TWOS_COMPLEMENT, 16383, 14));
        assertEquals(0, Transfer.relativeDelta(Mode.ABSOLUTE, 100, 7));
    }
}
