package mrtbox.inference.engine;

import mrtbox.inference.guard.EqualPowerCrossfade;

/**
 * The first audio-thread stage: takes PCM out of the ring and turns every discontinuity into a short linear fade.
 *
 * <ul>
 *   <li>start (and play after stop): waits silently until {@code resumeFrames} (and at least a block plus the
 *       guard) are buffered, then fades in;</li>
 *   <li>stop: fades out over the stop fade, then outputs silence without reading;</li>
 *   <li>flush (reset, play): live, fades out the stale audio at once, skips to the flush mark and fades in the
 *       new audio; offline, plays up to the mark, fading out just before it and in just after it;</li>
 *   <li>underrun: the reader always leaves {@code guardFrames} unread, so when the ring runs short there is
 *       audio left to fade out with; the underrun is counted, and play resumes with a fade in once
 *       {@code resumeFrames} are buffered again;</li>
 *   <li>state swap (a scene with music, a rollback): the old stream plays on up to the swap mark, and its last
 *       frames before the mark (the audio already buffered ahead) are mixed with the new stream's first frames by
 *       the swap's {@link EqualPowerCrossfade}; when less old audio is buffered than the crossfade needs, or the new
 *       audio is not there in time, it falls back to fading out to the mark and in after it.</li>
 * </ul>
 * Audio thread only; no allocation, locks or logging. Counters are published with volatile writes.
 */
final class Playout {
    private enum Mode { SILENT, PLAYING, FADING_OUT, CROSSFADING }
    private static final int SCRATCH_FRAMES = 512;

    private final FloatRing ring;
    private final Transport transport;
    private final int channels;
    private final int fadeFrames;
    private final int stopFadeFrames;
    private final int guardFrames;
    private final int resumeFrames;

    private Mode mode = Mode.SILENT;
    private float gain;          // fade envelope, 0..1
    private float fadeInStep;    // gain added per frame while fading in
    private float fadeOutStep;   // gain removed per frame while fading out
    private int fadeOutLeft;     // frames left in the current fade out
    private long handledSwap;    // the swap mark last crossfaded (or given up on)
    private long xfNewStart;     // crossfade: ring position of the new stream's first sample
    private EqualPowerCrossfade xf; // the crossfade running
    private final float[] scratchOld;
    private final float[] scratchNew;

    private volatile long underruns;
    private volatile boolean audible;

    Playout(FloatRing ring, Transport transport, int channels, int fadeFrames, int stopFadeFrames, int resumeFrames) {
        if (fadeFrames < 1 || stopFadeFrames < 1) throw new IllegalArgumentException("fades must be at least one frame");
        this.ring = ring;
        this.transport = transport;
        this.channels = channels;
        this.fadeFrames = fadeFrames;
        this.stopFadeFrames = stopFadeFrames;
        this.guardFrames = fadeFrames;
        this.resumeFrames = Math.max(resumeFrames, 1);
        this.scratchOld = new float[SCRATCH_FRAMES * channels];
        this.scratchNew = new float[SCRATCH_FRAMES * channels];
        if ((long) this.resumeFrames * channels > ring.capacity()) {
            throw new IllegalArgumentException("ring of " + ring.capacity() + " floats cannot hold the resume level of "
                    + this.resumeFrames + " frames");
        }
    }

    long underruns() {
        return underruns;
    }

    /** True while audio (not silence) is being played or faded. */
    boolean audible() {
        return audible;
    }

    void render(float[] out, int frames) {
        int pos = 0;
        while (pos < frames) {
            switch (mode) {
                case FADING_OUT -> pos = fadeOut(out, pos, frames);
                case PLAYING -> pos = play(out, pos, frames);
                case SILENT -> pos = silent(out, pos, frames);
                case CROSSFADING -> pos = crossfade(out, pos, frames);
            }
        }
    }

    private int silent(float[] out, int pos, int frames) {
        boolean playing = transport.playing();   // read before the flush mark: play() moves the mark first
        long flush = transport.flushTo();
        if (transport.skipStaleAudio() && flush > ring.readPosition()) ring.skipTo(flush);
        int need = frames - pos;
        if (playing && ring.available() / channels >= Math.max(resumeFrames, need + guardFrames)) {
            mode = Mode.PLAYING;
            gain = 0f;
            fadeInStep = 1f / fadeFrames;
            audible = true;
            return pos;
        }
        java.util.Arrays.fill(out, pos * channels, frames * channels, 0f);
        audible = false;
        return frames;
    }

    private int play(float[] out, int pos, int frames) {
        if (!transport.playing()) {
            startFadeOut(Math.min(stopFadeFrames, ring.available() / channels));
            return pos;
        }
        long flush = transport.flushTo();
        long readPos = ring.readPosition();
        int need = frames - pos;
        if (flush > readPos) {
            long before = (flush - readPos) / channels;
            if (transport.skipStaleAudio() || before <= fadeFrames) {
                startFadeOut((int) Math.min(fadeFrames, before));
                return pos;
            }
            need = (int) Math.min(need, before - fadeFrames);   // play on up to where the fade before the mark starts
        }
        long swap = transport.swapAt();
        if (swap > readPos && swap != handledSwap && flush <= readPos) {
            int oldLeft = (int) ((swap - readPos) / channels);
            EqualPowerCrossfade fade = transport.swapFade();
            int wanted = fade.frames();
            if (oldLeft > wanted) {
                need = Math.min(need, oldLeft - wanted);   // play on up to where the crossfade starts
            } else {
                handledSwap = swap;
                if (oldLeft == wanted && ring.available() / channels - oldLeft >= wanted + guardFrames) {
                    mode = Mode.CROSSFADING;
                    xf = fade;
                    xf.restart();
                    xfNewStart = swap;
                } else {
                    startFadeOut(oldLeft);   // too little old audio, or the new is late: fade out to the mark, in after it
                }
                return pos;
            }
        }
        int availableFrames = ring.available() / channels;
        if (availableFrames < need + guardFrames) {
            underruns = underruns + 1;   // single writer: the audio thread
            startFadeOut(Math.min(fadeFrames, availableFrames));
            return pos;
        }
        int off = pos * channels;
        ring.read(out, off, need * channels);
        if (gain < 1f) {
            for (int f = 0; f < need; f++) {
                gain = Math.min(1f, gain + fadeInStep);
                for (int c = 0; c < channels; c++) out[off + f * channels + c] *= gain;
            }
        }
        return pos + need;
    }

    private int crossfade(float[] out, int pos, int frames) {
        int left = xf.frames() - xf.position();
        if (!transport.playing() || transport.flushTo() > ring.readPosition()) {
            // stopped or reset mid-crossfade: fade out what is left of the old stream, as without a swap
            mode = Mode.PLAYING;
            startFadeOut(Math.min(transport.playing() ? fadeFrames : stopFadeFrames, left));
            return pos;
        }
        int n = Math.min(Math.min(frames - pos, left), SCRATCH_FRAMES);
        int len = n * channels;
        ring.read(scratchOld, 0, len);                                                   // the old stream
        ring.peek(xfNewStart + (long) xf.position() * channels, scratchNew, 0, len);   // the new one
        xf.mix(scratchOld, scratchNew, scratchOld, n);
        int off = pos * channels;
        for (int f = 0; f < n; f++) {
            if (gain < 1f) gain = Math.min(1f, gain + fadeInStep);
            for (int c = 0; c < channels; c++) out[off + f * channels + c] = gain * scratchOld[f * channels + c];
        }
        if (xf.done()) {
            ring.skipTo(xfNewStart + (long) xf.frames() * channels);   // past the new frames already mixed in
            mode = Mode.PLAYING;
        }
        return pos + n;
    }

    private void startFadeOut(int frames) {
        mode = Mode.FADING_OUT;
        fadeOutLeft = frames;
        fadeOutStep = frames == 0 ? gain : gain / frames;
    }

    private int fadeOut(float[] out, int pos, int frames) {
        int n = Math.min(fadeOutLeft, frames - pos);
        int off = pos * channels;
        ring.read(out, off, n * channels);   // guaranteed available: fade lengths never exceed what was buffered
        for (int f = 0; f < n; f++) {
            gain = Math.max(0f, gain - fadeOutStep);
            for (int c = 0; c < channels; c++) out[off + f * channels + c] *= gain;
        }
        fadeOutLeft -= n;
        if (fadeOutLeft == 0) {
            gain = 0f;
            mode = Mode.SILENT;
        }
        return pos + n;
    }
}
