package io.jmreg.remote.wire;

import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.CacheException;
import io.jmreg.api.exceptions.CommitConflictException;
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
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.GateResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's exceptions on the wire, both ways: the server turns one into a status and a {@link Requests.Error}
 * (a stable code, the message, structured details); the client turns those back into the same exception type.
 */
public final class WireErrors {
    private static final Pattern TRANSITION = Pattern.compile("(?s)(.+) cannot move from stage '(.*)' to '(.*)'; allowed.*");
    private static final Pattern GATE = Pattern.compile("(?s)promotion of (.+) to '(.*)' refused by .*");

    private WireErrors() {
    }

    /** An error body with a code and message (details empty). */
    public static Requests.Error error(String code, String message) {
        return new Requests.Error(code, message, Map.of());
    }

    /** The HTTP status of an exception thrown by the registry. */
    public static int status(RuntimeException e) {
        if (e instanceof AccessDeniedException || e instanceof UntrustedVersionException) {
            return 403;
        }
        if (e instanceof ModelNotFoundException || e instanceof VersionNotFoundException || e instanceof ObjectNotFoundException) {
            return 404;
        }
        if (e instanceof GateFailedException || e instanceof InvalidArtifactException) {
            return 422;
        }
        if (e instanceof VersionConflictException || e instanceof CommitConflictException
                || e instanceof IllegalTransitionException || e instanceof OperationNotAllowedException) {
            return 409;
        }
        if (e instanceof ValidationException) {
            return 400;
        }
        if (e instanceof OutcomeUnknownException) {
            return 504;
        }
        if (e instanceof StorageException || e instanceof CacheException) {
            return 503;
        }
        return 500;
    }

    /** The error body of an exception thrown by the registry. */
    public static Requests.Error body(RuntimeException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        String code;
        if (e instanceof AccessDeniedException a) {
            code = "access_denied";
            details.put("principal", a.principal());
            details.put("permission", a.permission());
            details.put("resource", a.resource());
        } else if (e instanceof UntrustedVersionException u) {
            code = "untrusted_version";
            details.put("reference", u.reference());
        } else if (e instanceof ModelNotFoundException) {
            code = "model_not_found";
        } else if (e instanceof VersionNotFoundException) {
            code = "version_not_found";
        } else if (e instanceof ObjectNotFoundException) {
            code = "not_found";
        } else if (e instanceof GateFailedException g) {
            code = "gate_failed";
            details.put("failed", g.failed());
        } else if (e instanceof InvalidArtifactException) {
            code = "invalid_artifact";
        } else if (e instanceof VersionConflictException) {
            code = "version_conflict";
        } else if (e instanceof CommitConflictException) {
            code = "commit_conflict";
        } else if (e instanceof IllegalTransitionException t) {
            code = "illegal_transition";
            details.put("allowed", t.allowed());
        } else if (e instanceof OperationNotAllowedException) {
            code = "operation_not_allowed";
        } else if (e instanceof QueryException q) {
            code = "query";
            details.put("query", q.query());
            details.put("position", q.offset());
            details.put("expected", q.expected());
        } else if (e instanceof InvalidReferenceException) {
            code = "invalid_reference";
        } else if (e instanceof ValidationException) {
            code = "validation";
        } else if (e instanceof MissingBlobException m) {
            code = "missing_blob";
            details.put("file", m.file());
            details.put("expected_sha256", m.expectedSha256());
        } else if (e instanceof IntegrityException i) {
            code = "integrity";
            details.put("file", i.file());
            details.put("expected_sha256", i.expectedSha256());
            details.put("actual_sha256", i.actualSha256());
        } else if (e instanceof OutcomeUnknownException) {
            code = "outcome_unknown";
        } else if (e instanceof StorageException || e instanceof CacheException) {
            code = "storage"; // the server's pull cache is the client's storage
        } else {
            code = "internal";
        }
        String message = code.equals("internal") && !(e instanceof RegistryException)
                ? "internal error (" + e.getClass().getSimpleName() + "); the server log has the details" : e.getMessage();
        return new Requests.Error(code, message, details);
    }

    /** The exception a client throws for an error response. */
    @SuppressWarnings("unchecked")
    public static RuntimeException exception(int status, Requests.Error error) {
        String m = error.message() == null ? "HTTP " + status : error.message();
        Map<String, Object> d = error.details() == null ? Map.of() : error.details();
        String code = error.code() == null ? "" : error.code();
        switch (code) {
            case "access_denied":
            case "unauthorized":
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
                return new MissingBlobException(str(d, "file"), str(d, "expected_sha256"), "(on the server)");
            case "integrity":
                return new IntegrityException(str(d, "file"), str(d, "expected_sha256"), str(d, "actual_sha256"));
            case "outcome_unknown":
                return new OutcomeUnknownException("%s", m);
            case "storage":
                return new StorageException("%s", m);
            default:
                return new RegistryException("%s (HTTP %d)", m, status);
        }
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
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }
}
