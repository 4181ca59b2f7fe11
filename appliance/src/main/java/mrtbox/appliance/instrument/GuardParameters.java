package mrtbox.appliance.instrument;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.inference.guard.GuardAction;
import mrtbox.inference.guard.GuardCheck;
import mrtbox.inference.guard.GuardSettings;

/**
 * The output guard's settings as registry parameters (so OSC, OSCQuery, MIDI learn and the page have them): on/off,
 * per check its threshold, seconds and action, the give-up rule and the crossfade. Defaults are the guard's own
 * ({@link GuardSettings#DEFAULTS}, docs/guard.md says why); {@link #settings} reads them back from a snapshot.
 */
public final class GuardParameters {
    public static final String PREFIX = "guard.";
    public static final String ENABLED = "guard.enabled";
    public static final String GIVE_UP_ACTIONS = "guard.give_up.actions";
    public static final String GIVE_UP_MINUTES = "guard.give_up.minutes";
    public static final String CROSSFADE_MS = "guard.crossfade_ms";
    /** Read only: what the guard did last (see {@link GuardStateParams}). */
    public static final String STATE = "guard.state";
    /** Read only: rollbacks and resets since the model started. */
    public static final String ACTION_COUNT = "guard.actions";
    public static final List<String> STATES = List.of("ok", "rollback", "reset", "gave_up");
    private static final String GROUP = "Guard";
    private static final List<String> ACTIONS = List.of(GuardAction.REPORT.id(), GuardAction.ROLLBACK.id(), GuardAction.RESET.id());

    private GuardParameters() {}

    public static String threshold(GuardCheck c) { return PREFIX + c.id() + ".threshold"; }
    public static String seconds(GuardCheck c) { return PREFIX + c.id() + ".seconds"; }
    public static String action(GuardCheck c) { return PREFIX + c.id() + ".action"; }

    public static List<ParamSpec> all() {
        GuardSettings d = GuardSettings.DEFAULTS;
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.builder(ENABLED, ParamType.BOOL).defaultValue(d.enabled())
                .description("Watch the generated audio for silence, loops, runaway level, DC, NaN and token collapse, and act on it")
                .label("Output guard").group(GROUP).build());
        for (GuardCheck c : GuardCheck.values()) {
            if (c.hasThreshold()) {
                double[] r = range(c);
                specs.add(ParamSpec.builder(threshold(c), ParamType.FLOAT).range(r[0], r[1]).defaultValue(c.defaultThreshold())
                        .unit(c.unit().equals("dBFS") ? "dB" : "").clampOutOfRange()
                        .description(thresholdText(c)).label(title(c) + " threshold").group(GROUP).build());
            }
            specs.add(ParamSpec.builder(seconds(c), ParamType.FLOAT).range(0, 600).defaultValue(c.defaultSeconds()).unit("s")
                    .clampOutOfRange().description("How long the " + c.id() + " condition must hold before the guard acts")
                    .label(title(c) + " seconds").group(GROUP).build());
            specs.add(ParamSpec.builder(action(c), ParamType.ENUM).choices(ACTIONS).defaultValue(ACTIONS.indexOf(c.defaultAction().id()))
                    .description("What the guard does when " + c.id() + " fires: report, rollback to the last good state, or reset")
                    .label(title(c) + " action").group(GROUP).build());
        }
        specs.add(ParamSpec.builder(GIVE_UP_ACTIONS, ParamType.INT).range(1, 20).defaultValue(d.giveUpActions()).clampOutOfRange()
                .description("After this many rollbacks or resets within the give-up minutes the guard stops acting and health says so")
                .label("Give up after").group(GROUP).build());
        specs.add(ParamSpec.builder(GIVE_UP_MINUTES, ParamType.FLOAT).range(1, 60).defaultValue(d.giveUpMinutes()).unit("min").clampOutOfRange()
                .description("The window of the give-up rule, and how long without trouble before the guard acts again")
                .label("Give-up window").group(GROUP).build());
        specs.add(ParamSpec.builder(CROSSFADE_MS, ParamType.FLOAT).range(0, 1000).defaultValue(d.crossfadeMs()).unit("ms").clampOutOfRange()
                .description("Crossfade from the rejected audio into the restored stream (at most one model step)")
                .label("Guard crossfade").group(GROUP).build());
        specs.add(ParamSpec.builder(STATE, ParamType.ENUM).choices(STATES).defaultValue(0).readOnly()
                .description("What the guard did (read only): rollback or reset for " + GuardStateParams.HOLD_SECONDS
                        + " s after one, gave_up while it has given up, else ok; MIDI feedback can light a pad with it")
                .label("Guard state").group(GROUP).build());
        specs.add(ParamSpec.builder(ACTION_COUNT, ParamType.INT).range(0, 1_000_000).defaultValue(0).clampOutOfRange().readOnly()
                .description("Rollbacks and resets since the model started (read only)")
                .label("Guard actions").group(GROUP).build());
        return specs;
    }

    /** Whether {@code id} is one of the read-only parameters that show what the guard did (no setting). */
    static boolean reportsOnly(String id) {
        return id.equals(STATE) || id.equals(ACTION_COUNT);
    }

    /** Registers the guard parameters that are not registered yet. */
    public static void register(ParameterRegistry registry) {
        for (ParamSpec spec : all()) if (registry.handle(spec.id()) == null) registry.register(spec);
    }

    /** The guard settings the snapshot's values say (the guard's defaults for any not registered). */
    public static GuardSettings settings(ParameterRegistry registry, ParamSnapshot s) {
        GuardSettings g = GuardSettings.DEFAULTS;
        g = g.withEnabled(bool(registry, s, ENABLED, g.enabled()));
        for (GuardCheck c : GuardCheck.values()) {
            GuardSettings.Check d = g.check(c);
            double t = c.hasThreshold() ? number(registry, s, threshold(c), d.threshold()) : d.threshold();
            double sec = number(registry, s, seconds(c), d.seconds());
            Object a = registry.handle(action(c)) == null ? null : s.value(action(c));
            GuardAction act = a instanceof String name ? GuardAction.of(name) : d.action();
            g = g.with(c, new GuardSettings.Check(t, sec, act));
        }
        g = g.withGiveUp((int) number(registry, s, GIVE_UP_ACTIONS, g.giveUpActions()), number(registry, s, GIVE_UP_MINUTES, g.giveUpMinutes()));
        return g.withCrossfade(number(registry, s, CROSSFADE_MS, g.crossfadeMs()));
    }

    private static double number(ParameterRegistry r, ParamSnapshot s, String id, double fallback) {
        return r.handle(id) == null ? fallback : s.number(r.handle(id));
    }

    private static boolean bool(ParameterRegistry r, ParamSnapshot s, String id, boolean fallback) {
        return r.handle(id) == null ? fallback : s.bool(r.handle(id));
    }

    private static double[] range(GuardCheck c) {
        return switch (c) {
            case SILENCE -> new double[] {-120, -20};
            case LOUD -> new double[] {-30, 0};
            case STUCK -> new double[] {0.5, 1};
            case DC -> new double[] {0.001, 1};
            case COLLAPSE -> new double[] {0.05, 1};
            case NONFINITE -> new double[] {0, 0};
        };
    }

    private static String thresholdText(GuardCheck c) {
        return switch (c) {
            case SILENCE -> "Silence: the step's level (RMS, dBFS) below this counts as silent";
            case LOUD -> "Runaway level: the step's level (RMS, dBFS) above this, or 1% of samples at full scale, counts as too loud";
            case STUCK -> "Stuck output without tokens: audio correlation with a recent step at or above this counts as a loop";
            case DC -> "DC offset: a channel's 1 s running mean further from zero than this";
            case COLLAPSE -> "Token collapse: token entropy below this fraction of its running median";
            case NONFINITE -> "";
        };
    }

    private static String title(GuardCheck c) {
        return c == GuardCheck.DC ? "DC" : c == GuardCheck.NONFINITE ? "Non-finite" : Character.toUpperCase(c.id().charAt(0)) + c.id().substring(1);
    }
}
