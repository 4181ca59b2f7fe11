package mrtbox.appliance.service;

/**
 * One part of the running service (engine, audio output, MIDI, OSC, web). Built by an {@link Assembly} with its
 * dependencies in its constructor, which also registers the component's parameters; {@link #start()} begins its
 * work (threads, sockets, devices), {@link #stop()} ends it. The appliance starts components in list order and stops
 * them in reverse, each exactly once.
 */
public interface Component {
    /** Short name for the log: "engine", "osc". */
    String name();

    void start() throws Exception;

    /** Releases everything start() took. Called only after a successful start(); must not throw for a normal stop. */
    void stop() throws Exception;
}
