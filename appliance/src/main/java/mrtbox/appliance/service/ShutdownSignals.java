package mrtbox.appliance.service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM (systemd stop, {@code Process.destroy()}) and SIGINT (Ctrl-C) into a clean stop with exit code 0.
 * The JVM's default would run shutdown hooks and exit 143/130, which systemd counts as a failure. A second signal
 * while stopping exits at once (a hung stop should not need SIGKILL from the keyboard).
 *
 * <p>{@code sun.misc.Signal} is in the {@code jdk.unsupported} module: supported on every JDK mrtbox targets, and
 * the only way to handle a signal in Java without native code.
 */
public final class ShutdownSignals {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<String> which = new AtomicReference<>();

    private ShutdownSignals() {}

    public static ShutdownSignals install() {
        ShutdownSignals s = new ShutdownSignals();
        for (String name : new String[] {"TERM", "INT"}) Signal.handle(new Signal(name), s::onSignal);
        return s;
    }

    private void onSignal(Signal signal) {
        if (which.compareAndSet(null, "SIG" + signal.getName())) {
            received.countDown();
        } else {
            log.warn("second SIG{} while stopping: exiting now", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }

    /** A stop asked for from inside (the schedule's nightly restart): handled like the first signal. */
    public void request(String why) {
        if (which.compareAndSet(null, why)) received.countDown();
    }

    /** Blocks until SIGTERM or SIGINT arrives, or a {@link #request}; returns its name ("SIGTERM") or the reason. */
    public String await() throws InterruptedException {
        received.await();
        return which.get();
    }
}
