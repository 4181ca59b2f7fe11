package mrtbox.web.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * With HTTPS on, the port also answers plain HTTP (people type {@code http://box:8080}) with a permanent redirect to
 * the same address over HTTPS, so no page or cookie ever travels in clear text.
 */
public final class HttpsRedirect extends Handler.Wrapper {
    public HttpsRedirect(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.isSecure()) return super.handle(request, response, callback);
        HttpURI uri = request.getHttpURI();
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        String target = "https://" + host + ":" + Request.getLocalPort(request) + uri.getPathQuery();
        response.setStatus(308);
        response.getHeaders().put(HttpHeader.LOCATION, target);
        response.write(true, null, callback);
        return true;
    }
}
