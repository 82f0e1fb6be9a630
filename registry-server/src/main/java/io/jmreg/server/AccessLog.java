package io.jmreg.server;

import io.jmreg.server.ui.WebUi;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request at INFO on the logger {@code io.jmreg.server.access}: client address, principal (or
 * {@code -}), method, path (never the query, which may carry secrets), status, bytes of content sent, milliseconds.
 */
final class AccessLog implements RequestLog {
    /** Request attribute: the principal the request ran as, when known. */
    static final String PRINCIPAL = WebUi.PRINCIPAL_ATTRIBUTE;
    private static final Logger LOG = LoggerFactory.getLogger("io.jmreg.server.access");

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Object client = request.getAttribute(ForwardedClient.CLIENT);
        Object principal = request.getAttribute(PRINCIPAL);
        LOG.info("{} {} {} {} {} {} {}ms", client == null ? Request.getRemoteAddr(request) : client,
                principal == null ? "-" : clean(principal.toString()), clean(request.getMethod()),
                clean(request.getHttpURI().getPath()), response.getStatus(), Response.getContentBytesWritten(response),
                NanoTime.millisSince(request.getBeginNanoTime()));
    }

    /** No control characters or spaces (a line per request, fields split by spaces). */
    private static String clean(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                b.append('%').append(String.format("%02X", c & 0xff));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
