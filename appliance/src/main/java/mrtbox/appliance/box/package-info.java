/**
 * How {@code mrtbox run} is put together: {@link mrtbox.appliance.box.Box}, the one composition root, builds every
 * component with its dependencies passed to its constructor, in the order the data flows. The components themselves
 * live next to their subsystems ({@code input}, {@code styles}, {@code operations}, {@code instrument},
 * {@code frontends}, {@code page}, {@code health}, {@code systemd}); {@code service} runs them.
 */
package mrtbox.appliance.box;
