package mrtbox.appliance.systemd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to systemd through libsystemd's sd_notify (Java cannot open the AF_UNIX datagram socket itself):
 * READY=1 once the model is loaded and audio runs, STATUS= lines for `systemctl status`, WATCHDOG=1 while the
 * engine is healthy. Outside systemd (no NOTIFY_SOCKET) every call is a no-op.
 */
public final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    /** The two libsystemd calls we need. */
    interface LibSystemd extends Library {
        int sd_notify(int unsetEnvironment, String state);

        int sd_watchdog_enabled(int unsetEnvironment, LongByReference usec);
    }

    private final LibSystemd lib;

    private SystemdNotifier(LibSystemd lib) {
        this.lib = lib;
    }

    /** Connects when started by systemd with a notify socket; otherwise returns a notifier that does nothing. */
    public static SystemdNotifier fromEnvironment() {
        return forEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()} for the given environment (tests pass their own, whatever runs them). */
    public static SystemdNotifier forEnvironment(java.util.Map<String, String> env) {
        if (env.get("NOTIFY_SOCKET") == null) return new SystemdNotifier(null);
        try {
            return new SystemdNotifier(Native.load("libsystemd.so.0", LibSystemd.class));
        } catch (UnsatisfiedLinkError e) {
            log.warn("NOTIFY_SOCKET is set but libsystemd.so.0 cannot be loaded ({}): systemd will not hear from us", e.getMessage());
            return new SystemdNotifier(null);
        }
    }

    public boolean active() {
        return lib != null;
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    public void stopping() {
        send("STOPPING=1");
    }

    public void watchdogPing() {
        send("WATCHDOG=1");
    }

    /** The watchdog interval systemd asked for (WatchdogSec=), if any: ping at half of it. */
    public Optional<Duration> watchdogInterval() {
        if (lib == null) return Optional.empty();
        LongByReference usec = new LongByReference();
        int r = lib.sd_watchdog_enabled(0, usec);
        return r > 0 ? Optional.of(Duration.ofNanos(usec.getValue() * 1000)) : Optional.empty();
    }

    private void send(String state) {
        if (lib == null) return;
        int r = lib.sd_notify(0, state);
        if (r < 0) log.warn("sd_notify failed with {} for '{}'", r, state.replace('\n', ' '));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
