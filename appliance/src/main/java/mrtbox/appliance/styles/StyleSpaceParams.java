package mrtbox.appliance.styles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.StandardParams;

/**
 * The style-space parameters: signed offsets along the style axes and the prompt surface. Registered like every
 * other parameter, so OSC, OSCQuery, MIDI learn, scenes and the page know them without further wiring.
 */
public final class StyleSpaceParams {
    /** MRT2's PCA files hold six components. */
    public static final int AXES = 6;
    public static final String SURFACE_ENABLED = "surface.enabled";
    public static final String SURFACE_X = "surface.x";
    public static final String SURFACE_Y = "surface.y";
    /** The personal styles a prompt slot can name, as text: written by the box only (other writes are undone). */
    public static final String STYLES_AVAILABLE = "styles.available";

    private StyleSpaceParams() {}

    public static String axis(int n) {
        if (n < 1 || n > AXES) throw new IllegalArgumentException("style axis " + n + " is not 1.." + AXES);
        return "style.axis." + n;
    }

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
        for (int n = 1; n <= AXES; n++) {
            out.add(ParamSpec.builder(axis(n), ParamType.FLOAT)
                    .range(-1, 1).defaultValue(0).clampOutOfRange()
                    .description(String.format(Locale.ROOT, "Move the style along axis %d of your personal styles (principal"
                            + " component %d; +-1 = +-%.0f standard deviations of the stored styles); no effect until the"
                            + " styles span %d directions", n, n, PrincipalAxes.REACH, n))
                    .build());
        }
        out.add(ParamSpec.builder(STYLES_AVAILABLE, ParamType.TEXT).defaultText("").maxLength(4000).readOnly()
                .description("Read-only: the personal styles to type into a prompt slot (:NAME, :NAME/1..K); made with mrtbox styles build")
                .build());
        out.add(ParamSpec.builder(SURFACE_ENABLED, ParamType.BOOL).defaultValue(false)
                .description("Prompt surface on: the X/Y position sets the prompt weights by inverse squared distance to each prompt")
                .build());
        out.add(ParamSpec.builder(SURFACE_X, ParamType.FLOAT).range(-1, 1).defaultValue(0).clampOutOfRange()
                .description("Prompt surface position, left to right (an XY pad or joystick)").build());
        out.add(ParamSpec.builder(SURFACE_Y, ParamType.FLOAT).range(-1, 1).defaultValue(0).clampOutOfRange()
                .description("Prompt surface position, bottom to top").build());
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
            out.add(ParamSpec.builder(promptX(slot), ParamType.FLOAT).range(-1, 1).defaultValue(defaultX(slot)).clampOutOfRange()
                    .description("Where prompt " + slot + " sits on the prompt surface, left to right").build());
            out.add(ParamSpec.builder(promptY(slot), ParamType.FLOAT).range(-1, 1).defaultValue(defaultY(slot)).clampOutOfRange()
                    .description("Where prompt " + slot + " sits on the prompt surface, bottom to top").build());
        }
        return out;
    }
}
