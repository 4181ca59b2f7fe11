package mrtbox.appliance.cli;

/** A failure caused by input the user can fix (a file, a flag, a device): printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
