/**
 * Hardware controls on GPIO: buttons, a rotary encoder, status LEDs and a safe-shutdown long press.
 *
 * <p>Map of the package:
 * <ul>
 *   <li>Configuration: {@link mrtbox.control.gpio.GpioSettings} (pins and roles, Jackson-friendly records) and
 *       {@link mrtbox.control.gpio.ButtonAction} (what a press does).</li>
 *   <li>Timing logic, pure and driven by a clock the caller passes in: {@link mrtbox.control.gpio.Debouncer},
 *       {@link mrtbox.control.gpio.PressDetector} (press, double press, long press),
 *       {@link mrtbox.control.gpio.QuadratureDecoder}, {@link mrtbox.control.gpio.EncoderAcceleration},
 *       {@link mrtbox.control.gpio.BlinkPattern}, {@link mrtbox.control.gpio.LedStatePolicy}.</li>
 *   <li>Channels that join one piece of hardware to that logic and to the parameter registry:
 *       {@link mrtbox.control.gpio.ButtonChannel}, {@link mrtbox.control.gpio.EncoderChannel},
 *       {@link mrtbox.control.gpio.LedChannel}; {@link mrtbox.control.gpio.ControlActions} performs button actions;
 *       {@link mrtbox.control.gpio.SafeShutdown} fades out, flushes state and asks the system to power off.</li>
 *   <li>The hardware edge: {@link mrtbox.control.gpio.GpioPins} (a thin interface), implemented over Pi4J by
 *       {@link mrtbox.control.gpio.Pi4jPins}; {@link mrtbox.control.gpio.GpioHardware} finds it or says why there
 *       is none ({@link mrtbox.control.gpio.GpioProbe}).</li>
 *   <li>{@link mrtbox.control.gpio.GpioService}: start/stop, the one object the appliance wires.</li>
 * </ul>
 * All channel work runs on one thread ({@link mrtbox.control.gpio.ControlScheduler}), so the logic needs no locks.
 */
package mrtbox.control.gpio;
