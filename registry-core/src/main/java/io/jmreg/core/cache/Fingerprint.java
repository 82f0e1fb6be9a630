package io.jmreg.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * What a cached file looked like when its bytes were last verified: size, modification time, change time (where the
 * file system has one) and file identity (device and inode). Any write to the file, through any hard link, changes
 * the modification or change time; a replacement changes the identity; so an equal fingerprint means the verified
 * bytes are still there, without reading them.
 *
 * @param size       bytes
 * @param mtimeNanos modification time
 * @param ctimeNanos inode change time, or -1 where the file system has none
 * @param fileKey    file identity, or "-"
 */
record Fingerprint(long size, long mtimeNanos, long ctimeNanos, String fileKey) {

    /** The fingerprint of {@code file} now. */
    static Fingerprint of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long ctime = -1;
        try {
            ctime = ((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).to(TimeUnit.NANOSECONDS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // modification time, size and identity only
        }
        Object key = a.fileKey();
        return new Fingerprint(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), ctime,
                key == null ? "-" : key.toString().replace(' ', '_'));
    }

    /** One line: {@code size mtime ctime key}. */
    String line() {
        return size + " " + mtimeNanos + " " + ctimeNanos + " " + fileKey;
    }

    /** Parses {@link #line()}; null when malformed. */
    static Fingerprint parse(String line) {
        String[] p = line.strip().split(" ");
        if (p.length != 4) {
            return null;
        }
        try {
            return new Fingerprint(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), p[3]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
