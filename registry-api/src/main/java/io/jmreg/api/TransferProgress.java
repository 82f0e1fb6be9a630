package io.jmreg.api;

/**
 * Told how a transfer of artifact files (a registration's upload, a pull) advances, file by file; calls may come from
 * several threads at once. The command-line tool draws its progress bar from it.
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
}
