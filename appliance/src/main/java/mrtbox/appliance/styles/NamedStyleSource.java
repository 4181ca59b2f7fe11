package mrtbox.appliance.styles;

import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.inference.style.StylePrompt;

/**
 * The {@code :NAME} prompt syntax: a personal style's mean vector, or with {@code :NAME/2} its second centroid
 * (1-based, largest cluster first), handed to the style mixer as a raw embedding. {@code :live} belongs to the live
 * input and is passed on. A name that does not exist, a centroid out of range, or a style built by another style
 * model is a {@link PromptResolver.PromptException} that says which.
 */
public final class NamedStyleSource implements PromptResolver.Source {
    private static final Pattern SYNTAX = Pattern.compile(":([^/\\s]+)(?:/(\\d+))?");

    private final StyleLibrary library;
    private final String styleModelId;

    /**
     * @param styleModelId the playing model's style embedder, or null when it has none (then vectors are not checked)
     */
    public NamedStyleSource(StyleLibrary library, String styleModelId) {
        this.library = library;
        this.styleModelId = styleModelId;
    }

    @Override
    public Optional<StylePrompt> resolve(String text) throws PromptResolver.PromptException {
        String t = text.trim();
        if (!t.startsWith(":")) return Optional.empty();
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches()) {
            throw new PromptResolver.PromptException("'" + t + "' is not a personal style: write :NAME or :NAME/2 (a centroid)");
        }
        String name = m.group(1);
        if (StyleNames.reserved(name)) return Optional.empty();
        StylesFile.PersonalStyle style = library.find(name).orElseThrow(() -> new PromptResolver.PromptException(
                "no personal style named '" + name + "' (" + known() + "); build one with: mrtbox styles build FOLDER --name " + name));
        if (styleModelId != null && !styleModelId.equals(style.styleModelId())) {
            throw new PromptResolver.PromptException("style '" + style.name() + "' was built with the style model " + style.styleModelId()
                    + " and does not fit this model's (" + styleModelId + "); rebuild it with mrtbox styles build --replace");
        }
        int index = 0;
        if (m.group(2) != null) {
            int n = style.centroids().size();
            try {
                index = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 1 || index > n) {
                throw new PromptResolver.PromptException("style '" + style.name() + "' has " + n + " centroid" + (n == 1 ? "" : "s")
                        + ": use :" + style.name() + " (the mean) or :" + style.name() + "/1 .. :" + style.name() + "/" + n);
            }
        }
        return Optional.of(StylePrompt.embedding(style.vector(index)));
    }

    private String known() {
        StringJoiner j = new StringJoiner(", ");
        for (StylesFile.PersonalStyle s : styleModelId == null ? library.styles() : library.stylesFor(styleModelId)) j.add(":" + s.name());
        return j.length() == 0 ? "there are none for this model yet" : "there are " + j;
    }

    @Override
    public long version() {
        return library.version();
    }
}
