package mrtbox.control.gpio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;

/**
 * The hardware controls of one box: which BCM pin does what, and the gesture timings. Immutable records that
 * Jackson reads straight from the {@code "gpio"} object of the config file; a missing field takes the default
 * documented on it. {@link #problems(ParameterRegistry)} lists every mistake at once, each naming its control.
 *
 * <pre>
 * "gpio": {
 *   "buttons":  [ {"pin": 17, "press": "playstop"},
 *                 {"pin": 27, "press": "panic", "longPress": "shutdown"},
 *                 {"pin": 22, "press": "scene next", "doublePress": "scene previous"} ],
 *   "encoders": [ {"pinA": 5, "pinB": 6, "parameter": "prompt.1.weight", "step": 0.02, "acceleration": 1} ],
 *   "leds":     [ {"pin": 13} ],
 *   "shutdown": {"fadeMs": 1500, "command": ["systemctl", "poweroff"]}
 * }
 * </pre>
 *
 * @param enabled        false turns hardware controls off without deleting them (default true)
 * @param debounceMs     a button level must hold this long to count (default 20)
 * @param longPressMs    hold time for a long press (default 1000; 3000 for a shutdown long press)
 * @param doublePressMs  the second press of a double press must start within this time of the first release (default 350)
 * @param underrunHoldMs the LED shows "degraded" for this long after the underrun count last rose (default 10000)
 */
public record GpioSettings(Boolean enabled, Integer debounceMs, Integer longPressMs, Integer doublePressMs,
                           Integer underrunHoldMs, List<Button> buttons, List<Encoder> encoders, List<Led> leds,
                           Shutdown shutdown) {

    /** BCM GPIO numbers on the 40-pin header of every Raspberry Pi since the B+. */
    public static final int MAX_BCM_PIN = 27;
    public static final int SHUTDOWN_HOLD_DEFAULT_MS = 3000;
    /** A shorter shutdown hold is too easy to trigger by leaning on the box. */
    public static final int SHUTDOWN_HOLD_MIN_MS = 2000;

    /** No hardware controls at all. */
    public static final GpioSettings NONE = new GpioSettings(false, null, null, null, null, null, null, null, null);

    public GpioSettings {
        enabled = enabled == null || enabled;
        debounceMs = debounceMs == null ? 20 : debounceMs;
        longPressMs = longPressMs == null ? 1000 : longPressMs;
        doublePressMs = doublePressMs == null ? 350 : doublePressMs;
        underrunHoldMs = underrunHoldMs == null ? 10_000 : underrunHoldMs;
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        leds = leds == null ? List.of() : List.copyOf(leds);
        shutdown = shutdown == null ? new Shutdown(null, null, null) : shutdown;
    }

    /** True when at least one pin is assigned. */
    public boolean hasControls() {
        return !buttons.isEmpty() || !encoders.isEmpty() || !leds.isEmpty();
    }

    /**
     * A push button between a GPIO pin and ground (with the default pull-up). Each gesture may have an action
     * ({@link ButtonAction} phrases); a gesture without one does nothing.
     *
     * @param pin         BCM number
     * @param name        shown in logs and as the change source (default "button &lt;pin&gt;")
     * @param pull        "up" (default: button to ground), "down" (button to 3.3 V) or "off" (external resistor)
     * @param activeLow   pressed reads low (default: true unless pull is "down")
     * @param longPressMs this button's long-press hold, overriding the global one
     */
    public record Button(Integer pin, String name, String pull, Boolean activeLow, String press, String doublePress,
                         String longPress, Integer longPressMs) {
        public Button {
            pull = pull == null ? "up" : pull.strip().toLowerCase(Locale.ROOT);
            activeLow = activeLow == null ? !pull.equals("down") : activeLow;
            name = name == null || name.isBlank() ? "button " + pin : name.strip();
        }

        public static Button of(int pin, String press) {
            return new Button(pin, null, null, null, press, null, null, null);
        }

        public Button withDoublePress(String action) {
            return new Button(pin, name, pull, activeLow, press, action, longPress, longPressMs);
        }

        public Button withLongPress(String action, Integer holdMs) {
            return new Button(pin, name, pull, activeLow, press, doublePress, action, holdMs);
        }
    }

    /**
     * A rotary encoder (A and B to GPIO pins, C to ground; internal pull-ups on) that moves one parameter.
     *
     * @param parameter      a FLOAT, INT, BOOL or ENUM parameter id
     * @param step           change per detent in the parameter's own units (default: 1/100 of its range; 1 for INT/ENUM)
     * @param acceleration   0 = none; 1 = four steps per detent at 25 ms between detents (default 1, see README)
     * @param stepsPerDetent quadrature steps per click: 4 (default, most EC11 types), 2 or 1
     * @param reverse        swap the direction instead of the wires
     */
    public record Encoder(Integer pinA, Integer pinB, String name, String parameter, Double step, Double acceleration,
                          Integer stepsPerDetent, Boolean reverse) {
        public Encoder {
            acceleration = acceleration == null ? 1.0 : acceleration;
            stepsPerDetent = stepsPerDetent == null ? 4 : stepsPerDetent;
            reverse = reverse != null && reverse;
            name = name == null || name.isBlank() ? "encoder " + pinA + "/" + pinB : name.strip();
        }

        public static Encoder of(int pinA, int pinB, String parameter, Double step, double acceleration) {
            return new Encoder(pinA, pinB, null, parameter, step, acceleration, null, null);
        }

        /** The step to use for a parameter: the configured one, or the documented default. */
        double stepFor(ParamHandle h) {
            if (step != null) return step;
            ParamType t = h.spec().type();
            if (t == ParamType.FLOAT) return (h.spec().max() - h.spec().min()) / 100.0;
            return 1;
        }
    }

    /**
     * A status LED (anode through a resistor to the pin, cathode to ground).
     *
     * @param activeLow LED wired from 3.3 V to the pin instead (lit when the pin is low); default false
     * @param show      the {@link LedState}s this LED shows (others leave it dark); default all. Two LEDs with
     *                  different lists make a green "playing" and a red "error" light.
     */
    public record Led(Integer pin, Boolean activeLow, List<String> show) {
        public Led {
            activeLow = activeLow != null && activeLow;
            show = show == null ? List.of() : List.copyOf(show);
        }

        public static Led of(int pin) {
            return new Led(pin, null, null);
        }
    }

    /**
     * Safe shutdown on a long press.
     *
     * @param fadeMs           how long to wait after muting, for the output fade to finish (default 1500)
     * @param command          the power-off command, run without a shell (default {@code systemctl poweroff}, which a
     *                         non-root service may run with a polkit rule; {@code sudo -n /sbin/poweroff} works with a
     *                         sudoers line)
     * @param commandTimeoutMs how long the command may take before it counts as failed (default 30000)
     */
    public record Shutdown(Integer fadeMs, List<String> command, Integer commandTimeoutMs) {
        public Shutdown {
            fadeMs = fadeMs == null ? 1500 : fadeMs;
            command = command == null ? List.of("systemctl", "poweroff") : List.copyOf(command);
            commandTimeoutMs = commandTimeoutMs == null ? 30_000 : commandTimeoutMs;
        }
    }

    /** The hold time a button's long press uses. */
    int longPressMsFor(Button b) {
        if (b.longPressMs() != null) return b.longPressMs();
        return isShutdown(b.longPress()) ? SHUTDOWN_HOLD_DEFAULT_MS : longPressMs;
    }

    /** Every mistake in these settings, checked against the parameters the box has; empty when all is well. */
    public List<String> problems(ParameterRegistry registry) {
        List<String> out = new ArrayList<>();
        if (debounceMs < 0 || debounceMs > 500) out.add("gpio.debounceMs must be 0..500, got " + debounceMs);
        if (longPressMs < 100) out.add("gpio.longPressMs must be at least 100, got " + longPressMs);
        if (doublePressMs < 50 || doublePressMs > 2000) out.add("gpio.doublePressMs must be 50..2000, got " + doublePressMs);
        if (underrunHoldMs < 0) out.add("gpio.underrunHoldMs must be >= 0, got " + underrunHoldMs);
        Map<Integer, String> owners = new HashMap<>();
        for (Button b : buttons) {
            String where = "gpio button '" + b.name() + "'";
            claim(owners, b.pin(), where, out);
            if (!List.of("up", "down", "off").contains(b.pull())) out.add(where + ": pull must be up, down or off, got '" + b.pull() + "'");
            boolean any = false;
            for (String[] g : new String[][] {{"press", b.press()}, {"doublePress", b.doublePress()}, {"longPress", b.longPress()}}) {
                if (g[1] == null) continue;
                any = true;
                try {
                    ButtonAction a = ButtonAction.parse(g[1]);
                    if (a.kind() == ButtonAction.Kind.SHUTDOWN && !g[0].equals("longPress")) {
                        out.add(where + ": shutdown is only allowed on longPress (a tap must never power the box off)");
                    }
                    checkTarget(a, registry, where + " " + g[0], out);
                } catch (IllegalArgumentException e) {
                    out.add(where + " " + g[0] + ": " + e.getMessage());
                }
            }
            if (!any) out.add(where + ": has no press, doublePress or longPress action");
            if (b.longPress() != null) {
                int hold = longPressMsFor(b);
                if (hold < 100) out.add(where + ": longPressMs must be at least 100, got " + hold);
                if (isShutdown(b.longPress()) && hold < SHUTDOWN_HOLD_MIN_MS) {
                    out.add(where + ": a shutdown hold must be at least " + SHUTDOWN_HOLD_MIN_MS + " ms, got " + hold);
                }
            }
        }
        for (Encoder e : encoders) {
            String where = "gpio encoder '" + e.name() + "'";
            claim(owners, e.pinA(), where + " pinA", out);
            claim(owners, e.pinB(), where + " pinB", out);
            ParamHandle h = e.parameter() == null ? null : registry.handle(e.parameter());
            if (e.parameter() == null) out.add(where + ": needs a parameter");
            else if (h == null) out.add(where + ": no parameter '" + e.parameter() + "'");
            else if (h.spec().type() == ParamType.TEXT || h.spec().type() == ParamType.TRIGGER) {
                out.add(where + ": parameter '" + e.parameter() + "' is " + h.spec().type() + "; an encoder needs FLOAT, INT, BOOL or ENUM");
            }
            if (e.step() != null && !(e.step() > 0 && Double.isFinite(e.step()))) out.add(where + ": step must be > 0, got " + e.step());
            if (!(e.acceleration() >= 0 && e.acceleration() <= 10)) out.add(where + ": acceleration must be 0..10, got " + e.acceleration());
            if (!List.of(1, 2, 4).contains(e.stepsPerDetent())) out.add(where + ": stepsPerDetent must be 1, 2 or 4, got " + e.stepsPerDetent());
        }
        for (Led l : leds) {
            String where = "gpio led " + l.pin();
            claim(owners, l.pin(), where, out);
            for (String s : l.show()) {
                try {
                    LedState.valueOf(s.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    out.add(where + ": unknown state '" + s + "' in show (states: starting, playing, stopped, degraded, error, shutting_down)");
                }
            }
        }
        if (shutdown.fadeMs() < 0 || shutdown.fadeMs() > 30_000) out.add("gpio.shutdown.fadeMs must be 0..30000, got " + shutdown.fadeMs());
        if (shutdown.command().isEmpty() || shutdown.command().get(0).isBlank()) out.add("gpio.shutdown.command must name a program");
        if (shutdown.commandTimeoutMs() < 100) out.add("gpio.shutdown.commandTimeoutMs must be at least 100, got " + shutdown.commandTimeoutMs());
        return out;
    }

    private static void claim(Map<Integer, String> owners, Integer pin, String who, List<String> out) {
        if (pin == null) {
            out.add(who + ": needs a pin (BCM number 0.." + MAX_BCM_PIN + ")");
            return;
        }
        if (pin < 0 || pin > MAX_BCM_PIN) {
            out.add(who + ": pin " + pin + " is not a header GPIO (BCM 0.." + MAX_BCM_PIN + ")");
            return;
        }
        String before = owners.putIfAbsent(pin, who);
        if (before != null) out.add(who + ": pin " + pin + " is already used by " + before);
    }

    private static void checkTarget(ButtonAction a, ParameterRegistry registry, String where, List<String> out) {
        switch (a.kind()) {
            case TRIGGER -> requireType(registry, a.argument(), ParamType.TRIGGER, where, out);
            case TOGGLE -> requireType(registry, a.argument(), ParamType.BOOL, where, out);
            case LEARN -> {
                ParamHandle h = registry.handle(a.argument());
                if (h == null) out.add(where + ": no parameter '" + a.argument() + "'");
                else if (h.spec().type() == ParamType.TEXT) out.add(where + ": '" + a.argument() + "' is text and cannot be learned");
            }
            case PLAY_STOP -> {
                requireType(registry, StandardParams.PLAY, ParamType.TRIGGER, where, out);
                requireType(registry, StandardParams.STOP, ParamType.TRIGGER, where, out);
            }
            case PANIC, SHUTDOWN -> requireType(registry, StandardParams.MUTE, ParamType.BOOL, where, out);
            default -> { }
        }
    }

    private static void requireType(ParameterRegistry registry, String id, ParamType type, String where, List<String> out) {
        ParamHandle h = registry.handle(id);
        if (h == null) out.add(where + ": no parameter '" + id + "'");
        else if (h.spec().type() != type) out.add(where + ": '" + id + "' is " + h.spec().type() + ", not " + type);
    }

    private static boolean isShutdown(String phrase) {
        try {
            return phrase != null && ButtonAction.parse(phrase).kind() == ButtonAction.Kind.SHUTDOWN;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
