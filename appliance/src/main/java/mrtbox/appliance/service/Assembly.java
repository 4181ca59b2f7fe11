package mrtbox.appliance.service;

import java.util.List;
import mrtbox.control.param.StandardParams;

/**
 * Builds the components of a box on a {@link Foundation}, each with its dependencies passed to its constructor,
 * and returns them in start order (the {@link Appliance} stops them in reverse). Runs before the last state is
 * restored: components register their parameters in their constructors, so saved values come back. Open no devices
 * or sockets here: that is {@link Component#start()}. The real box is {@code mrtbox.appliance.box.Box}.
 */
@FunctionalInterface
public interface Assembly {
    List<Component> assemble(Foundation foundation) throws Exception;

    /**
     * The guidance range of the model this box will play, for the standard parameters the {@link Appliance}
     * registers before {@link #assemble}; the widest range unless the assembly knows its model.
     */
    default StandardParams.Guidance guidance(Foundation foundation) {
        return StandardParams.Guidance.WIDE;
    }
}
