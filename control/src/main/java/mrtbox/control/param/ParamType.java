package mrtbox.control.param;

/**
 * The kinds of value a parameter holds. Every kind is stored as a double in a {@link ParamSnapshot}
 * (bool as 0/1, enum as its index, trigger as a press counter) except TEXT, which is stored as a String.
 */
public enum ParamType {
    FLOAT("f"),
    INT("i"),
    BOOL("T"),
    TEXT("s"),
    ENUM("i"),
    TRIGGER("N");

    private final String oscTypeTag;

    ParamType(String oscTypeTag) {
        this.oscTypeTag = oscTypeTag;
    }

    /** The OSC type tag that describes this kind in OSCQuery's TYPE (bools are advertised as T). */
    public String oscTypeTag() {
        return oscTypeTag;
    }

    public boolean isNumeric() {
        return this != TEXT;
    }
}
