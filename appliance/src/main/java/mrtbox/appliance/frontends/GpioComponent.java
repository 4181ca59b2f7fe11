package mrtbox.appliance.frontends;

import mrtbox.appliance.service.Component;
import mrtbox.control.gpio.GpioService;
import mrtbox.control.gpio.GpioSettings;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
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

    /** @param lastStateFlush saves the playing values now (the safe-shutdown button) */
    public GpioComponent(GpioSettings cfg, ParameterRegistry registry, SceneBook scenes, NoteBus notes, LearnControl learn,
                         StatusBoard status, Runnable lastStateFlush) {
        this.gpio = GpioService.builder(cfg, registry)
                .scenes(scenes)
                .notes(notes)
                .learn(learn)
                .status(status)
                .stateFlusher(lastStateFlush)
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
