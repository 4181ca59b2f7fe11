package mrtbox.appliance.instrument;

import java.util.List;
import java.util.function.Supplier;
import mrtbox.inference.model.NoteFrame;

/**
 * What a particular model takes beyond the standard controls: its own parameters (by registry id, passed to it as
 * {@code StepControls.extras()}) and, for note-conditioned models, where its notes come from (null when none).
 */
public record ModelInputs(List<String> parameterIds, Supplier<NoteFrame> notes) {
    public static final ModelInputs NONE = new ModelInputs(List.of(), null);

    public ModelInputs {
        parameterIds = List.copyOf(parameterIds);
    }
}
