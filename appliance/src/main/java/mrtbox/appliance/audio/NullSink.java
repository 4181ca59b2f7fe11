package mrtbox.appliance.audio;

/** Discards the audio; the output loop paces it by the clock, so generation runs exactly as with a sound card. */
public final class NullSink implements AudioSink {
    @Override
    public String describe() {
        return "null (discard, paced by the clock)";
    }

    @Override
    public void open(int sampleRate, int channels, int maxBlockFrames) {}

    @Override
    public boolean write(float[] interleaved, int frames) {
        return true;
    }

    @Override
    public boolean pacesItself() {
        return false;
    }

    @Override
    public void close() {}
}
