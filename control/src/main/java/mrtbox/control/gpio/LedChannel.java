package mrtbox.control.gpio;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status LEDs: the state from {@link LedStatePolicy} (or an override during shutdown), rendered as each state's
 * {@link BlinkPattern} on every LED that shows it. Runs on the control thread only.
 */
final class LedChannel {
    private static final Logger log = LoggerFactory.getLogger(LedChannel.class);

    record Lamp(GpioPins.Output output, boolean activeLow, Set<LedState> shows) {
        static Lamp of(GpioPins.Output output, GpioSettings.Led led) {
            Set<LedState> shows = EnumSet.allOf(LedState.class);
            if (!led.show().isEmpty()) {
                shows = EnumSet.noneOf(LedState.class);
                for (String s : led.show()) shows.add(LedState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            }
            return new Lamp(output, led.activeLow(), shows);
        }
    }

    private final List<Lamp> lamps;
    private final Boolean[] lit;
    private final LedStatePolicy policy;
    private final ControlScheduler scheduler;
    private LedState override;
    private volatile LedState state; // read by GpioService.ledState() from any thread
    private long since;
    private ControlScheduler.Timer timer;
    private boolean stopped;

    LedChannel(List<Lamp> lamps, LedStatePolicy policy, ControlScheduler scheduler) {
        this.lamps = new ArrayList<>(lamps);
        this.lit = new Boolean[lamps.size()];
        this.policy = policy;
        this.scheduler = scheduler;
    }

    void onReport(StatusReport report) {
        long now = scheduler.nowNanos();
        policy.onReport(report, now);
        update(now);
    }

    /** Shows {@code s} whatever the reports say; null goes back to following them. */
    void override(LedState s) {
        override = s;
        update(scheduler.nowNanos());
    }

    LedState state() {
        return state;
    }

    /** All LEDs dark, no more timers. */
    void stop() {
        stopped = true;
        if (timer != null) timer.cancel();
        for (int i = 0; i < lamps.size(); i++) set(i, false);
    }

    private void update(long now) {
        if (stopped) return;
        LedState s = override != null ? override : policy.stateAt(now);
        if (s != state) {
            log.debug("status LED: {} ({})", s.name().toLowerCase(Locale.ROOT), s.patternText());
            state = s;
            since = now;
        }
        long elapsed = now - since;
        for (int i = 0; i < lamps.size(); i++) {
            set(i, lamps.get(i).shows().contains(s) && s.pattern().levelAt(elapsed));
        }
        long next = s.pattern().nextChangeAfter(elapsed);
        long at = next == Debouncer.NONE ? Debouncer.NONE : since + next;
        if (override == null) at = Math.min(at, policy.deadline(now));
        if (timer != null) timer.cancel();
        timer = at == Debouncer.NONE ? null : scheduler.schedule(() -> update(scheduler.nowNanos()), at);
    }

    private void set(int i, boolean on) {
        if (lit[i] != null && lit[i] == on) return;
        lit[i] = on;
        Lamp l = lamps.get(i);
        l.output().set(on != l.activeLow());
    }
}
