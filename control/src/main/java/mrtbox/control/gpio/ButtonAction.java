package mrtbox.control.gpio;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a button gesture does, written in the config as one short phrase:
 * <pre>
 *   trigger transport.play      press a trigger parameter
 *   toggle output.mute          flip a true/false parameter
 *   playstop                    transport.stop while playing, transport.play otherwise
 *   scene next | scene previous step through the saved scenes (name order, wrapping around)
 *   scene recall Opening Night  recall the scene of that name
 *   panic                       all notes off and mute the output
 *   learn prompt.1.weight       arm MIDI learn for a parameter (again: cancel)
 *   shutdown                    safe shutdown: fade out, save state, power off
 * </pre>
 *
 * @param argument the parameter id or scene name; empty for kinds that take none
 */
public record ButtonAction(Kind kind, String argument) {

    public enum Kind {
        TRIGGER("trigger", true), TOGGLE("toggle", true), PLAY_STOP("playstop", false),
        SCENE_NEXT("scene next", false), SCENE_PREVIOUS("scene previous", false), SCENE_RECALL("scene recall", true),
        PANIC("panic", false), LEARN("learn", true), SHUTDOWN("shutdown", false);

        final String word;
        final boolean takesArgument;

        Kind(String word, boolean takesArgument) {
            this.word = word;
            this.takesArgument = takesArgument;
        }
    }

    public ButtonAction {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        argument = argument == null ? "" : argument.strip();
        if (kind.takesArgument && argument.isEmpty()) throw new IllegalArgumentException("'" + kind.word + "' needs "
                + (kind == Kind.SCENE_RECALL ? "a scene name" : "a parameter id"));
        if (!kind.takesArgument && !argument.isEmpty()) throw new IllegalArgumentException("'" + kind.word + "' takes nothing after it");
    }

    /** Parses a phrase as listed above; the error names the phrase and what was expected. */
    public static ButtonAction parse(String phrase) {
        if (phrase == null || phrase.isBlank()) throw new IllegalArgumentException("an action cannot be empty");
        String p = phrase.strip().replaceAll("\\s+", " ");
        String lower = p.toLowerCase(Locale.ROOT);
        // The longest matching words win, so "scene recall x" is not read as some shorter action.
        Kind best = null;
        for (Kind k : Kind.values()) {
            if ((lower.equals(k.word) || lower.startsWith(k.word + " ")) && (best == null || k.word.length() > best.word.length())) {
                best = k;
            }
        }
        if (best == null) throw new IllegalArgumentException("unknown action '" + phrase.strip() + "': expected one of "
                + "trigger <param>, toggle <param>, playstop, scene next, scene previous, scene recall <name>, panic, "
                + "learn <param>, shutdown");
        // The argument keeps its own spelling and spacing (a scene name must match exactly).
        String original = phrase.strip();
        int words = best.word.split(" ").length;
        Matcher head = Pattern.compile("\\S+(\\s+\\S+){" + (words - 1) + "}").matcher(original);
        if (!head.lookingAt()) throw new AssertionError("the phrase starts with the action's words");
        try {
            return new ButtonAction(best, original.substring(head.end()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action '" + phrase.strip() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? kind.word : kind.word + " " + argument;
    }
}
