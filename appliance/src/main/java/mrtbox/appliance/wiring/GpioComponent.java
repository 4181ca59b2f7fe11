package mrtbox.appliance.wiring;

import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.control.gpio.GpioService;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buttons, encoder, status LEDs and the safe-shutdown button on a Raspberry Pi's GPIO ({@code "gpio"} in the
 * config). Off, with one log line, where there is no usable GPIO; a wrong configuration stops the start with every
 * problem listed in the log, and the rest of the box runs.
 */
public final class GpioComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(GpioComponent.class);
    private final GpioService gpio;

    public GpioComponent(ApplianceContext context) {
        this.gpio = GpioService.builder(context.config().gpio(), context.registry())
                .scenes(context.scenes())
                .notes(context.require(NoteBus.class))
                .learn(context.require(LearnControl.class))
                .status(context.require(StatusBoard.class))
                .stateFlusher(context::flushLastState)
                .build();
    }

    @Override
    public String name() {
        return "gpio";
    }

    /** A wrong "gpio" section is logged with every problem and leaves the controls off: the box still plays. */
    @Override
    public void start() {
        try {
            gpio.start();
        } catch (IllegalArgumentException e) {
            log.error("hardware controls are off: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        gpio.stop();
    }
}
