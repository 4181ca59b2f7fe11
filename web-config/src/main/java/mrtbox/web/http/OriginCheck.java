package mrtbox.web.http;

import java.net.URI;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Refuses requests a browser sends on behalf of another site: Sec-Fetch-Site other than same-origin/none, or an
 * Origin (else Referer) whose host and port differ from the ones this request was addressed to. Requests with
 * neither header (curl, scripts) pass here; the CSRF token still guards them.
 */
public final class OriginCheck {
    private OriginCheck() {}

    public static void require(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !(site.equals("same-origin") || site.equals("none"))) {
            throw new ApiError(403, "cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String from = origin != null ? origin : request.getHeaders().get(HttpHeader.REFERER);
        if (from == null) return;
        if (!sameAuthority(from, request)) {
            throw new ApiError(403, "cross-origin request refused: " + (origin != null ? "Origin " : "Referer ") + from
                    + " is not this box");
        }
    }

    private static boolean sameAuthority(String url, Request request) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getHost() == null || u.getScheme() == null) return false;
        HttpURI target = request.getHttpURI();
        String host = target.getHost();
        if (host == null) return false;
        int port = target.getPort() > 0 ? target.getPort() : defaultPort(request.isSecure() ? "https" : "http");
        int originPort = u.getPort() > 0 ? u.getPort() : defaultPort(u.getScheme().toLowerCase(Locale.ROOT));
        return strip(u.getHost()).equalsIgnoreCase(strip(host)) && originPort == port;
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
