package mrtbox.web.live;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One page's WebSocket: attached to the hub while open; what the page sends is ignored (the REST API takes commands). */
public final class LiveSocket implements Session.Listener.AutoDemanding {
    private final LiveHub hub;
    private volatile Outbox outbox;

    public LiveSocket(LiveHub hub) {
        this.hub = hub;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        outbox = new Outbox((text, done) -> {
            if (!session.isOpen()) return; // closing: the close event detaches this outbox
            session.sendText(text, Callback.from(done, failure -> session.close()));
        }, 256);
        hub.attach(outbox);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        Outbox o = outbox;
        if (o != null) hub.detach(o);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        Outbox o = outbox;
        if (o != null) hub.detach(o);
    }
}
