package mrtbox.control.mapping;

import java.util.Optional;

/**
 * MIDI learn as the frontends see it: the web page, OSC ({@code /mrtbox/learn <param id>}) and a hardware learn
 * button arm a target parameter; the next control the performer moves becomes its mapping.
 */
public interface LearnControl {
    /** Arms learn for a parameter; rejects unknown ids and parameters that cannot be mapped (text). */
    void arm(String parameterId);

    void cancel();

    /** The parameter currently waiting for a control, if any. */
    Optional<String> armed();

    /** Removes every mapping that targets this parameter; returns how many. */
    int unlearn(String parameterId);
}
