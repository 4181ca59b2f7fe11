package mrtbox.appliance.service;

/**
 * Makes a component from what the appliance offers. Runs before the last state is restored: register parameters
 * here (so their saved values come back), and {@link ApplianceContext#provide provide} anything a later component
 * needs. Open no devices or sockets until {@link Component#start()}.
 */
@FunctionalInterface
public interface ComponentFactory {
    Component create(ApplianceContext context) throws Exception;
}
