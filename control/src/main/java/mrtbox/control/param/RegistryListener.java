package mrtbox.control.param;

/**
 * Told about every accepted change, on the writer's thread, after the change is visible in snapshots.
 * Implementations must be quick and must not block: hand work to your own thread if it is slow (disk, network).
 */
public interface RegistryListener {
    void onChange(ParamChange change);

    /** A parameter was registered after start-up (OSCQuery sends PATH_ADDED). */
    default void onParamAdded(ParamHandle handle) {}
}
