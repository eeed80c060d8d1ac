package io.alps.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A fresh API token for each local stack, written where only its owner can read it. */
final class ApiToken {
    static final String FILE = "api-token";

    private ApiToken() {
    }

    /** Creates a random token and writes it to {@code <work>/api-token} with owner-only permissions. */
    static String create(Path workDir) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path file = workDir.resolve(FILE);
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API token to " + file, e);
        }
        return token;
    }
}
