package io.jmreg.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The registry's settings under {@code jmreg.*}. A malformed value (a URI or duration that does not parse) fails the
 * application's start-up with a message naming the property.
 *
 * @param uri            the store: {@code file:/var/models}, {@code s3://bucket/prefix}, {@code mem:}, or a server's
 *                       {@code http(s)://} address (required)
 * @param principal      who this application acts as (default: the OS user)
 * @param cacheDirectory the local pull cache (default {@code ~/.cache/jmreg})
 * @param staleness      how long another process's change may stay unseen by cached reads (default 1s)
 * @param commitTimeout  how long a commit keeps retrying lost races (default 2m)
 * @param properties     backend settings (S3 region, endpoint, a server's token, ...)
 * @param signatures     signatures required of what is loaded
 * @param audit          how downloads are audited
 * @param health         the health indicator's time bound
 * @param watch          how fast watched models follow a moved alias
 */
@ConfigurationProperties("jmreg")
public record JmregProperties(String uri, String principal, Path cacheDirectory, Duration staleness, Duration commitTimeout,
                              Map<String, String> properties, @DefaultValue Signatures signatures,
                              @DefaultValue Audit audit, @DefaultValue Health health, @DefaultValue Watch watch) {

    /**
     * Signatures required of loaded versions.
     *
     * @param required    whether resolve, pull and open refuse versions without a valid signature by a trusted key
     * @param trustedKeys PEM files of the Ed25519 public keys trusted
     */
    public record Signatures(@DefaultValue("false") boolean required, List<Path> trustedKeys) {
    }

    /**
     * How downloads are audited.
     *
     * @param downloads {@code strict}: a download whose audit entry cannot be written fails; {@code best-effort}: it
     *                  proceeds (read-only credentials)
     */
    public record Audit(@DefaultValue("strict") DownloadAudit downloads) {
    }

    /** Whether a download must be audited. */
    public enum DownloadAudit {
        /** A download whose audit entry cannot be written fails. */
        STRICT,
        /** A download proceeds when its audit entry cannot be written. */
        BEST_EFFORT
    }

    /**
     * The health indicator.
     *
     * @param timeout how long the store and its newest log may take to answer before the registry is DOWN
     */
    public record Health(@DefaultValue("2s") Duration timeout) {
    }

    /**
     * Watched models.
     *
     * @param maxDelay how soon a watched model follows its moved alias
     */
    public record Watch(@DefaultValue("2s") Duration maxDelay) {
    }
}
