package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OscPatternTest {
    private static boolean m(String pattern, String address) {
        return OscPattern.compile(pattern).matches(address);
    }

    @Test
    void wildcardsFollowTheOscSpec() {
        assertTrue(m("/a/b", "/a/b"));
        assertFalse(m("/a/b", "/a/c"));
        assertTrue(m("/a/?", "/a/b"));
        assertFalse(m("/a/?", "/a/bc"));
        assertTrue(m("/a/*", "/a/anything"));
        assertTrue(m("/a/*", "/a/"));
        assertFalse(m("/a/*", "/a/b/c"), "* does not cross '/'");
        assertTrue(m("/*/*/c", "/a/b/c"));
        assertTrue(m("/p/[1-3]/w", "/p/2/w"));
        assertFalse(m("/p/[1-3]/w", "/p/4/w"));
        assertTrue(m("/p/[!1-3]/w", "/p/4/w"));
        assertFalse(m("/p/[!1-3]/w", "/p/1/w"));
        assertTrue(m("/p/[abc]", "/p/b"));
        assertTrue(m("/p/[-a]", "/p/-"), "a leading '-' is literal");
        assertTrue(m("/p/{foo,bar}/x", "/p/bar/x"));
        assertFalse(m("/p/{foo,bar}/x", "/p/baz/x"));
        assertTrue(m("/p/we{ight,}", "/p/we"));
        assertTrue(m("/p/*ght", "/p/weight"));
        assertTrue(m("/p/w*g*t", "/p/weight"));
        assertFalse(m("/p/w*g*x", "/p/weight"));
        assertTrue(m("/mrtbox/prompt/*/weight", "/mrtbox/prompt/6/weight"));
    }

    @Test
    void badPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("/a/[bc"));
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("/a/{b,c"));
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("/a/b]"));
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("/a/[]"));
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("/a/[z-a]"));
        assertThrows(IllegalArgumentException.class, () -> OscPattern.compile("a/b"));
    }

    @Test
    void hostilePatternsStayLinear() {
        // A backtracking matcher takes exponential time here; the position-set matcher answers at once.
        String pattern = "/" + "*a".repeat(2000) + "b";
        assertFalse(m(pattern, "/" + "a".repeat(3000)));
    }
}
