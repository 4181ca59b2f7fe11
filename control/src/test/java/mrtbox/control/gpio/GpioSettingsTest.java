package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/** The settings as a config file gives them: JSON in, defaults filled, every mistake named. */
class GpioSettingsTest {
    private final ParameterRegistry registry = new ParameterRegistry();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    GpioSettingsTest() {
        registry.registerAll(StandardParams.all());
    }

    @Test
    void readsTheReadmeExampleWithDefaults() throws Exception {
        GpioSettings s = json.readValue("""
                {
                  "buttons": [
                    {"pin": 17, "press": "playstop"},
                    {"pin": 27, "press": "panic", "longPress": "shutdown"},
                    {"pin": 22, "press": "scene next", "doublePress": "scene previous"},
                    {"pin": 23, "press": "learn prompt.1.weight", "pull": "down"}
                  ],
                  "encoders": [ {"pinA": 5, "pinB": 6, "parameter": "prompt.1.weight", "step": 0.02, "acceleration": 1} ],
                  "leds": [ {"pin": 13} ],
                  "shutdown": {"fadeMs": 1500, "command": ["systemctl", "poweroff"]}
                }""", GpioSettings.class);
        assertEquals(List.of(), s.problems(registry));
        assertTrue(s.enabled());
        assertEquals(20, s.debounceMs());
        assertEquals(350, s.doublePressMs());
        assertEquals(3000, s.longPressMsFor(s.buttons().get(1)), "a shutdown hold defaults to 3 s");
        assertEquals("button 17", s.buttons().get(0).name());
        assertTrue(s.buttons().get(0).activeLow());
        assertEquals(false, s.buttons().get(3).activeLow(), "pull down: pressed reads high");
        assertEquals(4, s.encoders().get(0).stepsPerDetent());
        assertEquals(30_000, s.shutdown().commandTimeoutMs());
        assertEquals(s, json.readValue(json.writeValueAsString(s), GpioSettings.class), "round trip");
    }

    @Test
    void everyMistakeIsListedWithItsControl() throws Exception {
        GpioSettings s = json.readValue("""
                {
                  "debounceMs": 900,
                  "buttons": [
                    {"pin": 17, "press": "trigger output.volume"},
                    {"pin": 17, "press": "shutdown"},
                    {"pin": 40, "press": "dance"},
                    {"pin": 4, "press": "panic", "longPress": "shutdown", "longPressMs": 500},
                    {"pin": 3}
                  ],
                  "encoders": [ {"pinA": 5, "pinB": 6, "parameter": "prompt.1.text"}, {"pinA": 7, "pinB": 8, "parameter": "nope", "stepsPerDetent": 3} ],
                  "leds": [ {"pin": 6, "show": ["playing", "sparkling"]} ],
                  "shutdown": {"command": []}
                }""", GpioSettings.class);
        List<String> p = s.problems(registry);
        List<String> expected = List.of(
                "gpio.debounceMs must be 0..500, got 900",
                "gpio button 'button 17' press: 'output.volume' is FLOAT, not TRIGGER",
                "gpio button 'button 17': pin 17 is already used by gpio button 'button 17'",
                "gpio button 'button 17': shutdown is only allowed on longPress (a tap must never power the box off)",
                "gpio button 'button 40': pin 40 is not a header GPIO (BCM 0..27)",
                "gpio button 'button 40' press: unknown action 'dance': expected one of trigger <param>, toggle <param>, "
                        + "playstop, scene next, scene previous, scene recall <name>, panic, learn <param>, shutdown",
                "gpio button 'button 4': a shutdown hold must be at least 2000 ms, got 500",
                "gpio button 'button 3': has no press, doublePress or longPress action",
                "gpio encoder 'encoder 5/6': parameter 'prompt.1.text' is TEXT; an encoder needs FLOAT, INT, BOOL or ENUM",
                "gpio encoder 'encoder 7/8': no parameter 'nope'",
                "gpio encoder 'encoder 7/8': stepsPerDetent must be 1, 2 or 4, got 3",
                "gpio led 6: pin 6 is already used by gpio encoder 'encoder 5/6' pinB",
                "gpio led 6: unknown state 'sparkling' in show (states: starting, playing, stopped, degraded, error, shutting_down)",
                "gpio.shutdown.command must name a program");
        assertEquals(expected, p);
    }

    @Test
    void theServiceRefusesToStartOnAConfigMistakeAndNamesMissingWiring() {
        GpioSettings s = new GpioSettings(null, null, null, null, null,
                List.of(GpioSettings.Button.of(17, "scene next"), GpioSettings.Button.of(18, "learn prompt.1.weight")),
                null, null, null);
        GpioService service = GpioService.builder(s, registry).hardware(() -> {
            throw new AssertionError("hardware must not be opened");
        }).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, service::start);
        assertEquals("hardware controls (gpio) configuration: gpio button 'button 17' scene next: this box has no scene book; "
                + "gpio button 'button 18' learn prompt.1.weight: this box has no MIDI learn", e.getMessage());
    }

    @Test
    void actionPhrases() {
        assertEquals(new ButtonAction(ButtonAction.Kind.SCENE_RECALL, "Opening  Night"), ButtonAction.parse("  Scene  recall Opening  Night "));
        assertEquals(new ButtonAction(ButtonAction.Kind.SCENE_NEXT, ""), ButtonAction.parse("scene next"));
        assertEquals("trigger transport.play", ButtonAction.parse("trigger transport.play").toString());
        assertEquals("action 'trigger': 'trigger' needs a parameter id",
                assertThrows(IllegalArgumentException.class, () -> ButtonAction.parse("trigger")).getMessage());
        assertEquals("action 'panic now': 'panic' takes nothing after it",
                assertThrows(IllegalArgumentException.class, () -> ButtonAction.parse("panic now")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ButtonAction.parse("scene")).getMessage().startsWith("unknown action 'scene'"));
    }
}
