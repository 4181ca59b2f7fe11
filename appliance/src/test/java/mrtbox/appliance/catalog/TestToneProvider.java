package mrtbox.appliance.catalog;

import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StreamingModel;

/** Test scope only: offers {@link TestToneModel} as "test-tone" through the catalog's ServiceLoader hook. */
public final class TestToneProvider implements ModelProvider {
    @Override
    public String name() {
        return "test-tone";
    }

    @Override
    public String description() {
        return "deterministic test tone (test scope only)";
    }

    @Override
    public StreamingModel open() {
        return new TestToneModel(ModelInfo.Shape.FRAME, 1920, 0);
    }
}
