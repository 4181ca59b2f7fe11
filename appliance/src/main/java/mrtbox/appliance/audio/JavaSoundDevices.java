package mrtbox.appliance.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The Java Sound mixers that can play audio, numbered as {@code mrtbox devices} prints them, and the rule that
 * turns the config's {@code audio.device} into one: empty or "default" = the system default; a number = that
 * index; anything else = the first mixer whose name contains it (case-insensitive), e.g. "Scarlett" or
 * "plughw:1,0". On Linux the names look like {@code "USB Audio [plughw:1,0]"}.
 */
public final class JavaSoundDevices {
    private JavaSoundDevices() {}

    /** One playback-capable mixer. */
    public record Device(int index, String name, String description, Mixer.Info info) {}

    public static List<Device> outputs() {
        return devices(new Line.Info(SourceDataLine.class));
    }

    /** The mixers that can capture (the interface's inputs), numbered on their own. */
    public static List<Device> inputs() {
        return devices(new Line.Info(TargetDataLine.class));
    }

    private static List<Device> devices(Line.Info wanted) {
        List<Device> out = new ArrayList<>();
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(mi);
            if (m.isLineSupported(wanted)) out.add(new Device(out.size(), mi.getName(), mi.getDescription(), mi));
        }
        return out;
    }

    /** The device a selector names, or null for "the system default". Throws with the choices when none match. */
    public static Device select(String selector) throws IOException {
        return select(selector, outputs(), "output");
    }

    /** The capture device a selector names (same rule as outputs, over {@link #inputs()}), or null for the default. */
    public static Device selectInput(String selector) throws IOException {
        return select(selector, inputs(), "input");
    }

    private static Device select(String selector, List<Device> all, String kind) throws IOException {
        String s = selector == null ? "" : selector.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("default")) return null;
        if (s.matches("#?\\d+")) {
            int i = Integer.parseInt(s.startsWith("#") ? s.substring(1) : s);
            if (i < all.size()) return all.get(i);
            throw new IOException("audio " + (kind.equals("output") ? "device" : kind) + " index " + i + " does not exist; " + choices(all, kind));
        }
        String needle = s.toLowerCase(Locale.ROOT);
        for (Device d : all) {
            if (d.name().toLowerCase(Locale.ROOT).contains(needle)) return d;
        }
        throw new IOException("no audio " + kind + " matches '" + s + "'; " + choices(all, kind));
    }

    private static String choices(List<Device> all, String kind) {
        if (all.isEmpty()) return "this system has no audio " + kind + "s";
        StringBuilder b = new StringBuilder(kind + "s are:");
        for (Device d : all) b.append(" [").append(d.index()).append("] ").append(d.name()).append(';');
        return b.substring(0, b.length() - 1);
    }
}
