package mrtbox.control.param;

/**
 * A resolved parameter: its spec and its slot in every {@link ParamSnapshot}. Resolve once (at start-up),
 * then read snapshots through the handle on hot paths: an array index, no map lookup, no allocation.
 */
public record ParamHandle(ParamSpec spec, int index) {
    public String id() {
        return spec.id();
    }
}
