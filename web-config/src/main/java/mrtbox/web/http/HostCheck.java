package mrtbox.web.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import mrtbox.control.net.BoxNames;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses requests whose Host header is not an address or name of this box, against DNS rebinding: a page on
 * {@code evil.example} whose name is made to resolve to the box would otherwise be same-origin with it. Names other
 * than IP addresses, localhost and the host name ({@code .local} too) are listed in the config's {@code web.hostNames}.
 */
public final class HostCheck extends Handler.Wrapper {
    private final BoxNames names;

    public HostCheck(BoxNames names, Handler next) {
        super(next);
        this.names = names;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (names.trustsHostHeader(host)) return super.handle(request, response, callback);
        String reason = "'" + BoxNames.hostOf(host) + "' is not a name of this box: open it by its address, or list the"
                + " name in web.hostNames";
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String body = Json.mapper().createObjectNode().put("error", reason).toString();
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
