package mrtbox.control.gpio;

/** There are no usable GPIO pins here; the message says why in words an installer understands. */
public final class GpioUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GpioUnavailableException(String reason) {
        super(reason);
    }

    public GpioUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
