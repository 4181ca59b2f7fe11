package mrtbox.control.oscquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import mrtbox.control.osc.AddressSpace;
import mrtbox.control.osc.OscCommand;
import mrtbox.control.osc.OscValues;
import mrtbox.control.osc.StatusMessages;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.status.StatusReport;

/**
 * The OSCQuery namespace (Vidvox OSCQueryProposal) as JSON, generated from the address space: parameters
 * (read-write, with VALUE, RANGE, CLIPMODE, UNIT, DESCRIPTION), commands (write-only) and the status stream
 * (read-only). Containers carry FULL_PATH and CONTENTS.
 */
public final class OscQueryTree {
    public static final int ACCESS_NONE = 0;
    public static final int ACCESS_READ = 1;
    public static final int ACCESS_WRITE = 2;
    public static final int ACCESS_READ_WRITE = 3;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OscQueryTree() {}

    /** The whole tree from "/". */
    public static ObjectNode build(AddressSpace space, ParamSnapshot snapshot, StatusReport status) {
        ObjectNode root = container("/");
        root.put("DESCRIPTION", "mrtbox: a live instrument running Magenta RealTime");
        for (ParamHandle h : space.params().values()) {
            ObjectNode leaf = leaf(root, h.spec().oscAddress());
            describeParam(leaf, h.spec(), snapshot.value(h));
        }
        for (OscCommand c : OscCommand.values()) {
            ObjectNode leaf = leaf(root, c.address());
            leaf.put("TYPE", c.typeTags());
            leaf.put("ACCESS", ACCESS_WRITE);
            leaf.put("DESCRIPTION", c.arguments());
        }
        for (StatusMessages.Entry e : StatusMessages.of(status)) {
            ObjectNode leaf = leaf(root, e.address());
            leaf.put("TYPE", typeTags(e.args()));
            leaf.put("ACCESS", ACCESS_READ);
            leaf.set("VALUE", values(e.args()));
            leaf.put("DESCRIPTION", "status (read-only, streamed to LISTEN and to OSC subscribers)");
        }
        return root;
    }

    /** The node at a path ("/" or "/mrtbox/prompt/1"), or null. A trailing slash is ignored. */
    public static ObjectNode find(ObjectNode root, String path) {
        if (path.equals("/") || path.isEmpty()) return root;
        ObjectNode node = root;
        for (String seg : path.substring(1).split("/")) {
            if (seg.isEmpty()) continue;
            JsonNode contents = node.get("CONTENTS");
            JsonNode child = contents == null ? null : contents.get(seg);
            if (!(child instanceof ObjectNode next)) return null;
            node = next;
        }
        return node;
    }

    private static void describeParam(ObjectNode leaf, ParamSpec spec, Object value) {
        leaf.put("TYPE", spec.type().oscTypeTag());
        boolean trigger = spec.type() == ParamType.TRIGGER;
        leaf.put("ACCESS", trigger ? ACCESS_WRITE : spec.readOnly() ? ACCESS_READ : ACCESS_READ_WRITE);
        if (!trigger) leaf.set("VALUE", values(OscValues.typedArgs(spec, value)));
        if (spec.type() == ParamType.FLOAT || spec.type() == ParamType.INT || spec.type() == ParamType.ENUM) {
            ObjectNode range = JSON.objectNode();
            if (spec.type() == ParamType.FLOAT) {
                range.put("MIN", spec.min());
                range.put("MAX", spec.max());
            } else {
                range.put("MIN", (long) spec.min());
                range.put("MAX", (long) spec.max());
            }
            leaf.set("RANGE", JSON.arrayNode().add(range));
            leaf.set("CLIPMODE", JSON.arrayNode().add(spec.outOfRange() == ParamSpec.OutOfRange.CLAMP ? "both" : "none"));
        }
        if (!spec.unit().isEmpty()) leaf.set("UNIT", JSON.arrayNode().add(spec.unit()));
        // OSCQuery has no label attribute: the label leads the description, the group is the node's tag
        String description = spec.label() + ": " + spec.description();
        leaf.set("TAGS", JSON.arrayNode().add(spec.group()));
        if (spec.type() == ParamType.ENUM) {
            StringBuilder sb = new StringBuilder(description).append(" (");
            for (int i = 0; i < spec.choices().size(); i++) sb.append(i == 0 ? "" : ", ").append(i).append('=').append(spec.choices().get(i));
            description = sb.append(')').toString();
        }
        if (spec.requiresReset() && !description.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            description += " (takes effect at the next reset)";
        }
        leaf.put("DESCRIPTION", description);
    }

    private static ArrayNode values(List<Object> args) {
        ArrayNode a = JSON.arrayNode();
        for (Object v : args) {
            if (v instanceof Float f) a.add(f.doubleValue());
            else if (v instanceof Integer i) a.add(i);
            else if (v instanceof Boolean b) a.add(b);
            else a.add(String.valueOf(v));
        }
        return a;
    }

    private static String typeTags(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (Object v : args) sb.append(v instanceof Float ? 'f' : v instanceof Integer ? 'i' : 's');
        return sb.toString();
    }

    private static ObjectNode container(String fullPath) {
        ObjectNode n = JSON.objectNode();
        n.put("FULL_PATH", fullPath);
        n.put("ACCESS", ACCESS_NONE);
        n.set("CONTENTS", JSON.objectNode());
        return n;
    }

    /** Walks (creating containers) to the node for {@code address} and returns it. */
    private static ObjectNode leaf(ObjectNode root, String address) {
        ObjectNode node = root;
        StringBuilder path = new StringBuilder();
        for (String seg : address.substring(1).split("/")) {
            path.append('/').append(seg);
            ObjectNode contents = (ObjectNode) node.get("CONTENTS");
            if (contents == null) {
                contents = JSON.objectNode();
                node.set("CONTENTS", contents);
            }
            ObjectNode child = (ObjectNode) contents.get(seg);
            if (child == null) {
                child = container(path.toString());
                contents.set(seg, child);
            }
            node = child;
        }
        node.remove("CONTENTS");
        return node;
    }
}
