package io.jmreg.remote;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.wire.Keys;
import io.jmreg.wire.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The server's audit trail. */
final class RemoteAudit implements AuditTrail {
    private final Http http;

    RemoteAudit(Http http) {
        this.http = http;
    }

    private static String params(AuditQuery q) {
        return Http.query("principal", q.principal(), "action", q.action(), "resource", q.resource(), "from", q.from(),
                "to", q.to(), "limit", q.limit() == 0 ? null : q.limit(), "order", q.newestFirst() ? "newest" : null);
    }

    /** The largest page the server gives. */
    private static final int PAGE = 1000;

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        List<AuditEntry> all = new ArrayList<>();
        String token = null;
        do { // the server pages the trail: follow next_page_token until the query's limit (0: all) is reached
            int want = query.limit() == 0 ? PAGE : Math.min(PAGE, query.limit() - all.size());
            Requests.AuditPage page = http.get("/api/v1/audit" + params(new AuditQuery(query.principal(),
                    query.action(), query.resource(), query.from(), query.to(), want, query.newestFirst()))
                    + Http.query("page_token", token).replaceFirst("^\\?", "&"), Requests.AuditPage.class);
            all.addAll(page.entries());
            token = page.nextPageToken();
        } while (token != null && (query.limit() == 0 || all.size() < query.limit()));
        return List.copyOf(all);
    }

    @Override
    public long export(AuditQuery query, OutputStream out) {
        try (InputStream in = http.open("/api/v1/audit/export" + params(query), Map.of()).body()) {
            long lines = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
            return lines;
        } catch (IOException e) {
            throw new StorageException(e, "audit export from %s failed: %s", http.base(), e.getMessage());
        }
    }

    @Override
    public AuditReport verify(AuditVerification verification) {
        List<String> keys = verification.trustedKeys().stream().map(Keys::encode).toList();
        return http.send("POST", "/api/v1/audit/verify", new Requests.VerifyAudit(keys, verification.trustedCheckpoint(),
                verification.modelLogs(), verification.tolerateUnaudited(), verification.maxAuditLag().toMillis()),
                AuditReport.class);
    }

    @Override
    public AuditCheckpoint checkpoint() {
        return http.send("POST", "/api/v1/audit/checkpoints", null, AuditCheckpoint.class);
    }

    @Override
    public Optional<AuditCheckpoint> newestCheckpoint() {
        try {
            return Optional.of(http.get("/api/v1/audit/checkpoints/newest", AuditCheckpoint.class));
        } catch (ObjectNotFoundException none) {
            return Optional.empty();
        }
    }
}
