package mrtbox.appliance.health;

import mrtbox.control.status.InputStatus;

/** Where the {@link StatusPublisher} gets the live input's part of each report. */
@FunctionalInterface
public interface InputStatusSource {
    InputStatus status();
}
