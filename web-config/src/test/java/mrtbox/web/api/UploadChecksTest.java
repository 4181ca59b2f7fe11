package mrtbox.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import mrtbox.web.PromptAudioAccess.Container;
import mrtbox.web.http.ApiError;
import mrtbox.web.testing.Audio;
import org.junit.jupiter.api.Test;

class UploadChecksTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** A first Ogg page (27-byte header, one segment) holding the start of {@code packet}. */
    private static byte[] oggPage(String packet) {
        byte[] p = packet.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[28 + p.length];
        System.arraycopy("OggS".getBytes(StandardCharsets.ISO_8859_1), 0, out, 0, 4);
        out[5] = 2;                 // beginning of stream
        out[26] = 1;                // one segment
        out[27] = (byte) p.length;  // of this length
        System.arraycopy(p, 0, out, 28, p.length);
        return out;
    }

    @Test
    void recognisesAudioContainersByTheirFirstBytes() throws Exception {
        assertEquals(Optional.of(Container.WAV), UploadChecks.container(Audio.sineWav(0.01)));
        assertEquals(Optional.of(Container.FLAC), UploadChecks.container("fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.of(Container.OGG), UploadChecks.container(oggPage("\u0001vorbis\0\0\0\0\2")));
        assertTrue(UploadChecks.container(oggPage("OpusHead\1\2")).isEmpty(), "Ogg Opus cannot be embedded");
        assertTrue(UploadChecks.container("OggS\0\2\0\0".getBytes(StandardCharsets.ISO_8859_1)).isEmpty(), "a cut Ogg page");
        assertEquals(Optional.of(Container.AIFF), UploadChecks.container("FORM\0\0\1\0AIFFCOMM".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.of(Container.AIFF), UploadChecks.container("FORM\0\0\1\0AIFCFVER".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(UploadChecks.container("FORM\0\0\1\0ILBMBMHD".getBytes(StandardCharsets.ISO_8859_1)).isEmpty(), "IFF but not audio");
        assertEquals(Optional.of(Container.AU), UploadChecks.container(".snd\0\0\0\30".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.of(Container.MP3), UploadChecks.container("ID3\4\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.of(Container.MP3), UploadChecks.container(bytes(0xFF, 0xFB, 0x90, 0x64))); // MPEG-1 layer III
        assertTrue(UploadChecks.container(bytes(0xFF, 0xE0, 0x00, 0x00)).isEmpty(), "reserved version/layer is not audio");
        assertTrue(UploadChecks.container("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1)).isEmpty(), "RIFF but not WAVE");
        assertTrue(UploadChecks.container("%PDF-1.7".getBytes(StandardCharsets.ISO_8859_1)).isEmpty());
        assertTrue(UploadChecks.container(bytes(0x7F, 'E', 'L', 'F')).isEmpty());
        assertTrue(UploadChecks.container(new byte[2]).isEmpty());
    }

    @Test
    void fileNamesWithPathTricksAreRefused() {
        assertEquals("loop 1 (take 2).wav", UploadChecks.fileName("loop 1 (take 2).wav"));
        assertEquals("ünïcode.flac", UploadChecks.fileName("ünïcode.flac"));
        for (String bad : new String[] {null, "", " ", "../x.wav", "a/b.wav", "a\\b.wav", "..", "x..wav", ".bashrc", "c:x.wav",
                "a\u0000b.wav", "line\nbreak.wav", " lead.wav", "x".repeat(129)}) {
            assertThrows(ApiError.class, () -> UploadChecks.fileName(bad), String.valueOf(bad));
        }
    }
}
