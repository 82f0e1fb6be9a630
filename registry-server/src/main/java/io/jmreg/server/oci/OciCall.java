package io.jmreg.server.oci;

import io.jmreg.api.ModelRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One OCI request as a route sees it: the registry acting as the caller (every call passes the registry's operation
 * pipeline, so it is authorized and audited like the REST API), the repository name, the path's last part, the
 * query, and the response.
 *
 * @param request    the request
 * @param response   the response
 * @param registry   the registry as the caller's principal
 * @param principal  the caller
 * @param repository the repository (model) name, or null for the base route
 * @param reference  the tag, digest or upload id the route names, or null
 * @param query      the query parameters
 */
record OciCall(Request request, Response response, ModelRegistry registry, String principal, String repository,
               String reference, Map<String, List<String>> query) {

    boolean head() {
        return request.getMethod().equals("HEAD");
    }

    /** A query parameter, or null. */
    String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String header(HttpHeader name) {
        return request.getHeaders().get(name);
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Sends {@code body} with {@code status} and {@code contentType} (headers only for HEAD). */
    void send(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (!head() && body.length > 0) {
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(body);
            }
        }
    }

    /** Sends an empty answer with {@code status}. */
    void empty(int status) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    }

    /** The path of a repository's sub-resource, such as {@code /v2/<name>/blobs/<digest>}. */
    String path(String rest) {
        return "/v2/" + repository + "/" + rest;
    }
}
