package io.jmreg.api;

import io.jmreg.api.exceptions.ValidationException;
import java.nio.file.Path;

/**
 * The optional knobs of a transfer of artifact files (a registration's upload, a pull), in one argument:
 * {@code registry.pull(ref, TransferOptions.builder().directory(dir).progress(bar).build())}.
 *
 * @param progress  told as each file moves (never null: {@link TransferProgress#NONE} reports nothing)
 * @param directory for a pull, the directory to place the files in (null: the local pull cache, whose snapshot
 *                  directory the pull returns); a registration refuses one (its files are named by the
 *                  {@link Registration})
 */
public record TransferOptions(TransferProgress progress, Path directory) {
    private static final TransferOptions DEFAULTS = new TransferOptions(TransferProgress.NONE, null);

    /** Validates: a progress listener is required ({@link TransferProgress#NONE} for none). */
    public TransferOptions {
        if (progress == null) {
            throw new ValidationException("transfer options need a progress listener (TransferProgress.NONE for none)");
        }
    }

    /** No progress, into the pull cache. */
    public static TransferOptions defaults() {
        return DEFAULTS;
    }

    /** Options telling {@code progress}, into the pull cache. */
    public static TransferOptions progress(TransferProgress progress) {
        return builder().progress(progress).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TransferOptions}; each setter refuses null with a {@link ValidationException}. */
    public static final class Builder {
        private TransferProgress progress = TransferProgress.NONE;
        private Path directory;

        private Builder() {
        }

        /** Told as each file moves. */
        public Builder progress(TransferProgress progress) {
            if (progress == null) {
                throw new ValidationException("progress must not be null (TransferProgress.NONE reports nothing)");
            }
            this.progress = progress;
            return this;
        }

        /** For a pull: the directory to place the files in, instead of the pull cache's snapshot. */
        public Builder directory(Path directory) {
            if (directory == null) {
                throw new ValidationException("pull target directory must not be null (leave it out for the cache)");
            }
            this.directory = directory;
            return this;
        }

        /** The options. */
        public TransferOptions build() {
            return new TransferOptions(progress, directory);
        }
    }
}
