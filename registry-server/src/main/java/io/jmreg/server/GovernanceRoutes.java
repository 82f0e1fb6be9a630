package io.jmreg.server;

import io.jmreg.api.access.Permission;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.wire.Keys;
import io.jmreg.wire.Requests;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/** The access policy, permission checks, the audit trail (query, export, verify, checkpoints) and garbage collection. */
final class GovernanceRoutes {
    private final long maxJsonBytes;
    private final PageTokens pages;

    GovernanceRoutes(long maxJsonBytes, PageTokens pages) {
        this.pages = pages;
        this.maxJsonBytes = maxJsonBytes;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/whoami", x -> x.ok(new Requests.Principal(x.principal())));
        r.add("GET", "/api/v1/policy", x -> x.ok(x.registry().access().policy().orElseThrow(() ->
                new HttpError(404, "not_found", "no access policy is installed: every principal may do everything"))));
        // the body is read as the CLI's policy install and POST /policy/parse read it (one strict reader, one message)
        r.add("PUT", "/api/v1/policy", x -> x.ok(x.registry().access().install(x.registry().access().parse(text(x)))));
        r.add("POST", "/api/v1/policy/parse", x -> x.ok(x.registry().access().parse(text(x))));
        r.add("GET", "/api/v1/access", x -> {
            Permission p;
            try {
                p = Permission.valueOf(x.requiredQuery("permission").toUpperCase(Locale.ROOT).replace(':', '_'));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "bad_request", "unknown permission '%s'", x.query("permission"));
            }
            x.ok(new Requests.Allowed(x.registry().access().allowed(p, x.query("model"))));
        });
        r.add("GET", "/api/v1/audit", this::auditPage);
        r.add("GET", "/api/v1/audit/export", x -> {
            AuditQuery q = query(x);
            // the response starts with the first byte exported: a refusal (or any failure before it) is answered as
            // an error, never as an empty 200
            OutputStream[] sink = new OutputStream[1];
            OutputStream out = new FilterOutputStream(OutputStream.nullOutputStream()) {
                private OutputStream open() {
                    if (sink[0] == null) {
                        x.response().setStatus(200);
                        x.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-ndjson");
                        sink[0] = Content.Sink.asOutputStream(x.response());
                    }
                    return sink[0];
                }

                @Override
                public void write(int b) throws IOException {
                    open().write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    open().write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    if (sink[0] != null) {
                        sink[0].flush();
                    }
                }
            };
            x.registry().audit().export(q, out);
            out.write(new byte[0], 0, 0); // an empty export still answers 200
            sink[0].close();
        });
        r.add("POST", "/api/v1/audit/verify", x -> {
            Requests.VerifyAudit v = x.body(Requests.VerifyAudit.class);
            var keys = v.trustedKeys() == null ? Set.<PublicKey>of()
                    : v.trustedKeys().stream().map(Keys::decode).collect(Collectors.toSet());
            x.ok(x.registry().audit().verify(new AuditVerification(keys, v.trustedCheckpoint(),
                    !Boolean.FALSE.equals(v.modelLogs()), // absent: checked, the default everywhere
                    v.tolerateUnaudited(), v.maxAuditLagMillis() == null ? null
                    : Duration.ofMillis(v.maxAuditLagMillis()))));
        });
        r.add("POST", "/api/v1/audit/checkpoints", x -> x.json(201, x.registry().audit().checkpoint()));
        r.add("GET", "/api/v1/audit/checkpoints/newest", x -> x.ok(x.registry().audit().newestCheckpoint().orElseThrow(
                () -> new HttpError(404, "not_found", "the audit trail has no checkpoint yet"))));
        r.add("POST", "/api/v1/gc", x -> {
            Requests.Gc g = x.body(Requests.Gc.class);
            x.ok(x.registry().collectGarbage(Duration.ofSeconds(g.graceSeconds())));
        });
    }

    /**
     * One page of the audit trail: the entries up to the page's end are queried (bounded by the position, not the
     * trail) and the page continues after the token's entry (by sequence number) or, if it is no longer among them,
     * after as many entries as the earlier pages had.
     */
    private void auditPage(Exchange x) throws IOException {
        AuditQuery q = query(x);
        int limit = PageTokens.limit(x);
        String list = String.join("\0", "audit", String.valueOf(q.principal()), String.valueOf(q.action()),
                String.valueOf(q.resource()), String.valueOf(q.from()), String.valueOf(q.to()),
                Boolean.toString(q.newestFirst())); // a token serves the same query only
        int offset = x.query("page_token") == null ? 0 : pages.offset(list, x.query("page_token"));
        int window = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit + 1 + PageTokens.MAX_LIMIT);
        List<AuditEntry> entries = x.registry().audit().query(new AuditQuery(q.principal(), q.action(), q.resource(),
                q.from(), q.to(), window, q.newestFirst()));
        PageTokens.Page<AuditEntry> page = pages.page(x, list, entries, e -> Long.toString(e.seq()));
        x.ok(new Requests.AuditPage(page.items(), page.nextPageToken()));
    }

    private String text(Exchange x) throws IOException {
        try (InputStream in = Exchange.limited(Content.Source.asInputStream(x.request()), maxJsonBytes)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static AuditQuery query(Exchange x) {
        return new AuditQuery(x.query("principal"), x.query("action"), x.query("resource"),
                x.query("from") == null ? null : LifecycleRoutes.instant(x.query("from"), "from"),
                x.query("to") == null ? null : LifecycleRoutes.instant(x.query("to"), "to"), x.intQuery("limit", 0),
                newestFirst(x.query("order")));
    }

    private static boolean newestFirst(String order) {
        if (order == null || order.equals("oldest")) {
            return false;
        }
        if (order.equals("newest")) {
            return true;
        }
        throw new ValidationException("audit order must be 'oldest' or 'newest', got '%s'", order);
    }
}
