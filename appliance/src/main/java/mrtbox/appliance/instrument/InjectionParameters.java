package mrtbox.appliance.instrument;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.inference.inject.InjectionControls;

/**
 * The audio-injection controls as registry parameters (so OSC, OSCQuery, MIDI learn and the page show them): on/off
 * and the model's feedback. They reach the model as step extras by id ({@link InjectionControls#of}); so does the
 * input component's latency compensation {@code input.delay_ms} when it is registered (without it the delay is 0).
 * The input's level is the input component's {@code input.gain}, applied before the tap.
 */
public final class InjectionParameters {
    /** The page's group for these, the live input's ("Input"; input/ imports instrument/, not the other way). */
    private static final String INPUT_GROUP = "Input";

    private InjectionParameters() {}

    public static List<ParamSpec> all() {
        return List.of(
                ParamSpec.builder(InjectionControls.INJECT, ParamType.BOOL).defaultValue(false)
                        .description("Feed the live input into the model's context, so it continues what you play")
                        .label("Inject input").group(INPUT_GROUP).build(),
                ParamSpec.builder(InjectionControls.FEEDBACK, ParamType.FLOAT).range(0, 1).defaultValue(InjectionControls.DEFAULT_FEEDBACK)
                        .clampOutOfRange()
                        .description("How much of the model's own output is mixed with the input it hears (0: only you, 1: all of it)")
                        .label("Injection feedback").group(INPUT_GROUP).build());
    }

    /**
     * Registers the injection parameters that are not registered yet and returns the ids the model reads per step:
     * these, plus {@code input.delay_ms} when the input component registered it.
     */
    public static List<String> register(ParameterRegistry registry) {
        List<String> ids = new ArrayList<>();
        for (ParamSpec spec : all()) {
            if (registry.handle(spec.id()) == null) registry.register(spec);
            ids.add(spec.id());
        }
        if (registry.handle(InjectionControls.DELAY_MS) != null) ids.add(InjectionControls.DELAY_MS);
        return ids;
    }
}
