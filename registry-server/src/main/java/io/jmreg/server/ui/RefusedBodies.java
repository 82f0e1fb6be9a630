package io.jmreg.server.ui;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a refused request's body, read and dropped before the error is sent (by the API and the web UI): a
 * connection closed with unread bytes is reset, and a client still sending would lose the error response with it.
 */
public final class RefusedBodies {
    /** The most read before giving up; beyond it the connection closes after the response. */
    static final long MAX_DRAINED = 16L << 20;

    private RefusedBodies() {
    }

    /** Reads and drops the rest of {@code request}'s body, at most {@link #MAX_DRAINED} bytes. */
    public static void drain(Request request) {
        if (request.getLength() == 0) {
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; total < MAX_DRAINED && (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the body is broken or too long: the connection closes after the response, as it would have
        }
    }
}
