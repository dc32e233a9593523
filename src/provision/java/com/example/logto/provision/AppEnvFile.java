package com.example.logto.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .logto/app.env}: the settings the sample needs after provisioning ({@code LOGTO_ENDPOINT},
 * {@code LOGTO_BASE_URL}, {@code LOGTO_APP_ID}, {@code LOGTO_APP_SECRET} and the connector's target and name),
 * one {@code NAME='value'} per line, so a shell can {@code source} it and {@code mvn -Prun} reads it.
 *
 * <p>It holds a secret: written atomically with mode 600, ignored by git, never printed ({@link #mask}).
 */
public final class AppEnvFile {

    private AppEnvFile() {
    }

    /** The file's settings, in order; empty when there is no file. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, equals).trim(), unquote(line.substring(equals + 1).trim()));
            }
        }
        return values;
    }

    /** Writes {@code values} unless the file already holds exactly them; returns whether it wrote. */
    static boolean write(Path file, Map<String, String> values) throws IOException {
        if (read(file).equals(values)) {
            return false;
        }
        StringBuilder text = new StringBuilder("# Written by ./provision (do not commit: it holds the app secret).\n");
        values.forEach((name, value) -> text.append(name).append("='")
                .append(value.replace("'", "'\\''")).append("'\n"));
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".app", ".env",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The first and last two characters only: enough to tell secrets apart, useless to an onlooker. */
    static String mask(String secret) {
        if (secret == null) {
            return "<a new secret>";
        }
        return secret.length() < 12 ? "****" : secret.substring(0, 2) + "****" + secret.substring(secret.length() - 2);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("'\\''", "'");
        }
        return value;
    }
}
