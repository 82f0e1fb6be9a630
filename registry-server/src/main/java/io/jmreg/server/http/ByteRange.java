package io.jmreg.server.http;

/**
 * A request's single byte range (RFC 9110), as the REST artifact, OCI blob and Hugging Face resolve routes honour it
 * (not exported: shared by the server's protocol packages). A suffix range of an empty file is unsatisfiable (416).
 */
public final class ByteRange {
    private ByteRange() {
    }

    /**
     * {@code [start, endExclusive]} of {@code header} over {@code size} bytes; an empty array when unsatisfiable; null
     * when the header is not one byte range (then the whole file is sent, as RFC 9110 allows).
     */
    public static long[] parse(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                return suffix <= 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - suffix), size};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || first >= size || last < first) {
                return new long[0];
            }
            return new long[] {first, last + 1};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
