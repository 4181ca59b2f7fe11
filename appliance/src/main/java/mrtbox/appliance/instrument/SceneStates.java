package mrtbox.appliance.instrument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2State;
import mrtbox.inference.mrt2.Mrt2States;
import mrtbox.inference.mrtv1.MrtV1ChunkModel;
import mrtbox.inference.mrtv1.MrtV1State;
import mrtbox.inference.mrtv1.MrtV1States;

/**
 * The model states a scene can carry, one model kind's way: MRT2's state snapshot or MRT v1's context tokens. States
 * pass through {@link SceneMusic} as plain objects; only the model's own kind reads them.
 */
public interface SceneStates {
    /** The state layout this model takes (a saved state records it; another layout is refused). */
    String layout();

    /** A copy of the live state taken by the generation thread at its next step. */
    CompletableFuture<?> atNextStep();

    void write(Object state, Path file, Map<String, String> metadata) throws IOException;

    /** Reads and validates a state file entirely, changing nothing. */
    Object read(Path file) throws IOException;

    /** Makes a state the live one, the same take on (generation thread, at a step boundary). */
    void restore(Object state);

    /** The state's size in memory. */
    long bytes(Object state);

    static SceneStates of(Mrt2FrameModel model) {
        Mrt2States states = model.states();
        return new SceneStates() {
            @Override public String layout() { return states.layout(); }
            @Override public CompletableFuture<?> atNextStep() { return states.atNextStep(); }
            @Override public void write(Object s, Path file, Map<String, String> m) throws IOException { states.write((Mrt2State) s, file, m); }
            @Override public Object read(Path file) throws IOException { return states.read(file); }
            @Override public void restore(Object s) { model.restoreState((Mrt2State) s); }
            @Override public long bytes(Object s) { return Mrt2States.bytes((Mrt2State) s); }
        };
    }

    static SceneStates of(MrtV1ChunkModel model) {
        MrtV1States states = model.states();
        return new SceneStates() {
            @Override public String layout() { return states.layout(); }
            @Override public CompletableFuture<?> atNextStep() { return states.atNextStep(); }
            @Override public void write(Object s, Path file, Map<String, String> m) throws IOException { states.write((MrtV1State) s, file, m); }
            @Override public Object read(Path file) throws IOException { return states.read(file); }
            @Override public void restore(Object s) { model.restoreState((MrtV1State) s); }
            @Override public long bytes(Object s) { return MrtV1States.bytes((MrtV1State) s); }
        };
    }
}
