package mrtbox.web.api;

import java.util.Optional;
import mrtbox.web.PromptAudioAccess.Container;
import mrtbox.web.http.ApiError;

/** Checks on uploaded files before anything touches them: the name, and the container recognised by its first bytes. */
public final class UploadChecks {
    public static final int MAX_NAME_LENGTH = 128;

    private UploadChecks() {}

    /**
     * A plain file name: 1..128 printable characters, no directory separators, no "..", no leading dot, no colon.
     * Refused rather than cleaned, so the uploader learns what was wrong.
     */
    public static String fileName(String name) {
        if (name == null || name.isBlank()) throw ApiError.badRequest("the upload needs a file name (?name=...)");
        if (name.length() > MAX_NAME_LENGTH) throw ApiError.badRequest("file name longer than " + MAX_NAME_LENGTH + " characters");
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isISOControl(ch)) throw ApiError.badRequest("file name contains a control character");
            if (ch == '/' || ch == '\\' || ch == ':') throw ApiError.badRequest("file name must not contain '" + ch + "': " + name);
        }
        if (name.contains("..")) throw ApiError.badRequest("file name must not contain \"..\": " + name);
        if (name.startsWith(".") || name.strip().length() != name.length()) {
            throw ApiError.badRequest("file name must not start with a dot or a space: " + name);
        }
        return name;
    }

    /** What the refusal of an unrecognised upload names: the formats the box can embed. */
    public static final String FORMATS = "WAV, AIFF, AU, FLAC, Ogg Vorbis or MP3";

    /**
     * WAV (RIFF....WAVE), AIFF (FORM....AIFF or AIFC), AU (.snd), FLAC (fLaC), Ogg Vorbis (OggS whose first packet
     * is the Vorbis identification header; Opus and other Ogg codecs cannot be embedded), MP3 (ID3 tag or an MPEG
     * audio frame sync).
     */
    public static Optional<Container> container(byte[] d) {
        if (d.length >= 12 && ascii(d, 0, "RIFF") && ascii(d, 8, "WAVE")) return Optional.of(Container.WAV);
        if (d.length >= 12 && ascii(d, 0, "FORM") && (ascii(d, 8, "AIFF") || ascii(d, 8, "AIFC"))) return Optional.of(Container.AIFF);
        if (d.length >= 4 && ascii(d, 0, ".snd")) return Optional.of(Container.AU);
        if (d.length >= 4 && ascii(d, 0, "fLaC")) return Optional.of(Container.FLAC);
        if (d.length >= 4 && ascii(d, 0, "OggS")) return vorbis(d) ? Optional.of(Container.OGG) : Optional.empty();
        if (d.length >= 3 && ascii(d, 0, "ID3")) return Optional.of(Container.MP3);
        if (d.length >= 4 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xE0) == 0xE0 // frame sync
                && (d[1] & 0x18) != 0x08 && (d[1] & 0x06) != 0 // a real MPEG version and layer
                && (d[2] & 0xF0) != 0xF0) { // not the invalid bitrate index
            return Optional.of(Container.MP3);
        }
        return Optional.empty();
    }

    /** The first Ogg page's first packet: byte 26 is the segment count, the packet follows the segment table. */
    private static boolean vorbis(byte[] d) {
        if (d.length < 27) return false;
        int at = 27 + (d[26] & 0xFF);
        return d.length >= at + 7 && d[at] == 1 && ascii(d, at + 1, "vorbis");
    }

    private static boolean ascii(byte[] d, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (d[at + i] != (byte) s.charAt(i)) return false;
        return true;
    }
}
