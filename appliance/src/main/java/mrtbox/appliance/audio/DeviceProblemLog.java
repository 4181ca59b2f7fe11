package mrtbox.appliance.audio;

import java.util.function.Consumer;

/**
 * What the log says about a device that is not there. A box without its sound card retries every few seconds for
 * as long as it runs; saying the whole Java Sound text on each try filled journald (12,000 lines a day). So: the
 * first failure is said once in full (the sentence and the device's own words), after that one short line only when
 * the sentence changes, and one line when the device is back. Called from the output's start, then its supervisor thread only.
 */
final class DeviceProblemLog {
    private final String what;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private String current = "";

    /**
     * @param what "audio output": the start of every line
     * @param warn where problem lines go
     * @param info where the recovery line goes
     */
    DeviceProblemLog(String what, Consumer<String> warn, Consumer<String> info) {
        this.what = what;
        this.warn = warn;
        this.info = info;
    }

    /**
     * A try to open the device failed.
     *
     * @param sentence what a person reads (also on the page): "no sound card found"
     * @param detail   the device layer's own text, said once with the first failure; may be empty
     */
    void unavailable(String sentence, String detail) {
        if (sentence.equals(current)) return;
        if (current.isEmpty()) {
            warn.accept(what + " unavailable: " + sentence + (detail.isEmpty() || detail.equals(sentence) ? "" : " (" + detail + ")")
                    + "; playing on by the clock and trying again quietly (a change is logged)");
        } else {
            warn.accept(what + " still unavailable, now: " + sentence);
        }
        current = sentence;
    }

    /** The device opened again after a failure. */
    void back(String device) {
        if (current.isEmpty()) return;
        info.accept(what + " back: " + device);
        current = "";
    }

    /** A device that was playing failed: the next unavailable() is a first failure again. */
    void failed(String line) {
        warn.accept(what + " failed: " + line + "; playing on by the clock, reopening");
        current = "";
    }

    /** The sentence for an open that threw: the exception's message; a Java Sound cause's text is the detail. */
    static String sentence(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String detail(Throwable e) {
        Throwable c = e.getCause();
        return c == null || c.getMessage() == null ? "" : c.getMessage();
    }
}
