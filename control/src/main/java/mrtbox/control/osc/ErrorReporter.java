package mrtbox.control.osc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every error, tells the sender ({@code /mrtbox/error <address> <reason>}) and logs each cause once:
 * a client sending a bad value 30 times a second gets 30 replies and fills no log. A cause is the error kind
 * plus the address when it is one of ours; hostile senders inventing addresses share one cause per kind.
 * Replies are rate-limited (all senders together) so a flood of bad packets is not amplified.
 */
final class ErrorReporter {
    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);
    private static final int MAX_CAUSES = 512;

    private final OscStats stats;
    private final OscWriter writer;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final int repliesPerSecond;
    private long windowStart;
    private int windowReplies;

    ErrorReporter(OscStats stats, OscWriter writer, int repliesPerSecond) {
        this.stats = stats;
        this.writer = writer;
        this.repliesPerSecond = repliesPerSecond;
    }

    /**
     * @param address    the address the error is about ("" when the packet had none)
     * @param knownCause true when {@code address} is one of ours (it then names the cause in the log dedup)
     */
    void report(OscErrorKind kind, OscPeer sender, String address, boolean knownCause, String reason) {
        stats.count(kind);
        String cause = kind + (knownCause ? " " + address : "");
        if (logged.size() < MAX_CAUSES && logged.add(cause)) {
            log.warn("OSC {} from {}: {} {} (further errors of this cause are counted, not logged)",
                    kind.name().toLowerCase().replace('_', ' '), sender, address, reason);
        }
        if (kind == OscErrorKind.NOT_ALLOWED || sender == null || !takeReplyToken()) return;
        try {
            sender.reply(writer.encode(AddressSpace.ERROR_ADDRESS, List.of(address, reason)));
        } catch (RuntimeException e) {
            stats.count(OscErrorKind.SEND_FAILED);
        }
    }

    private synchronized boolean takeReplyToken() {
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            windowReplies = 0;
        }
        return windowReplies++ < repliesPerSecond;
    }
}
