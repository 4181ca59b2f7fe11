package mrtbox.control.midi;

/**
 * What the MIDI thread has seen, for {@link MidiStats}: each stage of the pipeline counts its own. Written by the
 * dispatcher thread only (volatile, so {@code stats()} reads them from any thread).
 */
final class MidiCounters {
    volatile long messages, events, applied, unknownBytes, sysexMessages, realtime, scenesRecalled, panics;
}
