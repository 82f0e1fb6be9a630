package io.jmreg.server.hf;

import io.jmreg.api.ModelRegistry;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.util.List;
import java.util.Map;

/**
 * One authenticated hub request as a route sees it.
 *
 * @param registry the registry acting as the caller (authorized and audited there)
 * @param target   the endpoint and its parts
 * @param query    the decoded query parameters
 */
record HfCall(Request request, Response response, ModelRegistry registry, HfRoutes.Target target,
              Map<String, List<String>> query) {
    /** The first value of query parameter {@code name}, or null. */
    String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    boolean head() {
        return request.getMethod().equals("HEAD");
    }
}
