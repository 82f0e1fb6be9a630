package io.jmreg.opentelemetry;

import io.jmreg.api.observe.ObservedOperation;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.observe.Outcome;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenTelemetry span for every registry operation, named {@code jmreg <operation>}, current while the operation
 * runs (so storage calls instrumented elsewhere nest under it), with attributes {@code jmreg.operation},
 * {@code jmreg.reference}, {@code jmreg.model}, {@code jmreg.version}, {@code jmreg.outcome} and
 * {@code jmreg.principal.hash} (the first 16 hex digits of the principal's SHA-256: the name itself never leaves the
 * process). Give it to {@code RegistryOptions.Builder#observer}.
 */
@SuppressWarnings("exports") // OpenTelemetry is optional: the application that uses this class brings it
public final class RegistryTracing implements OperationObserver {
    /** The instrumentation scope name of the spans. */
    public static final String SCOPE = "io.jmreg";
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("jmreg.operation");
    static final AttributeKey<String> REFERENCE = AttributeKey.stringKey("jmreg.reference");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("jmreg.model");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("jmreg.version");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("jmreg.outcome");
    static final AttributeKey<String> PRINCIPAL_HASH = AttributeKey.stringKey("jmreg.principal.hash");
    static final AttributeKey<Long> BYTES_DOWNLOADED = AttributeKey.longKey("jmreg.bytes.downloaded");
    static final AttributeKey<Long> BYTES_UPLOADED = AttributeKey.longKey("jmreg.bytes.uploaded");

    private final Tracer tracer;
    private final ConcurrentHashMap<String, String> principalHashes = new ConcurrentHashMap<>();

    /** Spans through {@code openTelemetry}'s tracer provider. */
    public RegistryTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    /** The span of a running operation and the scope that makes it current. */
    private record Started(Span span, Scope scope) {
    }

    @Override
    public boolean tracesStarts() {
        return true;
    }

    @Override
    @SuppressWarnings("MustBeClosedChecker") // the scope stays open until finished() closes it, on the same thread
    public Object started(String operation, String reference, String principal) {
        var builder = tracer.spanBuilder("jmreg " + operation).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, operation).setAttribute(PRINCIPAL_HASH, hash(principal));
        if (reference != null) {
            builder.setAttribute(REFERENCE, reference);
        }
        Span span = builder.startSpan();
        return new Started(span, span.makeCurrent());
    }

    @Override
    public void finished(ObservedOperation op, Object token) {
        if (!(token instanceof Started started)) {
            return;
        }
        Span span = started.span();
        try {
            String model = op.model();
            if (model != null) {
                span.setAttribute(MODEL, model);
            }
            String version = op.version();
            if (version != null) {
                span.setAttribute(VERSION, version);
            }
            span.setAttribute(OUTCOME, op.outcome().name().toLowerCase(Locale.ROOT));
            if (op.bytesDownloaded() > 0) {
                span.setAttribute(BYTES_DOWNLOADED, op.bytesDownloaded());
            }
            if (op.bytesUploaded() > 0) {
                span.setAttribute(BYTES_UPLOADED, op.bytesUploaded());
            }
            if (op.outcome() != Outcome.OK) {
                span.setStatus(StatusCode.ERROR, op.outcome().name().toLowerCase(Locale.ROOT)
                        + (op.failure() == null ? "" : ": " + op.failure().getMessage()));
                if (op.failure() != null) {
                    span.recordException(op.failure());
                }
            }
        } finally {
            started.scope().close();
            span.end();
        }
    }

    /** The first 16 hex digits of the SHA-256 of {@code principal}, remembered per principal. */
    String hash(String principal) {
        return principalHashes.computeIfAbsent(principal == null ? "" : principal, p -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(p.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        });
    }

    @Override
    public String toString() {
        return "RegistryTracing(" + tracer + ")";
    }
}
