package mrtbox.control.surface;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.StandardParams;

/**
 * The prompt surface's parameters: on/off, the listener's position and each prompt's place. Registered like every
 * other parameter, so OSC, OSCQuery, MIDI learn, scenes and the page's XY pad know them without further wiring.
 */
public final class SurfaceParams {
    public static final String ENABLED = "surface.enabled";
    public static final String X = "surface.x";
    public static final String Y = "surface.y";
    private static final String GROUP = "Surface";

    private SurfaceParams() {}

    public static String promptX(int slot) {
        StandardParams.promptText(slot); // checks the slot
        return "surface.prompt." + slot + ".x";
    }

    public static String promptY(int slot) {
        StandardParams.promptText(slot);
        return "surface.prompt." + slot + ".y";
    }

    /** Where prompt {@code slot} sits by default: evenly round a circle of radius 0.8, prompt 1 at the top. */
    static double defaultX(int slot) {
        return round(0.8 * Math.cos(Math.PI / 2 - (slot - 1) * Math.PI / 3));
    }

    static double defaultY(int slot) {
        return round(0.8 * Math.sin(Math.PI / 2 - (slot - 1) * Math.PI / 3));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public static List<ParamSpec> all() {
        List<ParamSpec> out = new ArrayList<>();
        out.add(ParamSpec.builder(ENABLED, ParamType.BOOL).defaultValue(false)
                .description("Prompt surface on: the X/Y position sets the prompt weights by inverse squared distance to each prompt")
                .label("Surface on").group(GROUP).build());
        out.add(ParamSpec.builder(X, ParamType.FLOAT).range(-1, 1).defaultValue(0).clampOutOfRange()
                .description("Prompt surface position, left to right (an XY pad or joystick)").label("Surface X").group(GROUP).build());
        out.add(ParamSpec.builder(Y, ParamType.FLOAT).range(-1, 1).defaultValue(0).clampOutOfRange()
                .description("Prompt surface position, bottom to top").label("Surface Y").group(GROUP).build());
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
            out.add(ParamSpec.builder(promptX(slot), ParamType.FLOAT).range(-1, 1).defaultValue(defaultX(slot)).clampOutOfRange()
                    .description("Where prompt " + slot + " sits on the prompt surface, left to right")
                    .label("Prompt " + slot + " X").group(GROUP).build());
            out.add(ParamSpec.builder(promptY(slot), ParamType.FLOAT).range(-1, 1).defaultValue(defaultY(slot)).clampOutOfRange()
                    .description("Where prompt " + slot + " sits on the prompt surface, bottom to top")
                    .label("Prompt " + slot + " Y").group(GROUP).build());
        }
        return out;
    }
}
