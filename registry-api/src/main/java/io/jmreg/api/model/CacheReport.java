package io.jmreg.api.model;

/**
 * What a full check of the local pull cache found and repaired.
 *
 * @param blobsChecked          cached blobs re-hashed
 * @param blobsCorrupt          blobs whose bytes no longer matched their digest (removed; fetched again on use)
 * @param snapshotFilesChecked  files of pulled snapshots checked
 * @param snapshotFilesRepaired snapshot files that were modified, missing or linked to a corrupt blob, restored
 * @param bytesHashed           bytes read to check them
 */
public record CacheReport(long blobsChecked, long blobsCorrupt, long snapshotFilesChecked, long snapshotFilesRepaired,
                          long bytesHashed) {
}
