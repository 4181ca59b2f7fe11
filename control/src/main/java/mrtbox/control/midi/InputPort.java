package mrtbox.control.midi;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.SysexMessage;

/**
 * One connected input: the {@link Receiver} its device (or the sequencer, or a test) sends to, and the
 * {@link PortPipeline} that turns its bytes into events on the MIDI thread. {@link #send} copies the bytes into the
 * inbound queue and returns: it never blocks and never throws, whatever it is given, so a misbehaving device cannot
 * hurt its delivery thread. A replugged device gets a fresh port.
 */
final class InputPort implements Receiver {
    final String name;
    final PortPipeline pipeline;
    private final InboundQueue queue;
    private volatile boolean closed;

    InputPort(String name, InboundQueue queue, PortPipeline pipeline) {
        this.name = name;
        this.queue = queue;
        this.pipeline = pipeline;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        if (closed || message == null) return;
        try {
            byte[] bytes = message.getMessage();
            int length = Math.min(message.getLength(), bytes.length);
            queue.offer(new InboundQueue.Item(this, bytes, length, message instanceof SysexMessage, System.nanoTime(), null));
        } catch (RuntimeException e) {
            // a broken MidiMessage implementation: nothing to deliver
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
