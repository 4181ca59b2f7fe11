package mrtbox.inference.text;

import java.util.Arrays;

/** A byte-wise trie from piece strings (UTF-8) to ids, walked one byte at a time by the unigram lattice. */
final class PieceTrie {
    private static final class Node {
        byte[] labels = new byte[0];
        Node[] children = new Node[0];
        int id = -1;

        Node[] direct; // a full 256-way table once a node has many children (the root, common prefixes)

        Node child(byte b) {
            if (direct != null) return direct[b & 0xFF];
            for (int i = 0; i < labels.length; i++) if (labels[i] == b) return children[i];
            return null;
        }

        Node addChild(byte b) {
            Node n = child(b);
            if (n != null) return n;
            labels = Arrays.copyOf(labels, labels.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            labels[labels.length - 1] = b;
            n = new Node();
            children[children.length - 1] = n;
            if (labels.length > 16) {
                if (direct == null) direct = new Node[256];
                for (int i = 0; i < labels.length; i++) direct[labels[i] & 0xFF] = children[i];
            }
            return n;
        }
    }

    private final Node root = new Node();

    void put(byte[] key, int id) {
        if (key.length == 0) return;
        Node n = root;
        for (byte b : key) n = n.addChild(b);
        n.id = id;
    }

    /** Calls {@code visitor.accept(endExclusive, id)} for every key that is a prefix of {@code s[from..to)}, shortest first. */
    void prefixes(byte[] s, int from, int to, PrefixVisitor visitor) {
        Node n = root;
        for (int i = from; i < to; i++) {
            n = n.child(s[i]);
            if (n == null) return;
            if (n.id >= 0) visitor.accept(i + 1, n.id);
        }
    }

    /** Length of the longest key that prefixes {@code s[from..to)}, 0 if none. */
    int longestMatch(byte[] s, int from, int to) {
        int[] best = {0};
        prefixes(s, from, to, (end, id) -> best[0] = end - from);
        return best[0];
    }

    interface PrefixVisitor {
        void accept(int end, int id);
    }
}
