package io.jmreg.interop;

import io.jmreg.api.exceptions.InvalidArtifactException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The POSIX ustar format, just enough for OCI layouts: a directory tree of regular files written as a tar, and read
 * back with every entry confined to the target directory (no links, no absolute or {@code ..} paths).
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Writes every regular file below {@code dir} (sorted paths) into {@code tar}. */
    static void write(Path dir, Path tar) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                long size = Files.size(f);
                out.write(header(name, size));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
                out.write(new byte[pad]);
            }
            out.write(new byte[2 * BLOCK]);
        }
    }

    static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            int slash = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            byte[] prefix = name.substring(0, slash).getBytes(StandardCharsets.UTF_8);
            byte[] rest = name.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
            if (slash < 0 || prefix.length > 155 || rest.length > 100) {
                throw new InvalidArtifactException("path too long for a tar entry: %s", name);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        } else {
            System.arraycopy(n, 0, h, 0, n.length);
        }
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, Math.min(b.length, length - 1));
    }

    /**
     * Extracts the regular files of {@code tar} into {@code dir}; anything else, a path leaving it, or a path present
     * twice, is refused.
     */
    static void read(Path tar, Path dir) throws IOException {
        Set<Path> seen = new HashSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
            byte[] h = new byte[BLOCK];
            while (true) {
                if (in.readNBytes(h, 0, BLOCK) < BLOCK) {
                    throw new InvalidArtifactException("tar %s is truncated", tar);
                }
                boolean zero = true;
                for (byte b : h) {
                    zero &= b == 0;
                }
                if (zero) {
                    return;
                }
                String name = text(h, 0, 100);
                String prefix = text(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size;
                try {
                    size = Long.parseLong(text(h, 124, 12).strip(), 8);
                } catch (NumberFormatException e) {
                    throw new InvalidArtifactException("tar %s has a bad size in entry %s", tar, name);
                }
                char type = (char) h[156];
                if (type == '5' || type == 'g' || type == 'x') {
                    in.skipNBytes(padded(size)); // directories and pax headers carry nothing we need
                    continue;
                }
                if (type != '0' && type != 0) {
                    throw new InvalidArtifactException("tar %s holds '%s' of type '%c': only regular files are accepted",
                            tar, name, type);
                }
                Path target = dir.resolve(name).normalize();
                if (name.startsWith("/") || !target.startsWith(dir) || target.equals(dir)) {
                    throw new InvalidArtifactException("tar entry '%s' leaves the bundle", name);
                }
                if (!seen.add(target)) {
                    throw new InvalidArtifactException("tar %s holds '%s' twice: which one counts is ambiguous", tar, name);
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    long left = size;
                    byte[] buffer = new byte[1 << 16];
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new InvalidArtifactException("tar %s is truncated in %s", tar, name);
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                in.skipNBytes(padded(size) - size);
            }
        }
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static String text(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }
}
