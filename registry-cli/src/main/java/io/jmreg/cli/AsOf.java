package io.jmreg.cli;

import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.model.ModelVersion;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * {@code --as-of INSTANT} of the read commands (time travel): which version a reference named then, in which stage.
 * Accepts an ISO instant ({@code 2026-11-17T09:00:00Z}), a UTC date or date-time ({@code 2026-11-17},
 * {@code 2026-11-17T09:00}), or an age ({@code 3d}, {@code 12h}).
 */
final class AsOf {
    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "answer as of then: 2026-11-17T09:00:00Z, 2026-11-17, 2026-11-17T09:00 (UTC) or an age (3d, 12h)")
    String asOf;

    /** The instant asked about, or null for now. */
    Instant instant() {
        if (asOf == null) {
            return null;
        }
        String t = asOf.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    try {
                        return Instant.now().minus(Settings.Durations.parse(t, "--as-of"));
                    } catch (ValidationException notAge) {
                        throw new ValidationException("--as-of '%s' is not an instant (2026-11-17T09:00:00Z), a date "
                                + "(2026-11-17), a UTC date-time (2026-11-17T09:00) or an age (3d)", asOf);
                    }
                }
            }
        }
    }

    /** A version as {@code reference} selected it at {@code at}, with the stage it had then. */
    record Resolved(ModelVersion version, String stageThen, ModelSnapshot snapshot) {
    }

    /** Resolves {@code reference} as of {@code at}: exact versions, aliases and latest. */
    static Resolved resolve(ModelRegistry registry, String reference, Instant at) {
        ModelReference ref = ModelReference.parse(reference);
        ModelSnapshot snap = registry.lifecycle().stateAt(ref.model(), at);
        String version = switch (ref.kind()) {
            case EXACT -> snap.stages().containsKey(ref.value()) ? ref.value() : null;
            case ALIAS -> snap.aliases().get(ref.value());
            case LATEST -> snap.stages().keySet().stream().filter(v -> !v.contains("-"))
                    .max(Comparator.comparing(AsOf::semverKey)).orElse(null);
            case DIGEST -> {
                ModelVersion now = registry.resolve(reference);
                yield snap.stages().containsKey(now.version()) ? now.version() : null;
            }
            case RANGE -> throw new ValidationException("with --as-of, name a version, an alias or latest (not the "
                    + "range '%s')", ref.value());
        };
        if (version == null) {
            throw new ExitCodes.NotFound(String.format("%s did not name a version at %s", reference, at));
        }
        return new Resolved(registry.resolve(ref.model() + ":" + version), snap.stages().get(version), snap);
    }

    /** A sort key for release versions: numeric major, minor, patch. */
    private static String semverKey(String v) {
        String core = v.split("[+-]", 2)[0];
        StringBuilder key = new StringBuilder();
        for (String part : core.split("\\.")) {
            key.append(String.format("%020d", Long.parseLong(part)));
        }
        return key.toString();
    }
}
