package mrtbox.appliance.service;

import java.util.List;

/**
 * Builds the components of a box on a {@link Foundation}, each with its dependencies passed to its constructor,
 * and returns them in start order (the {@link Appliance} stops them in reverse). Runs before the last state is
 * restored: components register their parameters in their constructors, so saved values come back. Open no devices
 * or sockets here: that is {@link Component#start()}. The real box is {@code mrtbox.appliance.box.Box}.
 */
@FunctionalInterface
public interface Assembly {
    List<Component> assemble(Foundation foundation) throws Exception;
}
