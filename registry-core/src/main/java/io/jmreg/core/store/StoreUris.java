package io.jmreg.core.store;

import java.util.regex.Pattern;

/**
 * A store URI as it may appear in messages and logs: a secret key or session token given in its query (as S3 stores
 * accept) is replaced by {@code ***}. Messages reach callers, server responses and log files; the URI itself keeps its
 * settings so the store can be opened again from it.
 */
public final class StoreUris {
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(?i)([?&](?:secret[-_]?key|secret[-_]?access[-_]?key|session[-_]?token)=)[^&#]*");

    private StoreUris() {
    }

    /** {@code uri} with the values of secret settings replaced by {@code ***}. */
    public static String redacted(String uri) {
        return uri == null ? null : SECRET_SETTING.matcher(uri).replaceAll("$1***");
    }
}
