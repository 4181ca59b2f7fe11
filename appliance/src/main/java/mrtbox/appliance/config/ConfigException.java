package mrtbox.appliance.config;

/** A set-up problem the user must fix before the box can start (a named config file that is missing, ...). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
