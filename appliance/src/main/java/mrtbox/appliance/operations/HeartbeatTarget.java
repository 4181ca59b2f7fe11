package mrtbox.appliance.operations;

/** Where heartbeats go. {@link #send} runs on the heartbeat thread only and throws when the beat did not arrive. */
public interface HeartbeatTarget extends AutoCloseable {
    /** "http://ops.example/beat", "osc 10.0.0.5:9100": for the log and the status. */
    String describe();

    void send(HeartbeatMessage message) throws Exception;

    @Override
    default void close() {}
}
