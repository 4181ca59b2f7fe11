package mrtbox.control.osc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.ParamChange;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSC server on UDP: one receive thread (allowlist check, decode, dispatch of immediate messages) and one
 * scheduler thread (bundles whose time tag lies ahead, and the state-echo tick). Replies and echoes leave from
 * the listening socket, so clients see them come from the port they send to.
 */
public final class OscServer implements OscTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OscServer.class);
    private static final int RECEIVE_BUFFER = 65_536;

    private final OscSettings settings;
    private final ParameterRegistry registry;
    private final StatusBoard statusBoard;
    private final Clock clock;
    private final SenderAllowlist allowlist;
    private final OscStats stats = new OscStats();
    private final OscWriter writer = new OscWriter();
    private final OscReader reader;
    private final Subscriptions subscriptions;
    private final ErrorReporter errors;
    private final OscDispatcher dispatcher;
    private final ChangeFeed feed = new ChangeFeed();
    private final AtomicInteger scheduled = new AtomicInteger();
    private final RegistryListener addressRefresher = new RegistryListener() {
        @Override
        public void onChange(ParamChange change) {}

        @Override
        public void onParamAdded(ParamHandle handle) {
            dispatcher.refresh();
        }
    };
    private DatagramChannel channel;
    private Thread receiver;
    private ScheduledExecutorService scheduler;

    /**
     * @param scenes may be null (no scene commands); notes may be null (no note commands); learn may be null
     *               (no MIDI: {@code /mrtbox/learn} answers with an error)
     */
    public OscServer(OscSettings settings, ParameterRegistry registry, SceneBook scenes, NoteInput notes,
                     LearnControl learn, StatusBoard statusBoard, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.statusBoard = statusBoard;
        this.clock = clock;
        this.allowlist = settings.allowlist();
        this.reader = new OscReader(settings.maxBundleDepth(), settings.maxStringBytes(), settings.maxElements());
        this.subscriptions = new Subscriptions(settings.subscriptionTtl().toNanos(), settings.maxSubscribers());
        this.errors = new ErrorReporter(stats, writer, settings.errorRepliesPerSecond());
        this.dispatcher = new OscDispatcher(registry, scenes, notes, learn, statusBoard, subscriptions, this, writer, errors, stats);
        feed.addSink(new UdpEcho());
    }

    public synchronized void start() throws IOException {
        if (channel != null) throw new IllegalStateException("already started");
        InetAddress bind = InetAddress.getByName(settings.bindAddress());
        DatagramChannel opened = DatagramChannel.open();
        try {
            opened.bind(new InetSocketAddress(bind, settings.port()));
        } catch (IOException e) {
            opened.close();
            throw new IOException("cannot listen for OSC on UDP " + settings.bindAddress() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        channel = opened;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osc-scheduler");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = (long) (1e9 / settings.echoRate());
        scheduler.scheduleAtFixedRate(this::tickSafely, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        registry.addListener(addressRefresher);
        registry.addListener(feed);
        statusBoard.addListener(feed);
        receiver = new Thread(this::receiveLoop, "osc-receive");
        receiver.setDaemon(true);
        receiver.start();
        log.info("OSC listening on UDP {} ({} addresses; senders allowed from {})",
                channel.getLocalAddress(), dispatcher.space().params().size() + OscCommand.values().length, allowlist);
    }

    /** The bound address (the real port when the settings asked for 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("OSC server is not running", e);
        }
    }

    /** Where state echoes go now: the live subscribers' reply addresses. */
    public java.util.List<InetSocketAddress> subscribers() {
        return subscriptions.active(System.nanoTime()).stream().map(Subscriptions.Subscriber::target).toList();
    }

    public OscStats stats() {
        return stats;
    }

    /** Coalesced changes at the echo rate: OSCQuery attaches its sockets here. */
    public ChangeFeed feed() {
        return feed;
    }

    public AddressSpace addressSpace() {
        return dispatcher.space();
    }

    public OscSettings settings() {
        return settings;
    }

    /** The allowlist in force (OSCQuery applies the same one to HTTP clients). */
    public SenderAllowlist allowlist() {
        return allowlist;
    }

    @Override
    public void send(InetSocketAddress to, byte[] packet) {
        try {
            channel.send(ByteBuffer.wrap(packet), to);
        } catch (IOException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /** Handles one datagram from a UDP sender, as the receive thread does (tests feed packets here too). */
    public void handlePacket(byte[] data, int length, InetSocketAddress sender) {
        handlePacket(data, length, new OscPeer(sender, packet -> send(sender, packet), true));
    }

    /**
     * Handles one packet from any transport (the OSCQuery WebSocket feeds binary frames here). Never throws:
     * every problem is counted and answered through the peer.
     */
    public void handlePacket(byte[] data, int length, OscPeer sender) {
        stats.packets.increment();
        if (!allowlist.allows(sender.address().getAddress())) {
            errors.report(OscErrorKind.NOT_ALLOWED, sender, "", false, "sender not in the allowlist " + allowlist);
            return;
        }
        OscPacket packet;
        try {
            packet = reader.read(data, length);
        } catch (OscFormatException e) {
            errors.report(OscErrorKind.MALFORMED, sender, "", false, e.getMessage());
            return;
        }
        deliver(packet, sender, NtpTime.IMMEDIATE);
    }

    private void deliver(OscPacket packet, OscPeer sender, long outerTag) {
        if (packet instanceof OscMessage m) {
            dispatchSafely(m, sender);
            return;
        }
        OscBundle b = (OscBundle) packet;
        long tag = later(outerTag, b.timeTag());
        if (tag == NtpTime.IMMEDIATE) {
            for (OscPacket p : b.elements()) deliver(p, sender, tag);
            return;
        }
        long delayNanos = NtpTime.toUnixNanos(tag) - nowUnixNanos();
        if (delayNanos <= 0) {
            stats.lateBundles.increment();
            for (OscPacket p : b.elements()) deliver(p, sender, NtpTime.IMMEDIATE);
            return;
        }
        if (delayNanos > settings.maxScheduleAhead().toNanos()) {
            errors.report(OscErrorKind.SCHEDULE_REFUSED, sender, "", false, String.format(
                    "bundle time tag %s is %.1f s ahead, more than the %d s allowed", NtpTime.toInstant(tag),
                    delayNanos / 1e9, settings.maxScheduleAhead().toSeconds()));
            return;
        }
        int messages = countMessages(b);
        if (scheduled.addAndGet(messages) > settings.maxScheduled()) {
            scheduled.addAndGet(-messages);
            errors.report(OscErrorKind.SCHEDULE_REFUSED, sender, "", false,
                    "more than " + settings.maxScheduled() + " messages already wait for their time tags");
            return;
        }
        stats.bundlesScheduled.increment();
        scheduler.schedule(() -> {
            scheduled.addAndGet(-messages);
            for (OscPacket p : b.elements()) deliver(p, sender, NtpTime.IMMEDIATE);
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A nested bundle never runs before its parent: the later of the two tags applies. */
    private static long later(long outer, long inner) {
        if (outer == NtpTime.IMMEDIATE) return inner;
        if (inner == NtpTime.IMMEDIATE) return outer;
        return NtpTime.toUnixNanos(inner) >= NtpTime.toUnixNanos(outer) ? inner : outer;
    }

    private static int countMessages(OscBundle b) {
        int n = 0;
        for (OscPacket p : b.elements()) n += p instanceof OscBundle inner ? countMessages(inner) : 1;
        return n;
    }

    private long nowUnixNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void dispatchSafely(OscMessage m, OscPeer sender) {
        try {
            dispatcher.handle(m, sender);
        } catch (RuntimeException e) {
            // A listener or note sink failed: the message is lost, the server is not.
            errors.report(OscErrorKind.COMMAND_FAILED, sender, m.address(), false, "internal error: " + e);
            log.debug("OSC dispatch of {} failed", m.address(), e);
        }
    }

    private void receiveLoop() {
        byte[] data = new byte[RECEIVE_BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (true) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("OSC receive failed: {}", e.toString());
                continue;
            }
            if (from instanceof InetSocketAddress sender) handlePacket(data, buffer.position(), sender);
        }
    }

    private void tickSafely() {
        try {
            feed.tick();
        } catch (RuntimeException e) {
            log.warn("OSC echo tick failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (channel == null) return;
        registry.removeListener(feed);
        registry.removeListener(addressRefresher);
        statusBoard.removeListener(feed);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the OSC socket", e);
        }
        scheduler.shutdownNow();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel = null;
        log.info("OSC server stopped");
    }

    /** Echoes coalesced changes and the status stream to UDP subscribers. */
    private final class UdpEcho implements ChangeFeed.Sink {
        @Override
        public void values(List<ChangeFeed.Update> updates) {
            List<Subscriptions.Subscriber> subs = subscriptions.active(System.nanoTime());
            if (subs.isEmpty()) return;
            for (ChangeFeed.Update u : updates) {
                byte[] packet = writer.encode(u.spec().oscAddress(), OscValues.udpArgs(u.spec(), u.value()));
                for (Subscriptions.Subscriber s : subs) {
                    if (cameFrom(u.source(), s)) continue;
                    sendEcho(s, packet);
                }
            }
        }

        @Override
        public void status(StatusReport report) {
            List<Subscriptions.Subscriber> subs = subscriptions.active(System.nanoTime());
            if (subs.isEmpty()) return;
            for (StatusMessages.Entry e : StatusMessages.of(report)) {
                byte[] packet = writer.encode(e.address(), e.args());
                for (Subscriptions.Subscriber s : subs) sendEcho(s, packet);
            }
        }

        private boolean cameFrom(ChangeSource source, Subscriptions.Subscriber s) {
            if (source.kind() != ChangeSource.Kind.OSC) return false;
            return source.detail().equals(OscPeer.name(s.origin())) || source.detail().equals(OscPeer.name(s.target()));
        }

        private void sendEcho(Subscriptions.Subscriber s, byte[] packet) {
            try {
                send(s.target(), packet);
                stats.echoesSent.increment();
            } catch (RuntimeException e) {
                errors.report(OscErrorKind.SEND_FAILED, null, "", false, "echo to " + OscPeer.name(s.target()) + ": " + e.getMessage());
            }
        }
    }
}
