package io.jmreg.server;

import io.jmreg.wire.WireErrors;
import io.jmreg.wire.WireJson;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Errors Jetty answers itself (a request line or path it refuses before any handler runs: {@code %00}, ambiguous
 * segments, oversized headers) as the API's JSON {@code {code, message, details}}, never an HTML page or an empty body.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    @SuppressWarnings("removal") // still how Jetty 12.1 renders a request it cannot parse
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    /** The JSON error for {@code status}, with Jetty's reason in plain words (never an exception's class). */
    static byte[] body(int status, String reason) {
        String text = reason == null || reason.isBlank() || reason.contains("Exception") || reason.contains("java.")
                ? HttpStatus.getMessage(status) : reason;
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal" : HttpStatus.getMessage(status).toLowerCase(Locale.ROOT).replace(' ', '_');
        };
        return WireJson.write(WireErrors.error(status, code, "the request was refused: " + text));
    }
}
