package mrtbox.appliance.styles;

import java.util.List;
import java.util.StringJoiner;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;

/**
 * Shows the personal styles wherever parameters show (the page, OSC, OSCQuery) through the read-only text parameter
 * {@link StyleSpaceParams#STYLES_AVAILABLE}: one line such as {@code :mine :mine/1..5 · :drums :drums/1..3}. The
 * parameter is read-only, so the registry refuses writes from outside (OSCQuery shows it with ACCESS 1).
 */
public final class StyleListing {
    private final ParameterRegistry registry;
    private final StyleLibrary library;
    private final String styleModelId;

    public StyleListing(ParameterRegistry registry, StyleLibrary library, String styleModelId) {
        this.registry = registry;
        this.library = library;
        this.styleModelId = styleModelId;
    }

    /** The listing of these styles for this style model. */
    static String describe(List<StylesFile.PersonalStyle> all, String styleModelId) {
        StringJoiner j = new StringJoiner(" · ");
        int other = 0;
        for (StylesFile.PersonalStyle s : all) {
            if (styleModelId != null && !styleModelId.equals(s.styleModelId())) {
                other++;
                continue;
            }
            int k = s.centroids().size();
            j.add(":" + s.name() + (k == 0 ? "" : k == 1 ? " :" + s.name() + "/1" : " :" + s.name() + "/1.." + k));
        }
        String line = j.length() == 0 ? "none yet (mrtbox styles build FOLDER --name NAME)" : j.toString();
        return other == 0 ? line : line + " (" + other + " more made by another style model)";
    }

    /** Writes the current listing (call when the library changed). */
    public void publish() {
        registry.set(StyleSpaceParams.STYLES_AVAILABLE, describe(library.styles(), styleModelId), ChangeSource.INTERNAL);
    }
}
