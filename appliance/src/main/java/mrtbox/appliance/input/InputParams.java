package mrtbox.appliance.input;

import java.util.List;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;

/** The live input's parameters (OSC {@code /mrtbox/input/...}, MIDI learn and the page see them like any other). */
public final class InputParams {
    public static final String GAIN_DB = "input.gain";
    public static final String MONITOR = "input.monitor";
    public static final String LIVE_INTERVAL = "input.live_interval";
    /** The measured round trip output -> input; audio injection subtracts it to line the input up with the output. */
    public static final String DELAY_MS = "input.delay_ms";
    public static final String CALIBRATE = "input.calibrate";
    /** The heading the page shows these under (audio injection's parameters share it). */
    public static final String GROUP = "Input";

    private InputParams() {}

    public static List<ParamSpec> all() {
        return List.of(
                ParamSpec.builder(GAIN_DB, ParamType.FLOAT).range(-24, 24).defaultValue(0).unit("dB").clampOutOfRange()
                        .description("Input gain, applied after the level meter (set the interface's own gain so it never clips)")
                        .label("Input gain").group(GROUP).build(),
                ParamSpec.builder(MONITOR, ParamType.BOOL).defaultValue(false)
                        .description("Mix the input into the output (off: most players hear their instrument directly)")
                        .label("Monitor input").group(GROUP).build(),
                ParamSpec.builder(LIVE_INTERVAL, ParamType.FLOAT).range(0.5, 60).defaultValue(2).unit("s").clampOutOfRange()
                        .description("How often a :live prompt slot re-embeds the last 10 s of input")
                        .label("Live interval").group(GROUP).build(),
                ParamSpec.builder(DELAY_MS, ParamType.FLOAT).range(0, 1000).defaultValue(0).unit("ms").clampOutOfRange()
                        .description("Round trip from the output back to the input (measured by input.calibrate)")
                        .label("Input delay").group(GROUP).build(),
                ParamSpec.builder(CALIBRATE, ParamType.TRIGGER)
                        .description("Measure input.delay_ms: plays clicks, connect the output to the input first")
                        .label("Calibrate delay").group(GROUP).build());
    }

    static float dbToLinear(double db) {
        return (float) Math.pow(10, db / 20);
    }
}
