package mrtbox.control.osc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;

/**
 * Every OSC address mrtbox answers, generated from the parameter registry plus the fixed {@link OscCommand}s.
 * Immutable: rebuilt when a parameter is added.
 */
public final class AddressSpace {
    /** Status values streamed to subscribers live under this prefix (read-only). */
    public static final String STATUS_PREFIX = ParamSpec.OSC_ROOT + "/status/";
    public static final String ERROR_ADDRESS = ParamSpec.OSC_ROOT + "/error";
    public static final String SUBSCRIBED_ADDRESS = ParamSpec.OSC_ROOT + "/subscribed";

    private final Map<String, ParamHandle> params;

    private AddressSpace(Map<String, ParamHandle> params) {
        this.params = params;
    }

    public static AddressSpace of(ParamSnapshot snapshot) {
        Map<String, ParamHandle> params = new LinkedHashMap<>();
        for (ParamHandle h : snapshot.handles()) {
            String address = h.spec().oscAddress();
            if (OscCommand.byAddress(address) != null || address.startsWith(STATUS_PREFIX) || address.equals(ERROR_ADDRESS)) {
                throw new IllegalArgumentException("parameter " + h.id() + " collides with the reserved OSC address " + address);
            }
            params.put(address, h);
        }
        return new AddressSpace(Collections.unmodifiableMap(params));
    }

    /** The parameter at this exact address, or null. */
    public ParamHandle param(String address) {
        return params.get(address);
    }

    /** Parameters whose address the pattern matches, in registration order. */
    public List<ParamHandle> match(OscPattern pattern) {
        if (pattern.isLiteral()) {
            ParamHandle h = params.get(pattern.text());
            return h == null ? List.of() : List.of(h);
        }
        List<ParamHandle> out = new ArrayList<>();
        for (Map.Entry<String, ParamHandle> e : params.entrySet()) {
            if (pattern.matches(e.getKey())) out.add(e.getValue());
        }
        return out;
    }

    /** Parameter addresses in registration order. */
    public Map<String, ParamHandle> params() {
        return params;
    }
}
