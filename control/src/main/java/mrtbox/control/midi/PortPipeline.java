package mrtbox.control.midi;

/**
 * One input port's way from bytes to events on the MIDI thread, in a straight line: {@link MidiStreamParser}
 * (complete messages; each recorded in the monitor) -> {@link ControlDecoder} (14-bit pairs, NRPN, notes) ->
 * {@link EventRouter} (learn, scenes, mappings into the pending writes, notes). A replugged device gets a fresh
 * pipeline, so half a message from before the pull cannot leak into new ones. Dispatcher thread only.
 */
final class PortPipeline implements MidiStreamParser.Sink {
    private final String port;
    private final MidiMonitor monitor;
    private final MidiCounters counters;
    private final MidiStreamParser parser = new MidiStreamParser(this);
    private final ControlDecoder decoder;
    private long nanos; // receive time of the message being parsed

    PortPipeline(String port, long pairTimeoutNanos, MidiMonitor monitor, MidiCounters counters, EventRouter router) {
        this.port = port;
        this.monitor = monitor;
        this.counters = counters;
        this.decoder = new ControlDecoder(pairTimeoutNanos, e -> router.route(port, e, nanos));
    }

    /** The bytes of one message as the port received them at {@code receivedNanos}. */
    void feed(byte[] bytes, int length, boolean sysexContinuation, long receivedNanos) {
        nanos = receivedNanos;
        parser.feed(bytes, length, sysexContinuation);
    }

    /** Delivers half pairs and lone NRPN data bytes older than the pair timeout. */
    void expire(long now) {
        decoder.expire(now);
    }

    boolean hasPendingPair() {
        return decoder.hasPending();
    }

    @Override
    public void channelMessage(int status, int data1, int data2) {
        int kind = status & 0xF0;
        int[] bytes = kind == 0xC0 || kind == 0xD0 ? new int[] {status, data1} : new int[] {status, data1, data2};
        monitor.record(port, MessageText.hex(bytes), MessageText.channelMessage(status, data1, data2));
        decoder.channelMessage(status, data1, data2, nanos);
    }

    @Override
    public void systemMessage(int status, int data1, int data2) {
        if (status == 0xF8 || status == 0xFE) {
            counters.realtime++;
            return;
        }
        monitor.record(port, MessageText.hex(status), MessageText.systemMessage(status, data1, data2));
    }

    @Override
    public void sysex(int length, byte[] head, int headLength, boolean terminated) {
        counters.sysexMessages++;
        monitor.record(port, MessageText.hex(head, headLength, length),
                "SysEx, " + length + " bytes" + (terminated ? "" : ", cut off by another status byte"));
    }

    @Override
    public void unknown(int b) {
        counters.unknownBytes++;
        monitor.record(port, MessageText.hex(b), b >= 0x80 ? "undefined status byte, ignored" : "data byte without a status, ignored");
    }
}
