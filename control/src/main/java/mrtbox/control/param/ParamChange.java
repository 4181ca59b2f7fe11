package mrtbox.control.param;

/**
 * One accepted change, as listeners see it. Values are in API form (see {@link ParamSpec}).
 *
 * @param snapshot the registry state right after this change (compare versions to drop stale notifications)
 */
public record ParamChange(ParamSpec spec, Object oldValue, Object newValue, ChangeSource source, ParamSnapshot snapshot) {
    public String id() {
        return spec.id();
    }
}
