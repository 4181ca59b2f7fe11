/**
 * Installation operations: the daily {@link mrtbox.appliance.operations.DailySchedule} (start, stop, scene changes,
 * nightly restart) with its clock-driven {@link mrtbox.appliance.operations.ScheduleRunner}, and the outbound
 * heartbeat ({@link mrtbox.appliance.operations.HeartbeatMessage} over HTTP and OSC), and their components:
 * {@link mrtbox.appliance.operations.BootScene}, {@link mrtbox.appliance.operations.ScheduleComponent} and
 * {@link mrtbox.appliance.operations.HeartbeatComponent}, which connect them to the registry, the scenes and the
 * status board.
 */
package mrtbox.appliance.operations;
