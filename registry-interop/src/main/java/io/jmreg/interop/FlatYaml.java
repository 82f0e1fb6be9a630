package io.jmreg.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat {@code key: value} YAML of MLflow's {@code meta.yaml} files: top-level scalars only (quoted or plain),
 * nested blocks skipped. No YAML library for a dozen lines.
 */
final class FlatYaml {
    private FlatYaml() {
    }

    static Map<String, String> read(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith(" ") || line.startsWith("#") || line.startsWith("-")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String value = line.substring(colon + 1).strip();
                if (value.length() >= 2 && ((value.startsWith("'") && value.endsWith("'"))
                        || (value.startsWith("\"") && value.endsWith("\"")))) {
                    value = value.substring(1, value.length() - 1).replace("''", "'");
                } else if (value.equals("null") || value.equals("~")) {
                    value = "";
                }
                out.put(line.substring(0, colon).strip(), value);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
