package mrtbox.control.gpio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Looks at the machine, before Pi4J does, to say in plain words why its GPIO cannot be used: Pi4J 2.8's gpiod
 * plugin only drives a Raspberry Pi (it picks the GPIO chip labelled "pinctrl", and ships its native library for
 * aarch64 and armhf only). Anything it does not rule out is left to Pi4J to try.
 *
 * @param root   "/" on a real machine; a directory laid out like one in tests
 * @param osArch the JVM's {@code os.arch}
 */
record GpioProbe(Path root, String osArch) {
    static final String CHIP_LABEL = "pinctrl";

    static GpioProbe ofThisMachine() {
        return new GpioProbe(Path.of("/"), System.getProperty("os.arch", ""));
    }

    /** Why Pi4J's gpiod plugin cannot work here, or empty when it is worth trying. */
    Optional<String> reasonItCannotWork() {
        List<String> chips = glob(root.resolve("dev"), "gpiochip*");
        if (chips.isEmpty()) return Optional.of("no GPIO chip on this machine (no /dev/gpiochip*)");
        String model = read(root.resolve("proc/device-tree/model")).orElse("");
        if (!model.contains("Raspberry Pi")) {
            String board = model.isEmpty() ? "an unknown board (no /proc/device-tree/model)" : "'" + model + "'";
            return Optional.of("this is " + board + ", not a Raspberry Pi: Pi4J 2.8's gpiod plugin only drives "
                    + "Raspberry Pi GPIO (it looks for a chip labelled '" + CHIP_LABEL + "')" + labelsNote());
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!(arch.equals("aarch64") || arch.equals("arm") || arch.startsWith("armv"))) {
            return Optional.of("Pi4J's gpiod native library exists for aarch64 and armhf only; this JVM is " + osArch);
        }
        List<String> labels = chipLabels();
        if (!labels.isEmpty() && labels.stream().noneMatch(l -> l.contains(CHIP_LABEL))) {
            return Optional.of("no GPIO chip labelled '" + CHIP_LABEL + "' (chips here: " + String.join(", ", labels) + ")");
        }
        return Optional.empty();
    }

    private String labelsNote() {
        List<String> labels = chipLabels();
        return labels.isEmpty() ? "" : "; chips here: " + String.join(", ", labels);
    }

    /** Chip labels from sysfs, where the kernel offers them (CONFIG_GPIO_SYSFS); empty when it does not. */
    List<String> chipLabels() {
        List<String> out = new ArrayList<>();
        for (String chip : glob(root.resolve("sys/class/gpio"), "gpiochip*")) {
            read(root.resolve("sys/class/gpio").resolve(chip).resolve("label")).ifPresent(out::add);
        }
        return out;
    }

    private static List<String> glob(Path dir, String pattern) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, pattern)) {
            for (Path p : ds) out.add(p.getFileName().toString());
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static Optional<String> read(Path file) {
        try {
            // device-tree strings end with NUL
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).replace("\0", "").strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
