package io.jmreg.interop;

import java.time.Instant;

/**
 * One import, as the importer recorded it.
 *
 * @param id         the import's id
 * @param source     where from: the hub endpoint and repository, or the URL
 * @param commit     the commit the revision resolved to (hub imports), else null
 * @param status     {@code completed} or {@code failed}
 * @param bytes      bytes downloaded by this attempt (a resumed file counts only what was fetched)
 * @param totalBytes bytes of every file imported
 * @param files      files imported
 * @param error      why it failed, else null
 * @param started    when it started
 * @param finished   when it ended
 * @param reference  the version registered ({@code name:version}), else null
 * @param fetchMillis    time spent resolving, downloading and verifying the files (hashed as they arrive)
 * @param registerMillis time spent registering them (0 when the import failed before)
 */
public record DownloadRecord(String id, String source, String commit, String status, long bytes, long totalBytes,
                             int files, String error, Instant started, Instant finished, String reference,
                             long fetchMillis, long registerMillis) {
}
