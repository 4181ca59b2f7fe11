/**
 * Audio injection: live input mixed with the model's own output at a feedback level, encoded with the SpectroStream
 * encoder and written into the model's context, so the model continues what the performer plays (MRT v1 per the
 * reference audio-injection notebook; MRT2 through its previous-frame slot). The model-specific halves live next to
 * each model ({@code mrtv1.ContextInjector}, {@code mrt2.FrameInjector}); this package holds what they share.
 */
package mrtbox.inference.inject;
