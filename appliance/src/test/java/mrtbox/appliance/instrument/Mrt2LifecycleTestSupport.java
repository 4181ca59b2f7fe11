package mrtbox.appliance.instrument;

import java.nio.file.Path;

/** Test audio for MRT2 prefill tests in other packages. */
public final class Mrt2LifecycleTestSupport {
    private Mrt2LifecycleTestSupport() {}

    /** 220 Hz left, 330 Hz right, 16-bit 48 kHz stereo WAV. */
    public static Path toneWav(Path file, double seconds) throws Exception {
        return Mrt2LifecycleTest.toneWav(file, seconds);
    }
}
