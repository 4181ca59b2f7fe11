package mrtbox.appliance.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs the heartbeat as JSON; any 2xx answer counts as delivered. Bounded by a connect and a request timeout. */
public final class HttpHeartbeat implements HeartbeatTarget {
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpHeartbeat(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public void send(HeartbeatMessage message) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.json()))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) throw new IOException("answered HTTP " + response.statusCode());
    }
}
