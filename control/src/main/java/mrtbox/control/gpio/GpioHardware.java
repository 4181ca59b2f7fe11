package mrtbox.control.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.GpioDPlugin;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import java.util.function.Supplier;

/** Where the pins come from. {@link #open()} gives pins or throws {@link GpioUnavailableException} saying why not. */
@FunctionalInterface
public interface GpioHardware {
    GpioPins open();

    /** The real thing: a Raspberry Pi's GPIO through Pi4J 2.8's gpiod providers, after {@link GpioProbe} agrees. */
    static GpioHardware raspberryPi() {
        return () -> gpiod(GpioProbe.ofThisMachine());
    }

    /** Pins over a Pi4J context someone else made (tests: the mock platform). The context is not shut down. */
    static GpioHardware pi4j(Supplier<Context> context, String description) {
        return () -> new Pi4jPins(context.get(), false, null, null, description);
    }

    static GpioPins gpiod(GpioProbe probe) {
        probe.reasonItCannotWork().ifPresent(reason -> {
            throw new GpioUnavailableException(reason);
        });
        Context context;
        try {
            // Providers named explicitly: no ServiceLoader surprises, and no mock platform even if one is on the path.
            context = Pi4J.newContextBuilder()
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("Pi4J could not start its gpiod providers: " + Pi4jPins.describe(e)
                    + " (the service user needs access to /dev/gpiochip*: group gpio)", e);
        }
        return new Pi4jPins(context, true, GpioDPlugin.DIGITAL_INPUT_PROVIDER_ID, GpioDPlugin.DIGITAL_OUTPUT_PROVIDER_ID,
                "Pi4J gpiod");
    }
}
