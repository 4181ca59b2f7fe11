package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

/** A controller's MIDI input as the feedback sender sees it: records every message; throws once closed, as the JDK does. */
final class CapturingReceiver implements Receiver {
    private final List<ShortMessage> messages = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean gone;

    @Override
    public synchronized void send(MidiMessage message, long timeStamp) {
        if (closed || gone) throw new IllegalStateException("Receiver is closed");
        messages.add((ShortMessage) message.clone());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The device was pulled: sends fail from now on. */
    void pull() {
        gone = true;
    }

    void reopen() {
        closed = false;
        gone = false;
    }

    synchronized List<ShortMessage> messages() {
        return new ArrayList<>(messages);
    }

    synchronized void clear() {
        messages.clear();
    }

    /** Values sent on CC {@code cc} of channel {@code ch} (1-based), in order. */
    synchronized List<Integer> cc(int ch, int cc) {
        List<Integer> out = new ArrayList<>();
        for (ShortMessage m : messages) {
            if (m.getCommand() == ShortMessage.CONTROL_CHANGE && m.getChannel() == ch - 1 && m.getData1() == cc) out.add(m.getData2());
        }
        return out;
    }

    synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (ShortMessage m : messages) out.add(String.format("%02X %d %d", m.getStatus(), m.getData1(), m.getData2()));
        return out;
    }
}
