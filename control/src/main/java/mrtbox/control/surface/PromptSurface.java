package mrtbox.control.surface;

/**
 * The prompt surface: a listener point on a plane and up to six prompts placed on it; each prompt's weight is its
 * inverse squared distance to the listener, normalised to sum 1 (the Magenta RT app's {@code calculateWeights},
 * {@code FALLOFF = 2}). When the listener is on a prompt (closer than {@link #SNAP_DISTANCE}) that prompt gets 1
 * and the others 0; of several such prompts the first wins, as in the app.
 *
 * <p>Coordinates are in [-1, 1] on both axes. The app measures in screen pixels and snaps below 1 px on its default
 * 800 px wide stage; 1 px of 800 is 2/800 = 0.0025 of our 2-unit wide plane. The formula is otherwise scale-free.
 */
public final class PromptSurface {
    public static final double FALLOFF = 2.0;
    public static final double SNAP_DISTANCE = 2.0 / 800.0;

    private PromptSurface() {}

    /**
     * @param x       the listener
     * @param y       the listener
     * @param promptX the prompts' positions, one per prompt
     * @param promptY the prompts' positions
     * @return one weight per prompt, summing to 1 (empty for no prompts)
     */
    public static double[] weights(double x, double y, double[] promptX, double[] promptY) {
        int n = promptX.length;
        if (promptY.length != n) throw new IllegalArgumentException(n + " x positions, " + promptY.length + " y positions");
        double[] w = new double[n];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) dist[i] = Math.hypot(promptX[i] - x, promptY[i] - y);
        for (int i = 0; i < n; i++) {
            if (dist[i] < SNAP_DISTANCE) {
                w[i] = 1.0;
                return w;
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = 1.0 / Math.pow(dist[i], FALLOFF);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) w[i] /= sum;
        return w;
    }
}
