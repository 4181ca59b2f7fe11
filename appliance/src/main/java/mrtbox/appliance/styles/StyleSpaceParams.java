package mrtbox.appliance.styles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.surface.SurfaceParams;

/**
 * The style-space parameters: signed offsets along the style axes, the list of personal styles, and the prompt
 * surface's ({@link SurfaceParams}). Registered like every other parameter, so OSC, OSCQuery, MIDI learn, scenes and the page know
 * them without further wiring.
 */
public final class StyleSpaceParams {
    /** MRT2's PCA files hold six components. */
    public static final int AXES = 6;
    /** The personal styles a prompt slot can name, as text: written by the box only (other writes are undone). */
    public static final String STYLES_AVAILABLE = "styles.available";

    private StyleSpaceParams() {}

    public static String axis(int n) {
        if (n < 1 || n > AXES) throw new IllegalArgumentException("style axis " + n + " is not 1.." + AXES);
        return "style.axis." + n;
    }

    public static List<ParamSpec> all() {
        List<ParamSpec> out = new ArrayList<>();
        for (int n = 1; n <= AXES; n++) {
            out.add(ParamSpec.builder(axis(n), ParamType.FLOAT)
                    .range(-1, 1).defaultValue(0).clampOutOfRange()
                    .description(String.format(Locale.ROOT, "Move the style along axis %d of your personal styles (principal"
                            + " component %d; +-1 = +-%.0f standard deviations of the stored styles); no effect until the"
                            + " styles span %d directions", n, n, PrincipalAxes.REACH, n))
                    .label("Axis " + n).group("Style axes")
                    .build());
        }
        out.add(ParamSpec.builder(STYLES_AVAILABLE, ParamType.TEXT).defaultText("").maxLength(4000).readOnly()
                .description("Read-only: the personal styles to type into a prompt slot (:NAME, :NAME/1..K); made with mrtbox styles build")
                .label("Personal styles").group("Style axes")
                .build());
        out.addAll(SurfaceParams.all());
        return out;
    }
}
