/**
 * How {@code mrtbox run} is put together: one {@link mrtbox.appliance.service.ComponentFactory} per module
 * (control hub, MIDI, OSC, web, GPIO, systemd), listed in {@link mrtbox.appliance.service.Components}. Each takes
 * what it needs from the {@link mrtbox.appliance.service.ApplianceContext} and provides what later ones use.
 * The adapters here implement the web page's {@code *Access} interfaces with the appliance's real data.
 */
package mrtbox.appliance.wiring;
