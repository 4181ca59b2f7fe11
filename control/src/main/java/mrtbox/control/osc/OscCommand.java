package mrtbox.control.osc;

/**
 * The addresses that are actions rather than parameters. They are matched literally (wildcards expand over
 * parameters only, so a stray {@code /mrtbox/*} can never save a scene or play a note).
 */
public enum OscCommand {
    NOTE_ON("/mrtbox/note/on", "ii", "i note 0..127, optional i velocity 1..127 (default 100; 0 is a note-off)"),
    NOTE_OFF("/mrtbox/note/off", "i", "i note 0..127"),
    SCENE_RECALL("/mrtbox/scene/recall", "s", "s scene name, or i index in name order (0-based)"),
    SCENE_SAVE("/mrtbox/scene/save", "s", "s scene name (replaces a scene of that name)"),
    LEARN("/mrtbox/learn", "s", "s parameter id or address: the next MIDI control moved is mapped to it"),
    GET("/mrtbox/get", "s", "s address or pattern (none: every parameter); the values are sent back to the sender"),
    SUBSCRIBE("/mrtbox/subscribe", "i", "optional i reply port (default: the sender's port); repeat within the TTL to stay subscribed"),
    UNSUBSCRIBE("/mrtbox/unsubscribe", "i", "optional i reply port");

    private final String address;
    private final String typeTags;
    private final String arguments;

    OscCommand(String address, String typeTags, String arguments) {
        this.address = address;
        this.typeTags = typeTags;
        this.arguments = arguments;
    }

    public String address() { return address; }

    /** The OSCQuery TYPE (the full form; optional arguments may be left out). */
    public String typeTags() { return typeTags; }

    /** Human description of the arguments, for the address table and OSCQuery DESCRIPTION. */
    public String arguments() { return arguments; }

    public static OscCommand byAddress(String address) {
        for (OscCommand c : values()) if (c.address.equals(address)) return c;
        return null;
    }
}
