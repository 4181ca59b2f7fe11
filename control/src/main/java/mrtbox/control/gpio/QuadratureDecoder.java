package mrtbox.control.gpio;

/**
 * Decodes a rotary encoder's two contacts (A, B) into detents. Quadrature needs no time-based debounce: a
 * contact bouncing between two neighbouring states adds +1 and -1 steps that cancel out, so fast turns are
 * never lost to a debounce window.
 *
 * <p>States are {@code (A << 1) | B}, 1 = contact open (high, with the pull-ups). Clockwise, A changes first:
 * 11 -> 01 -> 00 -> 10 -> 11. Steps are counted between rest positions and a detent is reported on arriving at
 * one with more than half a detent's steps counted, which resynchronises after a missed edge:
 * <ul>
 *   <li>4 steps per detent (most EC11 types): rest at 11 only;</li>
 *   <li>2 steps per detent: rest at 11 and 00;</li>
 *   <li>1 step per detent: every state is a rest.</li>
 * </ul>
 */
final class QuadratureDecoder {
    // STEP[old * 4 + new]: +1 clockwise, -1 counter-clockwise, 0 no change or an impossible jump (both changed).
    private static final int[] STEP = {
        //        new: 00  01  10  11
        /* 00 */        0, -1, +1,  0,
        /* 01 */       +1,  0,  0, -1,
        /* 10 */       -1,  0,  0, +1,
        /* 11 */        0, +1, -1,  0,
    };

    private final int stepsPerDetent;
    private int state;
    private int count;

    QuadratureDecoder(int stepsPerDetent, int initialState) {
        if (stepsPerDetent != 1 && stepsPerDetent != 2 && stepsPerDetent != 4) {
            throw new IllegalArgumentException("steps per detent must be 1, 2 or 4, got " + stepsPerDetent);
        }
        this.stepsPerDetent = stepsPerDetent;
        this.state = initialState & 3;
    }

    static int state(boolean a, boolean b) {
        return (a ? 2 : 0) | (b ? 1 : 0);
    }

    /** The contacts now read {@code newState}; returns +1 (one detent clockwise), -1, or 0. */
    int onState(int newState) {
        newState &= 3;
        count += STEP[state * 4 + newState];
        state = newState;
        if (!atRest(newState)) return 0;
        int detent = count * 2 > stepsPerDetent ? 1 : count * 2 < -stepsPerDetent ? -1 : 0;
        count = 0;
        return detent;
    }

    private boolean atRest(int s) {
        return switch (stepsPerDetent) {
            case 4 -> s == 3;
            case 2 -> s == 3 || s == 0;
            default -> true;
        };
    }
}
