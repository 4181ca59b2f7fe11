package mrtbox.control.surface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/** The prompt surface's weights against values worked out by hand, and the driver writing them through the registry. */
class PromptSurfaceTest {

    @Test
    void promptSurfaceWeightsAreInverseSquaredDistances() {
        // Listener at (0,0); prompts at (1,0) (d=1), (0,-2) (d=2), (0.5,0) (d=0.5): 1/d^2 = 1, 0.25, 4; sum 5.25.
        double[] w = PromptSurface.weights(0, 0, new double[] {1, 0, 0.5}, new double[] {0, -2, 0});
        assertArrayEquals(new double[] {1 / 5.25, 0.25 / 5.25, 4 / 5.25}, w, 1e-12);
        // Equal distances: equal weights.
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25},
                PromptSurface.weights(0.1, 0.2, new double[] {0.6, -0.4, 0.1, 0.1}, new double[] {0.2, 0.2, 0.7, -0.3}), 1e-12);
        // On a point (closer than one stage pixel): that prompt alone; of two such prompts the first wins.
        assertArrayEquals(new double[] {0, 1, 0},
                PromptSurface.weights(0.3, 0.3, new double[] {-1, 0.301, 0.3}, new double[] {0, 0.3, 0.3}), 0);
        assertArrayEquals(new double[] {0, 1, 0},
                PromptSurface.weights(0.3, 0.3, new double[] {-1, 0.3, 0.3}, new double[] {0, 0.3, 0.3}), 0);
        // Just outside the snap radius the formula applies again.
        double[] near = PromptSurface.weights(0, 0, new double[] {0.003, 1}, new double[] {0, 0});
        double a = 1 / (0.003 * 0.003);
        assertArrayEquals(new double[] {a / (a + 1), 1 / (a + 1)}, near, 1e-12);
        assertEquals(0, PromptSurface.weights(0, 0, new double[0], new double[0]).length);
    }

    @Test
    void theSurfaceWritesPromptWeightsThroughTheRegistry() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        registry.registerAll(SurfaceParams.all());
        SurfaceDriver driver = new SurfaceDriver(registry);
        registry.addListener(driver);
        List<ChangeSource> weightSources = new ArrayList<>();
        List<Double> sumsSeen = new ArrayList<>();
        registry.addListener((RegistryListener) ch -> {
            if (!ch.id().endsWith(".weight")) return;
            weightSources.add(ch.source());
            double sum = 0;
            for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
                sum += (Double) ch.snapshot().value(StandardParams.promptWeight(slot));
            }
            sumsSeen.add(sum);
        });
        // Prompts 1 (default text), 2 and 3 have text; 4..6 are empty and stay off the surface.
        registry.set(StandardParams.promptText(2), "dark techno", ChangeSource.INTERNAL);
        registry.set(StandardParams.promptText(3), "harp", ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptX(1), 1.0, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptY(1), 0.0, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptX(2), 0.0, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptY(2), -1.0, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptX(3), 0.5, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.promptY(3), 0.0, ChangeSource.INTERNAL);
        assertTrue(weightSources.isEmpty(), "the surface is off: weights untouched");

        registry.set(SurfaceParams.ENABLED, true, ChangeSource.INTERNAL);
        // Listener at (0,0): d = 1, 1, 0.5 -> 1/d^2 = 1, 1, 4; sum 6.
        assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 4 / 6.0, 0, 0, 0}, weights(registry), 1e-9);
        assertTrue(!weightSources.isEmpty() && weightSources.stream().allMatch(s -> s.kind() == ChangeSource.Kind.INTERNAL));

        registry.set(SurfaceParams.X, 0.5, ChangeSource.of(ChangeSource.Kind.OSC, "pad"));
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0}, weights(registry), 0, "on prompt 3");
        registry.set(SurfaceParams.X, 0.25, ChangeSource.INTERNAL);
        registry.set(SurfaceParams.Y, -0.25, ChangeSource.INTERNAL);
        // d1^2 = 0.75^2 + 0.25^2 = 0.625, d2^2 = 0.25^2 + 0.75^2 = 0.625, d3^2 = 0.25^2 + 0.25^2 = 0.125.
        double a = 1 / 0.625, b = 1 / 0.125, sum = 2 * a + b;
        assertArrayEquals(new double[] {a / sum, a / sum, b / sum, 0, 0, 0}, weights(registry), 1e-6);
        registry.set(StandardParams.promptText(3), "", ChangeSource.INTERNAL);
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0, 0, 0}, weights(registry), 1e-6, "an emptied prompt leaves the surface");
        // Every snapshot a weight change carries is a whole move (weights sum to 1): the six are written as one.
        for (double seen : sumsSeen) assertEquals(1.0, seen, 1e-9, "a snapshot saw half a move: " + sumsSeen);
    }

    private static double[] weights(ParameterRegistry registry) {
        double[] w = new double[StandardParams.PROMPT_SLOTS];
        var s = registry.snapshot();
        for (int i = 0; i < w.length; i++) w[i] = s.number(s.handle(StandardParams.promptWeight(i + 1)));
        return w;
    }

}
