package mrtbox.web.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One REST endpoint: method, path template with {@code {name}} segments, who may call it, and the code that answers.
 * The handler returns a value serialised as JSON, a {@link Reply}, or null for 204 No Content.
 */
public record Route(String method, String template, Access access, Handler handler, Pattern pattern, List<String> names) {

    @FunctionalInterface
    public interface Handler {
        Object handle(ApiCall call) throws Exception;
    }

    public static Route of(String method, String template, Access access, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder re = new StringBuilder();
        for (String seg : template.substring(1).split("/")) {
            re.append('/');
            if (seg.startsWith("{") && seg.endsWith("}")) {
                names.add(seg.substring(1, seg.length() - 1));
                re.append("([^/]+)");
            } else {
                re.append(Pattern.quote(seg));
            }
        }
        return new Route(method, template, access, handler, Pattern.compile(re.toString()), List.copyOf(names));
    }

    /** The path parameters when {@code path} matches, else null. */
    Map<String, String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) return null;
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), m.group(i + 1));
        return out;
    }
}
