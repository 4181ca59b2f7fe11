package mrtbox.control.osc;

import java.util.ArrayList;
import java.util.List;

/**
 * An OSC address pattern ({@code ? * [abc] [a-z] [!a] {foo,bar}}), matched segment by segment against addresses.
 * JavaOSC only matches patterns registered on the listening side; OSC has the sender put wildcards in the
 * incoming address, so the server expands them here. Matching is a set simulation over positions, linear in
 * pattern size times address length: hostile patterns ({@code *a*a*a*a...}) cannot blow up.
 */
public final class OscPattern {
    private final String text;
    private final List<List<Token>> segments;
    private final boolean literal;

    private OscPattern(String text, List<List<Token>> segments, boolean literal) {
        this.text = text;
        this.segments = segments;
        this.literal = literal;
    }

    public static boolean hasWildcards(String address) {
        for (int i = 0; i < address.length(); i++) {
            switch (address.charAt(i)) {
                case '?', '*', '[', ']', '{', '}' -> { return true; }
                default -> { }
            }
        }
        return false;
    }

    /** Compiles a pattern; IllegalArgumentException says what is wrong (an unclosed bracket, an empty set). */
    public static OscPattern compile(String pattern) {
        if (pattern.isEmpty() || pattern.charAt(0) != '/') throw new IllegalArgumentException("a pattern starts with '/'");
        List<List<Token>> segments = new ArrayList<>();
        for (String seg : pattern.substring(1).split("/", -1)) segments.add(tokens(seg));
        return new OscPattern(pattern, List.copyOf(segments), !hasWildcards(pattern));
    }

    public String text() {
        return text;
    }

    public boolean isLiteral() {
        return literal;
    }

    public boolean matches(String address) {
        if (literal) return text.equals(address);
        if (address.isEmpty() || address.charAt(0) != '/') return false;
        String[] parts = address.substring(1).split("/", -1);
        if (parts.length != segments.size()) return false;
        for (int i = 0; i < parts.length; i++) {
            if (!matchSegment(segments.get(i), parts[i])) return false;
        }
        return true;
    }

    private static boolean matchSegment(List<Token> tokens, String s) {
        int n = s.length();
        boolean[] at = new boolean[n + 1]; // at[j]: the tokens so far can consume exactly s[0, j)
        at[0] = true;
        for (Token t : tokens) {
            boolean[] next = new boolean[n + 1];
            boolean any = false;
            if (t instanceof Star) {
                boolean reached = false;
                for (int j = 0; j <= n; j++) {
                    reached |= at[j];
                    next[j] = reached;
                    any |= reached;
                }
            } else if (t instanceof Alternatives alt) {
                for (int j = 0; j <= n; j++) {
                    if (!at[j]) continue;
                    for (String a : alt.options()) {
                        if (s.startsWith(a, j)) {
                            next[j + a.length()] = true;
                            any = true;
                        }
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    if (at[j] && t.accepts(s.charAt(j))) {
                        next[j + 1] = true;
                        any = true;
                    }
                }
            }
            if (!any) return false;
            at = next;
        }
        return at[n];
    }

    private static List<Token> tokens(String seg) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < seg.length()) {
            char c = seg.charAt(i);
            switch (c) {
                case '?' -> { out.add(new AnyChar()); i++; }
                case '*' -> {
                    if (out.isEmpty() || !(out.get(out.size() - 1) instanceof Star)) out.add(new Star());
                    i++;
                }
                case '[' -> {
                    int close = seg.indexOf(']', i + 1);
                    if (close < 0) throw new IllegalArgumentException("unclosed '[' in pattern");
                    out.add(CharSet.parse(seg.substring(i + 1, close)));
                    i = close + 1;
                }
                case '{' -> {
                    int close = seg.indexOf('}', i + 1);
                    if (close < 0) throw new IllegalArgumentException("unclosed '{' in pattern");
                    String body = seg.substring(i + 1, close);
                    if (body.indexOf('{') >= 0) throw new IllegalArgumentException("nested '{' in pattern");
                    out.add(new Alternatives(List.of(body.split(",", -1))));
                    i = close + 1;
                }
                case ']', '}' -> throw new IllegalArgumentException("unmatched '" + c + "' in pattern");
                default -> { out.add(new Literal(c)); i++; }
            }
        }
        return out;
    }

    private interface Token {
        default boolean accepts(char c) {
            throw new UnsupportedOperationException();
        }
    }

    private record Literal(char c) implements Token {
        public boolean accepts(char x) { return x == c; }
    }

    private record AnyChar() implements Token {
        public boolean accepts(char x) { return true; }
    }

    private record Star() implements Token {}

    private record Alternatives(List<String> options) implements Token {}

    /** {@code [abc]}, {@code [a-z]}, {@code [!0-9]}; a '-' first or last is literal. */
    private record CharSet(boolean negated, String singles, String ranges) implements Token {
        static CharSet parse(String body) {
            boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
            if (negated) body = body.substring(1);
            if (body.isEmpty()) throw new IllegalArgumentException("empty '[]' in pattern");
            StringBuilder singles = new StringBuilder();
            StringBuilder ranges = new StringBuilder();
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                    char hi = body.charAt(i + 2);
                    if (hi < c) throw new IllegalArgumentException("reversed range '" + c + "-" + hi + "' in pattern");
                    ranges.append(c).append(hi);
                    i += 2;
                } else {
                    singles.append(c);
                }
            }
            return new CharSet(negated, singles.toString(), ranges.toString());
        }

        public boolean accepts(char x) {
            boolean in = singles.indexOf(x) >= 0;
            for (int i = 0; !in && i < ranges.length(); i += 2) in = x >= ranges.charAt(i) && x <= ranges.charAt(i + 1);
            return in != negated;
        }
    }
}
