package mrtbox.web.auth;

import java.io.IOException;
import java.util.Optional;

/** Where the password hash record lives. The appliance points {@link FileCredentialStore} at its state dir. */
public interface CredentialStore {
    /** The stored hash record, or empty before the first-run setup. */
    Optional<String> load() throws IOException;

    /** Replaces the record durably (a crash leaves the old record or the new one, never a torn one). */
    void save(String record) throws IOException;

    /**
     * Moves an unusable record out of the way, kept for its owner (a {@code .bak} beside it), so that a new
     * password can be set; returns where it was kept.
     */
    String setAside() throws IOException;
}
