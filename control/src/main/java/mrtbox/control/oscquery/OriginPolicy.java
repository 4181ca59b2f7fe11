package mrtbox.control.oscquery;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import mrtbox.control.net.BoxNames;

/**
 * Who may open the OSCQuery WebSocket, which takes writes and commands. Native clients (ossia, Chataigne, VDMX)
 * send no {@code Origin} and are let in; a browser always sends one, and only the box's own pages and the origins
 * listed in the config ({@code osc.allowedOrigins}, empty by default) are let in, so a web page opened on a laptop
 * in the allowed subnet cannot drive the box through the socket.
 */
final class OriginPolicy {
    private final BoxNames names;
    private final Set<String> allowed;

    OriginPolicy(BoxNames names, List<String> allowedOrigins) {
        this.names = names;
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** Empty when this Origin (null: none sent) may connect; else why not. */
    Optional<String> refusal(String origin) {
        if (origin == null) return Optional.empty();
        if (allowed.contains(normalise(origin)) || names.isOwnOrigin(origin)) return Optional.empty();
        return Optional.of("a web page from " + origin + " may not use the OSCQuery WebSocket"
                + " (list it in osc.allowedOrigins to allow it)");
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) o = o.substring(0, o.length() - 1);
        return o;
    }
}
