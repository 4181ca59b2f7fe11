package mrtbox.web.auth;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Failed web logins since start, by cause, for monitoring. Thread-safe; counting never blocks. */
public final class LoginFailures {
    public enum Cause {
        /** A login or password change with the wrong password. */
        WRONG_PASSWORD,
        /** The first-run setup with the wrong setup code. */
        WRONG_SETUP_CODE,
        /** Refused without checking: too many failures from that address (or from all) lately. */
        THROTTLED;

        /** The label value: {@code wrong_password}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Cause, LongAdder> counts = new EnumMap<>(Cause.class);

    public LoginFailures() {
        for (Cause c : Cause.values()) counts.put(c, new LongAdder());
    }

    void failed(Cause cause) {
        counts.get(cause).increment();
    }

    public long count(Cause cause) {
        return counts.get(cause).sum();
    }
}
