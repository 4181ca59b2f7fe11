package mrtbox.control.osc;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes outgoing OSC messages with JavaOSC's serializer (Integer -> i, Float -> f, String -> s,
 * Boolean -> T/F, no arguments for an event). Thread-safe; one reusable buffer behind a lock.
 */
public final class OscWriter {
    /** Largest packet we send: fits a UDP datagram. */
    public static final int MAX_PACKET = 65_000;

    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_PACKET);
    private final OSCSerializer serializer =
            new OSCSerializerAndParserBuilder().buildSerializer(new BufferBytesReceiver(buffer));

    /** The bytes of one message; fails with IllegalArgumentException for unencodable arguments or oversize. */
    public synchronized byte[] encode(String address, List<?> args) {
        buffer.clear();
        try {
            serializer.write(new OSCMessage(address, args));
        } catch (OSCSerializeException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + address + " " + args + ": " + e.getMessage(), e);
        }
        buffer.flip();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    public byte[] encode(String address, Object... args) {
        return encode(address, List.of(args));
    }
}
