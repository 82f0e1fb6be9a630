package io.jmreg.storage.local;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Opens the {@code file:} store {@code args[0]} and starts a put whose data stalls after 64 KiB, until killed. */
public final class TempWriterMain {
    private TempWriterMain() {
    }

    public static void main(String[] args) {
        StorageBackend backend = StorageBackends.open(args[0], Map.of());
        backend.put("blobs/stalled", new StallingStream(null), 1 << 20);
    }

    /** 64 KiB of data, then blocks until {@code release} counts down (forever when null). */
    static final class StallingStream extends InputStream {
        private final CountDownLatch release;
        private int left = 64 * 1024;

        StallingStream(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                try {
                    if (release == null) {
                        Thread.sleep(Long.MAX_VALUE);
                    }
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                left = -1;
                return -1;
            }
            if (left < 0) {
                return -1;
            }
            int n = Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 7);
            left -= n;
            return n;
        }
    }
}
