package mrtbox.appliance.audio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Linux to run the calling thread (the audio thread) with SCHED_FIFO real-time priority through
 * {@code sched_setscheduler(0, SCHED_FIFO, {priority})} via JNA. Only that thread is raised, never the JVM.
 * Refusals are normal (no CAP_SYS_NICE, no LimitRTPRIO= in the unit, kernels with RT group scheduling): the
 * first one is logged once, clearly, with what to change; the audio still plays at normal priority.
 */
public final class RealtimeScheduling {
    private static final Logger log = LoggerFactory.getLogger(RealtimeScheduling.class);
    private static final int SCHED_FIFO = 1;
    private static final int EPERM = 1;
    private static final AtomicBoolean refusalLogged = new AtomicBoolean();

    private RealtimeScheduling() {}

    interface CLib extends Library {
        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;
    }

    private static final class Holder {
        static final CLib C = load();

        private static CLib load() {
            try {
                return Native.load("c", CLib.class);
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }
    }

    /** Raises the calling thread; returns a short description of the outcome for status displays. */
    public static String raiseCurrentThread(int priority) {
        if (priority <= 0) return "normal priority (real-time scheduling disabled in the config)";
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return "normal priority (not Linux)";
        CLib c = Holder.C;
        if (c == null) return refused(priority, "libc could not be loaded through JNA");
        try {
            c.sched_setscheduler(0, SCHED_FIFO, new int[] {priority});
            log.info("audio thread runs with SCHED_FIFO priority {}", priority);
            return "SCHED_FIFO " + priority;
        } catch (LastErrorException e) {
            String why = e.getErrorCode() == EPERM
                    ? "not permitted (EPERM): give the service LimitRTPRIO=" + Math.max(priority, 1)
                      + " (or more) or CAP_SYS_NICE; kernels with CONFIG_RT_GROUP_SCHED refuse it inside services"
                    : "error " + e.getErrorCode() + ": " + e.getMessage();
            return refused(priority, why);
        } catch (UnsatisfiedLinkError e) {
            return refused(priority, "sched_setscheduler is not available: " + e.getMessage());
        }
    }

    private static String refused(int priority, String why) {
        if (refusalLogged.compareAndSet(false, true)) {
            log.warn("real-time scheduling (SCHED_FIFO {}) for the audio thread was refused: {}. Audio plays at normal "
                    + "priority; expect more underruns under load.", priority, why);
        }
        return "normal priority (SCHED_FIFO refused: " + why + ")";
    }
}
