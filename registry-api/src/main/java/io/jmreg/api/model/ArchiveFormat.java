package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;

import java.util.Locale;

/** The container of a whole version downloaded as one file ({@code ModelRegistry.writeArchive}). */
public enum ArchiveFormat {
    /** A zip file (entries deflated). */
    ZIP("zip"),
    /** A POSIX (ustar/pax) tar file, uncompressed. */
    TAR("tar");

    private final String extension;

    ArchiveFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot: {@code zip} or {@code tar}. */
    public String extension() {
        return extension;
    }

    /** The format named {@code name} ({@code zip} or {@code tar}, any case). */
    public static ArchiveFormat of(String name) {
        for (ArchiveFormat f : values()) {
            if (name != null && f.extension.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new ValidationException("unknown archive format '%s' (known: zip, tar)", name);
    }

    /** The format a file name's extension names ({@code .zip} or {@code .tar}, any case). */
    public static ArchiveFormat ofFileName(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        if (dot < 0) {
            throw new ValidationException("cannot tell the archive format of '%s': name it .zip or .tar", fileName);
        }
        try {
            return of(fileName.substring(dot + 1));
        } catch (ValidationException e) {
            throw new ValidationException("cannot tell the archive format of '%s': name it .zip or .tar", fileName);
        }
    }
}
