package io.jmreg.wire;

import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.GarbageCollectionAbortedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.MissingBlobException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.UnauthenticatedException;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.GateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's exceptions on the wire, both ways: the server turns one into a status (one table over
 * {@link ErrorKind}, {@link #status(ErrorKind)}) and a {@link Requests.Error} (the exception's stable code, its kind,
 * the message, structured details); the client turns those back into the same exception type, and a code it does not
 * know into the most general exception of the kind.
 */
public final class WireErrors {
    private static final Pattern TRANSITION = Pattern.compile("(?s)(.+) cannot move from stage '(.*)' to '(.*)'; allowed.*");
    private static final Pattern GATE = Pattern.compile("(?s)promotion of (.+) to '(.*)' refused by .*");

    private WireErrors() {
    }

    /** An error body with a code and message (details empty); its kind is the one of {@code status}, if any. */
    public static Requests.Error error(String code, String message) {
        return new Requests.Error(code, message, Map.of());
    }

    /**
     * The {@code kind} and {@code code} of a request that did not authenticate (no token, an unknown, malformed or
     * expired one: 401, {@link ErrorKind#UNAUTHENTICATED}); the client turns it into an
     * {@link UnauthenticatedException}.
     */
    public static final String UNAUTHENTICATED = "unauthenticated";

    /** An error body for a refusal of the HTTP layer itself (a malformed request, no token) with its status. */
    public static Requests.Error error(int status, String code, String message) {
        ErrorKind kind = kindOf(status);
        return new Requests.Error(code, kind == null ? null : wireName(kind), message, Map.of());
    }

    /**
     * The HTTP status of each kind of failure: the one table the server answers by. An exception that is not a
     * {@link RegistryException} is a bug of the server: 500.
     */
    public static int status(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case DENIED -> 403;
            case INVALID -> 400;
            case CONFLICT -> 409;
            case REFUSED -> 422;
            case INTEGRITY -> 502;
            case UNAVAILABLE -> 503;
            case OUTCOME_UNKNOWN -> 504;
            case UNAUTHENTICATED -> 401;
        };
    }

    /** The HTTP status of an exception thrown by the registry (500 for anything else). */
    public static int status(RuntimeException e) {
        return e instanceof RegistryException r ? status(r.kind()) : 500;
    }

    /** The kind whose status is {@code status}, or null when no kind answers with it. */
    public static ErrorKind kindOf(int status) {
        for (ErrorKind k : ErrorKind.values()) {
            if (status(k) == status) {
                return k;
            }
        }
        return status == 413 || status == 415 || status == 416 || status == 405
                ? ErrorKind.INVALID : status == 412 ? ErrorKind.CONFLICT : null;
    }

    /** The wire name of a kind: {@code not_found}, {@code outcome_unknown}. */
    public static String wireName(ErrorKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The error body of an exception thrown by the registry: its code, kind, message and structured details. */
    public static Requests.Error body(RuntimeException e) {
        if (!(e instanceof RegistryException r)) {
            return new Requests.Error("internal", null, "internal error (" + e.getClass().getSimpleName()
                    + "); the server log has the details", Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (r instanceof AccessDeniedException a) {
            details.put("principal", a.principal());
            details.put("permission", a.permission());
            details.put("resource", a.resource());
            if (a.reason() != null) {
                details.put("reason", a.reason());
            }
        } else if (r instanceof UntrustedVersionException u) {
            details.put("reference", u.reference());
        } else if (r instanceof GateFailedException g) {
            details.put("failed", g.failed());
        } else if (r instanceof IllegalTransitionException t) {
            details.put("allowed", t.allowed());
        } else if (r instanceof QueryException q) {
            details.put("query", q.query());
            details.put("position", q.offset());
            details.put("expected", q.expected());
        } else if (r instanceof MissingBlobException m) {
            details.put("file", m.file());
            details.put("expected_sha256", m.expectedSha256());
            details.put("key", m.key());
        } else if (r instanceof IntegrityException i) {
            details.put("file", i.file());
            details.put("expected_sha256", i.expectedSha256());
            details.put("actual_sha256", i.actualSha256());
        }
        return new Requests.Error(r.code(), wireName(r.kind()), r.getMessage(), details);
    }

    /** The exception a client throws for an error response. */
    @SuppressWarnings("unchecked")
    public static RuntimeException exception(int status, Requests.Error error) {
        String m = error.message() == null ? "HTTP " + status : error.message();
        Map<String, Object> d = error.details() == null ? Map.of() : error.details();
        String code = error.code() == null ? "" : error.code();
        switch (code) {
            case UNAUTHENTICATED:
            case "unauthorized": // servers before the code unauthenticated
                return new UnauthenticatedException("%s", m);
            case "access_denied":
                if (d.containsKey("principal") && d.containsKey("reason")) {
                    return new AccessDeniedException(str(d, "principal"), str(d, "permission"), str(d, "resource"),
                            str(d, "reason"));
                }
                if (d.containsKey("principal")) {
                    return new AccessDeniedException(str(d, "principal"), str(d, "permission"), str(d, "resource"));
                }
                return new RegistryException("%s", m);
            case "untrusted_version":
                return new UntrustedVersionException(str(d, "reference"), "%s", m);
            case "model_not_found":
                return new ModelNotFoundException("%s", m);
            case "version_not_found":
                return new VersionNotFoundException("%s", m);
            case "not_found":
                return new ObjectNotFoundException("%s", m);
            case "gate_failed": {
                Matcher g = GATE.matcher(m);
                List<GateResult> failed = gates(d.get("failed"));
                return g.matches() ? new GateFailedException(g.group(1), g.group(2), failed) : new RegistryException("%s", m);
            }
            case "invalid_artifact":
                return new InvalidArtifactException("%s", m);
            case "version_conflict":
                return new VersionConflictException("%s", m);
            case "commit_conflict":
                return new CommitConflictException("%s", m);
            case "illegal_transition": {
                Matcher t = TRANSITION.matcher(m);
                Object allowed = d.get("allowed");
                Set<String> set = allowed instanceof List<?> l ? Set.copyOf((List<String>) l) : Set.of();
                return t.matches() ? new IllegalTransitionException(t.group(1), t.group(2), t.group(3), set)
                        : new OperationNotAllowedException("%s", m);
            }
            case "operation_not_allowed":
                return new OperationNotAllowedException("%s", m);
            case "query": {
                String query = str(d, "query");
                int position = d.get("position") instanceof Number n ? n.intValue() : 0;
                String marker = " at offset " + position;
                String problem = m.contains(marker) ? m.substring(0, m.indexOf(marker)) : m;
                Object expected = d.get("expected");
                return new QueryException(query == null ? "" : query, position, problem,
                        expected instanceof List<?> l ? (List<String>) l : List.of());
            }
            case "invalid_reference":
                return new InvalidReferenceException("%s", m);
            case "validation":
            case "bad_request":
            case "payload_too_large":
            case "unsupported_media_type":
                return new ValidationException("%s", m);
            case "missing_blob":
                return new MissingBlobException(str(d, "file"), str(d, "expected_sha256"),
                        d.containsKey("key") ? str(d, "key") : "(on the server)");
            case "integrity":
                return new IntegrityException(str(d, "file"), str(d, "expected_sha256"), str(d, "actual_sha256"));
            case "outcome_unknown":
                return new OutcomeUnknownException("%s", m);
            case "storage":
            case "cache": // the server's pull cache is the client's storage
                return new StorageException("%s", m);
            case "gc_aborted":
                return new GarbageCollectionAbortedException("%s", m);
            case "backend_not_found":
                return new BackendNotFoundException("%s", m);
            default:
                return byKind(status, error, m);
        }
    }

    /** A code this client does not know (a newer server): the most general exception of its kind. */
    private static RuntimeException byKind(int status, Requests.Error error, String m) {
        ErrorKind kind = null;
        for (ErrorKind k : ErrorKind.values()) {
            if (wireName(k).equals(error.kind())) {
                kind = k;
            }
        }
        if (kind == null) {
            kind = kindOf(status);
        }
        if (kind == null) {
            return new RegistryException("%s (HTTP %d)", m, status);
        }
        return switch (kind) {
            case NOT_FOUND -> new ObjectNotFoundException("%s", m);
            case DENIED -> deniedWithoutDetails(m);
            case INVALID -> new ValidationException("%s", m);
            case CONFLICT -> new VersionConflictException("%s", m);
            case REFUSED -> new OperationNotAllowedException("%s", m);
            case INTEGRITY -> new IntegrityException(null, null, null, "%s", m) {
                private static final long serialVersionUID = 1L;
            };
            case UNAVAILABLE -> new StorageException("%s", m);
            case OUTCOME_UNKNOWN -> new OutcomeUnknownException("%s", m);
            case UNAUTHENTICATED -> new UnauthenticatedException("%s", m);
        };
    }

    private static String str(Map<String, Object> d, String key) {
        Object v = d.get(key);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<GateResult> gates(Object failed) {
        if (!(failed instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(o -> {
            try {
                return (GateResult) WireJson.read(WireJson.write(o), GateResult.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /**
     * A refusal the server gave without naming a permission (the HTTP layer's own, such as a token that may not act
     * for another principal): an {@link AccessDeniedException} whose message is the server's and whose principal,
     * permission and resource are null.
     */
    private static AccessDeniedException deniedWithoutDetails(String message) {
        return new AccessDeniedException(null, null, null) {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                return message;
            }
        };
    }
}
