package mrtbox.control.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GpioPins} over a Pi4J 2.8 context: the gpiod providers on a Raspberry Pi, the mock platform in tests.
 * Pi4J ids are {@code bcm-<pin>}, so tests find their mock pins with {@code context.registry().get("bcm-17")}.
 */
public final class Pi4jPins implements GpioPins {
    private static final Logger log = LoggerFactory.getLogger(Pi4jPins.class);

    private final Context context;
    private final boolean ownsContext;
    private final String inputProvider;
    private final String outputProvider;
    private final String description;
    private final List<IO<?, ?, ?>> opened = new ArrayList<>();

    /**
     * @param inputProvider  a Pi4J provider id, or null for the context's default
     * @param ownsContext    shut the context down on {@link #close()}
     */
    public Pi4jPins(Context context, boolean ownsContext, String inputProvider, String outputProvider, String description) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.inputProvider = inputProvider;
        this.outputProvider = outputProvider;
        this.description = description;
    }

    public static String pinId(int bcm) {
        return "bcm-" + bcm;
    }

    @Override
    public synchronized Input input(int bcm, Pull pull, String name, LevelListener listener) {
        try {
            DigitalInputConfigBuilder cfg = DigitalInput.newConfigBuilder(context).id(pinId(bcm)).name(name).address(bcm)
                    .pull(switch (pull) {
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                        case OFF -> PullResistance.OFF;
                    })
                    .debounce(0L);
            if (inputProvider != null) cfg.provider(inputProvider);
            DigitalInput in = context.create(cfg);
            opened.add(in);
            in.addListener(e -> listener.onLevel(e.state() == DigitalState.HIGH));
            return () -> in.state() == DigitalState.HIGH;
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("cannot open GPIO " + bcm + " (" + name + ") as input: " + describe(e), e);
        }
    }

    @Override
    public synchronized Output output(int bcm, String name, boolean offHigh) {
        try {
            DigitalOutputConfigBuilder cfg = DigitalOutput.newConfigBuilder(context).id(pinId(bcm)).name(name).address(bcm)
                    .initial(offHigh ? DigitalState.HIGH : DigitalState.LOW).shutdown(offHigh ? DigitalState.HIGH : DigitalState.LOW);
            if (outputProvider != null) cfg.provider(outputProvider);
            DigitalOutput out = context.create(cfg);
            opened.add(out);
            return high -> out.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("cannot open GPIO " + bcm + " (" + name + ") as output: " + describe(e), e);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        for (IO<?, ?, ?> io : opened) {
            try {
                context.shutdown(io.id());
            } catch (RuntimeException e) {
                log.warn("releasing {} failed", io.id(), e);
            }
        }
        opened.clear();
        if (ownsContext) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                log.warn("shutting down Pi4J failed", e);
            }
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String rootText = root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + rootText;
    }
}
