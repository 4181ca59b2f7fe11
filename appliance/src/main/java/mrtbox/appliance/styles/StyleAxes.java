package mrtbox.appliance.styles;

import java.util.ArrayList;
import java.util.List;
import mrtbox.appliance.instrument.StyleOffset;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParameterRegistry;

/**
 * The style-axis parameters as a {@link StyleOffset}: {@code sum_c style.axis.c * axis_c}, the axes being the
 * {@link PrincipalAxes principal axes} of the stored style vectors (means and centroids) of the playing model's style
 * embedder, or the axes imported from an axis file for that embedder ({@code mrtbox styles axes FILE}), which win.
 * {@link #refresh} recomputes them when the library changed (off the generation thread).
 */
public final class StyleAxes implements StyleOffset {
    private final StyleLibrary library;
    private final String styleModelId;
    private final ParamHandle[] coefficients = new ParamHandle[StyleSpaceParams.AXES];
    private volatile List<float[]> axes = List.of();
    private volatile long version;
    private long libraryVersion = -1; // guarded by this

    /** @param registry with {@link StyleSpaceParams} registered */
    public StyleAxes(ParameterRegistry registry, StyleLibrary library, String styleModelId) {
        this.library = library;
        this.styleModelId = styleModelId;
        for (int n = 1; n <= StyleSpaceParams.AXES; n++) coefficients[n - 1] = registry.require(StyleSpaceParams.axis(n));
        refresh();
    }

    /** Recomputes the axes when the library changed since the last call. */
    public synchronized void refresh() {
        long v = library.version();
        if (v == libraryVersion) return;
        libraryVersion = v;
        var imported = styleModelId == null ? java.util.Optional.<StylesFile.AxisSet>empty() : library.axisSet(styleModelId);
        if (imported.isPresent()) {
            List<float[]> a = imported.get().axes();
            axes = List.copyOf(a.subList(0, Math.min(a.size(), StyleSpaceParams.AXES)));
            version++;
            return;
        }
        List<float[]> vectors = new ArrayList<>();
        if (styleModelId != null) {
            for (StylesFile.PersonalStyle s : library.stylesFor(styleModelId)) {
                vectors.add(s.vector(0));
                for (int i = 1; i <= s.centroids().size(); i++) vectors.add(s.vector(i));
            }
        }
        axes = List.copyOf(PrincipalAxes.of(vectors, StyleSpaceParams.AXES));
        version++;
    }

    /** The current axes (a copy of the list; the vectors are not to be changed). */
    public List<float[]> axes() {
        return axes;
    }

    @Override
    public float[] offset(ParamSnapshot snapshot) {
        List<float[]> a = axes;
        float[] out = null;
        for (int c = 0; c < a.size(); c++) {
            float k = (float) snapshot.number(coefficients[c]);
            if (k == 0f) continue;
            float[] axis = a.get(c);
            if (out == null) out = new float[axis.length];
            for (int d = 0; d < axis.length; d++) out[d] += k * axis[d];
        }
        return out;
    }

    @Override
    public long version() {
        return version;
    }
}
