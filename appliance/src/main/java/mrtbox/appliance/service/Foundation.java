package mrtbox.appliance.service;

import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;

/**
 * The ground floor every assembly builds on, made by the {@link Appliance} before any component: the config, the
 * directories, the state store (its directory locked), the parameter registry with the standard parameters, the
 * scenes, and two hands back into the appliance (save the last state now, ask the service to exit). An
 * {@link Assembly} passes its parts on to the constructors that need them; no component receives the whole.
 */
public record Foundation(LoadedConfig loadedConfig, ResolvedPaths paths, StateStore store, ParameterRegistry registry,
                         SceneBook scenes, Runnable lastStateFlush, ExitRequest exit) {

    /**
     * Asks the process around the appliance ({@code mrtbox run}) to stop cleanly and exit, as SIGTERM would; under
     * systemd ({@code Restart=always}) the service then starts afresh. Returns at once.
     */
    @FunctionalInterface
    public interface ExitRequest {
        void request(String why);
    }

    public MrtboxConfig config() {
        return loadedConfig.config();
    }
}
