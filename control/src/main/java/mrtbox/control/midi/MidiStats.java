package mrtbox.control.midi;

/**
 * Counters since start, for the status page and tests.
 *
 * @param messages         MIDI messages taken from the inbound queue
 * @param dropped          messages dropped because the queue was full (a flood beyond the dispatcher's pace)
 * @param events           control events decoded and assembled
 * @param applied          registry writes made from MIDI (after coalescing)
 * @param coalesced        values replaced by a newer one before they were applied
 * @param triggers         triggers fired from MIDI
 * @param unknownBytes     bytes that fit nowhere (stray data, undefined status)
 * @param sysex            SysEx messages seen (ignored, shown in the monitor)
 * @param realtime         clock and active-sensing bytes (counted, not listed)
 * @param scenesRecalled   program changes that recalled a scene
 * @param panics           panic presses
 * @param feedbackSent     feedback messages sent to controllers
 * @param feedbackErrors   feedback sends that failed (a controller pulled between two polls)
 * @param inputsOpen       inputs connected now
 * @param outputsOpen      feedback outputs connected now
 * @param dispatcherCpuMicros CPU time the MIDI dispatcher thread has used, or -1 where the JVM cannot tell
 */
public record MidiStats(long messages, long dropped, long events, long applied, long coalesced, long triggers,
                        long unknownBytes, long sysex, long realtime, long scenesRecalled, long panics,
                        long feedbackSent, long feedbackErrors, int inputsOpen, int outputsOpen,
                        long dispatcherCpuMicros) {}
