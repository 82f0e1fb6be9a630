package io.jmreg.api.model;

/**
 * What a garbage collection did.
 *
 * @param blobsScanned     blobs found in the store
 * @param blobsReferenced  blobs referenced by a live version
 * @param blobsDeleted     unreferenced blobs removed
 * @param bytesFreed       bytes removed
 * @param blobsTooYoung    unreferenced blobs kept because they are younger than the grace period
 */
public record GcReport(long blobsScanned, long blobsReferenced, long blobsDeleted, long bytesFreed, long blobsTooYoung) {
}
