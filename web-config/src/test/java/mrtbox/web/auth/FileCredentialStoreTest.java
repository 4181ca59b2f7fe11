package mrtbox.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {
    @TempDir Path dir;

    @Test
    void savesAtomicallyReplacesAndKeepsItPrivate() throws Exception {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("state/web-password"));
        assertTrue(store.load().isEmpty());
        store.save("pbkdf2-sha256$600000$a$b");
        assertEquals("pbkdf2-sha256$600000$a$b", store.load().orElseThrow());
        store.save("pbkdf2-sha256$600000$c$d");
        assertEquals("pbkdf2-sha256$600000$c$d", store.load().orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void anEmptyFileMeansNoPassword() throws Exception {
        Path f = dir.resolve("web-password");
        Files.writeString(f, "\n");
        assertTrue(new FileCredentialStore(f).load().isEmpty());
    }
}
