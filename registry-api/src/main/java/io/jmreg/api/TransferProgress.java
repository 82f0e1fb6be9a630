package io.jmreg.api;

/**
 * Told how a transfer of artifact files (a registration's upload, a pull) advances, file by file and, within a file,
 * by bytes; calls may come from several threads at once. The command-line tool draws its progress bar from it.
 */
public interface TransferProgress {
    /** Reports nothing. */
    TransferProgress NONE = new TransferProgress() {
        @Override
        public void started(int files, long bytes) {
        }

        @Override
        public void fileDone(String path, long bytes) {
        }
    };

    /** Before any file moves: how many files and bytes the transfer covers. */
    void started(int files, long bytes);

    /** One file is stored (or found stored already), {@code bytes} long. */
    void fileDone(String path, long bytes);

    /**
     * {@code bytes} more of {@code path} moved (read from the source and written, or downloaded), reported while a file
     * is on its way, many times for a large one, before its {@link #fileDone}; the counts of a file normally add up to
     * its size. A file found stored or cached already, or moved by a backend's own parallel transfer, may report none.
     * By default nothing.
     */
    default void bytes(String path, long bytes) {
    }
}
