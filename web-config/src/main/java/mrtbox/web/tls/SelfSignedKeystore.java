package mrtbox.web.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's own HTTPS certificate: a PKCS12 keystore with a self-signed EC key, made once with the JDK's keytool
 * and kept (browsers remember an accepted exception). Its random password lives beside it in
 * {@code <keystore>.password}, readable by the owner only.
 */
public final class SelfSignedKeystore {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedKeystore.class);
    public static final String ALIAS = "mrtbox";

    private final Path keystore;
    private final Path passwordFile;

    public SelfSignedKeystore(Path keystore) {
        this.keystore = keystore.toAbsolutePath();
        this.passwordFile = this.keystore.resolveSibling(this.keystore.getFileName() + ".password");
    }

    public Path keystore() {
        return keystore;
    }

    /** Makes the keystore when it does not exist yet; returns its password. */
    public String ensure(List<String> extraNames) throws IOException {
        if (Files.exists(keystore) && Files.exists(passwordFile)) return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        Files.createDirectories(keystore.getParent());
        Files.deleteIfExists(keystore);
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        List<String> cmd = List.of(keytool().toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=mrtbox", "-ext", "SAN=" + subjectAltNames(extraNames),
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the certificate", e);
        }
        if (p.exitValue() != 0) throw new IOException("keytool failed (exit " + p.exitValue() + "): " + out.strip());
        Files.deleteIfExists(passwordFile);
        try {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(passwordFile);
        }
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        log.info("generated a self-signed HTTPS certificate in {}", keystore);
        return password;
    }

    private static Path keytool() {
        Path k = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(k)) throw new IllegalStateException("keytool not found at " + k + ": HTTPS needs a full JDK/JRE");
        return k;
    }

    private static String subjectAltNames(List<String> extraNames) {
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host.matches("[A-Za-z0-9.-]+")) {
                names.add("dns:" + host);
                if (!host.contains(".")) names.add("dns:" + host + ".local");
            }
        } catch (IOException e) {
            // no host name: localhost only
        }
        for (String n : extraNames) {
            if (n.matches("[0-9.]+") || n.contains(":")) names.add("ip:" + n);
            else if (n.matches("[A-Za-z0-9.-]+")) names.add("dns:" + n);
        }
        return String.join(",", new ArrayList<>(names));
    }
}
