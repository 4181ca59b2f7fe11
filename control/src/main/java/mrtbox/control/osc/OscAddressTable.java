package mrtbox.control.osc;

import java.util.Locale;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.StatusReport;

/** The OSC address table as Markdown, generated from the registry so the README never drifts from the code. */
public final class OscAddressTable {
    private OscAddressTable() {}

    public static String markdown(ParameterRegistry registry) {
        StringBuilder sb = new StringBuilder(parameters(registry));
        sb.append("\n| command | arguments |\n|---|---|\n");
        for (OscCommand c : OscCommand.values()) {
            sb.append("| `").append(c.address()).append("` | ").append(escape(c.arguments())).append(" |\n");
        }
        sb.append("\n| sent to subscribers | type |\n|---|---|\n");
        for (StatusMessages.Entry e : StatusMessages.of(StatusReport.STARTING)) {
            String type = e.args().get(0) instanceof Float ? "f" : e.args().get(0) instanceof Integer ? "i" : "s";
            sb.append("| `").append(e.address()).append("` | ").append(type).append(" |\n");
        }
        sb.append("| `").append(AddressSpace.SUBSCRIBED_ADDRESS).append("` | i: subscription lifetime in seconds |\n");
        sb.append("| `").append(AddressSpace.ERROR_ADDRESS).append("` | s address, s reason |\n");
        return sb.toString();
    }

    /** The parameter rows alone (address, name, type, range, default, description), as in {@link #markdown}. */
    public static String parameters(ParameterRegistry registry) {
        AddressSpace space = AddressSpace.of(registry.snapshot());
        StringBuilder sb = new StringBuilder();
        sb.append("| address | name | type | range | default | description |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ParamHandle h : space.params().values()) {
            ParamSpec s = h.spec();
            sb.append("| `").append(s.oscAddress()).append("` | ").append(escape(s.group() + ": " + s.label())).append(" | ")
                    .append(typeName(s)).append(" | ")
                    .append(range(s)).append(" | ").append(defaultValue(s)).append(" | ")
                    .append(escape(description(s))).append(" |\n");
        }
        return sb.toString();
    }

    private static String description(ParamSpec s) {
        boolean saysSo = s.description().toLowerCase(Locale.ROOT).contains("reset");
        return s.requiresReset() && !saysSo ? s.description() + " (takes effect at the next reset)" : s.description();
    }

    private static String typeName(ParamSpec s) {
        return switch (s.type()) {
            case FLOAT -> "f (i accepted)";
            case INT -> "i (f accepted if whole)";
            case BOOL -> "T/F, i or f 0/1";
            case TEXT -> "s (max " + s.maxLength() + " chars)";
            case ENUM -> "i index or s name";
            case TRIGGER -> "none or any (0/F ignored)";
        };
    }

    private static String range(ParamSpec s) {
        if (s.type() == ParamType.ENUM) return escape(String.join(", ", s.choices()));
        if (!s.hasRange() || s.type() == ParamType.BOOL) return "";
        String r = fmt(s.min()) + " .. " + fmt(s.max());
        if (!s.unit().isEmpty()) r += " " + s.unit();
        return r + (s.outOfRange() == ParamSpec.OutOfRange.CLAMP ? " (clamped)" : "");
    }

    private static String defaultValue(ParamSpec s) {
        if (s.type() == ParamType.TRIGGER) return "";
        Object v = s.defaultValue();
        if (v instanceof Double d) return fmt(d);
        String text = String.valueOf(v);
        return s.type() == ParamType.TEXT ? (text.isEmpty() ? "\"\"" : "\"" + escape(text) + "\"") : text;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
