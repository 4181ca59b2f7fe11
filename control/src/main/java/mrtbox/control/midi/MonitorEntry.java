package mrtbox.control.midi;

/**
 * One line of the MIDI monitor: when, from which port, the bytes (hex, SysEx shortened) and what they mean
 * ("ch 1 CC 7 = 100", "ch 2 NRPN 258 = 8192 (14-bit)").
 *
 * @param sequence grows by one per entry, so a client can tell which entries it has already shown
 */
public record MonitorEntry(long sequence, long epochMillis, String device, String bytes, String meaning) {}
