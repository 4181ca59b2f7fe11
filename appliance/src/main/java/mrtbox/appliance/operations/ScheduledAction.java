package mrtbox.appliance.operations;

/**
 * What a schedule entry does. Actions on the same {@link Channel} replace each other: only the latest one that
 * is due matters (a stop at 22:00 and a start at 09:00 both set the transport).
 */
public record ScheduledAction(Kind kind, String scene) {
    public enum Kind { PLAY, STOP, SCENE, RESTART }

    /** Independent strands of the schedule: the transport, the scene, the restart. */
    public enum Channel { TRANSPORT, SCENE, RESTART }

    public static final ScheduledAction PLAY = new ScheduledAction(Kind.PLAY, null);
    public static final ScheduledAction STOP = new ScheduledAction(Kind.STOP, null);
    public static final ScheduledAction RESTART = new ScheduledAction(Kind.RESTART, null);

    public ScheduledAction {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        if ((kind == Kind.SCENE) != (scene != null)) throw new IllegalArgumentException("a scene action, and only that, names a scene");
    }

    public static ScheduledAction scene(String name) {
        return new ScheduledAction(Kind.SCENE, name);
    }

    public Channel channel() {
        return switch (kind) {
            case PLAY, STOP -> Channel.TRANSPORT;
            case SCENE -> Channel.SCENE;
            case RESTART -> Channel.RESTART;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.SCENE ? "scene '" + scene + "'" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
