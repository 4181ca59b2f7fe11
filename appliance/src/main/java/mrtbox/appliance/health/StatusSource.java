package mrtbox.appliance.health;

import mrtbox.control.status.StatusReport;

/** Where the {@link StatusPublisher} gets each report: the engine's metrics, when the box has an engine. */
@FunctionalInterface
public interface StatusSource {
    StatusReport report(double uptimeSeconds);
}
