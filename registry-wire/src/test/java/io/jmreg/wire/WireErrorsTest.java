package io.jmreg.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.api.exceptions.CacheException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every exception of the API crosses the wire and comes back as itself: the status is its kind's, the body carries
 * its code and kind, and the client rebuilds the same type with the same code, kind and message.
 */
class WireErrorsTest {
    static List<RegistryException> samples() {
        return List.of(
                new AccessDeniedException("bob", "models:deploy", "fraud"),
                new BackendNotFoundException("no backend for scheme 'x'"),
                new CacheException("cache /tmp/c is full"),
                new CommitConflictException("lost the race 8 times"),
                new GarbageCollectionAbortedException("marker went stale"),
                new GateFailedException("fraud:1.0.0", "production",
                        List.of(new GateResult("metrics.auc > 0.9", "0.8", false))),
                new IllegalTransitionException("fraud:1.0.0", "archived", "production", Set.of("staging")),
                new IntegrityException("model.onnx", "aa", "bb"),
                new InvalidArtifactException("artifact dir/x is a symlink leaving the directory"),
                new InvalidReferenceException("'Fraud!' is not a model name"),
                new MissingBlobException("model.onnx", "aa", "blobs/aa"),
                new ModelNotFoundException("no model 'fraud'"),
                new ObjectNotFoundException("no key 'x'"),
                new OperationNotAllowedException("alias production points at 1.0.0"),
                new OutcomeUnknownException("timeout after send"),
                new QueryException("metrics.auc >", 13, "a value is missing", List.of("a number")),
                new StorageException("S3 answered 503"),
                new UnauthenticatedException("the bearer token has expired"),
                new UntrustedVersionException("fraud:1.0.0", "fraud:1.0.0 is not signed"),
                new ValidationException("metric 'auc' is NaN"),
                new VersionConflictException("fraud:1.0.0 exists"),
                new VersionNotFoundException("no version 2.0.0 of fraud"));
    }

    @Test
    void everyExceptionComesBackAsItselfWithItsKindsStatus() throws Exception {
        Set<Class<?>> seen = new HashSet<>();
        for (RegistryException e : samples()) {
            int status = WireErrors.status(e);
            assertThat(status).as(e.code()).isEqualTo(WireErrors.status(e.kind()));
            Requests.Error body = WireErrors.body(e);
            assertThat(body.code()).isEqualTo(e.code());
            assertThat(body.kind()).isEqualTo(e.kind().name().toLowerCase(Locale.ROOT));
            Requests.Error read = WireJson.read(WireJson.write(body), Requests.Error.class);
            RuntimeException back = WireErrors.exception(status, read);
            RegistryException r = (RegistryException) back;
            if (e instanceof CacheException) { // the server's pull cache is the client's storage
                assertThat(back).isExactlyInstanceOf(StorageException.class);
            } else {
                assertThat(back).as(e.code()).isExactlyInstanceOf(e.getClass());
                assertThat(r.code()).isEqualTo(e.code());
            }
            assertThat(r.kind()).isEqualTo(e.kind());
            assertThat(r.getMessage()).isEqualTo(e.getMessage());
            seen.add(e.getClass());
        }
        assertThat(seen).hasSize(samples().size());
    }

    @Test
    void structuredDetailsSurvive() throws Exception {
        GateFailedException gate = (GateFailedException) roundTrip(new GateFailedException("fraud:1.0.0", "production",
                List.of(new GateResult("metrics.auc > 0.9", "0.8", false))));
        assertThat(gate.failed()).containsExactly(new GateResult("metrics.auc > 0.9", "0.8", false));
        AccessDeniedException denied = (AccessDeniedException) roundTrip(new AccessDeniedException("bob", "models:deploy", "fraud"));
        assertThat(denied.principal()).isEqualTo("bob");
        assertThat(denied.permission()).isEqualTo("models:deploy");
        QueryException q = (QueryException) roundTrip(new QueryException("metrics.auc >", 13, "a value is missing",
                List.of("a number")));
        assertThat(q.offset()).isEqualTo(13);
        assertThat(q.expected()).containsExactly("a number");
        UntrustedVersionException u = (UntrustedVersionException) roundTrip(new UntrustedVersionException("fraud:1.0.0", "unsigned"));
        assertThat(u.reference()).isEqualTo("fraud:1.0.0");
    }

    @Test
    void theStatusTableIsOneStatusPerKind() {
        Map<ErrorKind, Integer> expected = Map.of(ErrorKind.NOT_FOUND, 404, ErrorKind.DENIED, 403,
                ErrorKind.INVALID, 400, ErrorKind.CONFLICT, 409, ErrorKind.REFUSED, 422, ErrorKind.INTEGRITY, 502,
                ErrorKind.UNAVAILABLE, 503, ErrorKind.OUTCOME_UNKNOWN, 504, ErrorKind.UNAUTHENTICATED, 401);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(WireErrors.status(k)).as(k.name()).isEqualTo(expected.get(k));
            assertThat(WireErrors.kindOf(WireErrors.status(k))).isEqualTo(k);
        }
        // the disagreements this table settles
        assertThat(WireErrors.status(new UntrustedVersionException("m:1", "unsigned"))).isEqualTo(502);
        assertThat(WireErrors.status(new InvalidArtifactException("missing"))).isEqualTo(400);
        assertThat(WireErrors.status(new IntegrityException("f", "a", "b"))).isEqualTo(502);
        assertThat(WireErrors.status(new IllegalStateException("bug"))).isEqualTo(500);
        assertThat(WireErrors.body(new IllegalStateException("secret")).message()).doesNotContain("secret");
    }

    @Test
    void aCodeTheClientDoesNotKnowBecomesTheMostGeneralExceptionOfItsKind() {
        for (ErrorKind k : ErrorKind.values()) {
            RuntimeException back = WireErrors.exception(WireErrors.status(k),
                    new Requests.Error("something_new", WireErrors.wireName(k), "news from a newer server", Map.of()));
            assertThat(back).isInstanceOf(RegistryException.class);
            assertThat(((RegistryException) back).kind()).as(k.name()).isEqualTo(k);
            assertThat(back.getMessage()).contains("news from a newer server");
        }
        RuntimeException byStatus = WireErrors.exception(404, new Requests.Error("gone", null, "no such thing", Map.of()));
        assertThat(((RegistryException) byStatus).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void theHttpLayersOwn401IsUnauthenticatedAsIsTheCodeOfOlderServers() {
        Requests.Error body = WireErrors.error(401, WireErrors.UNAUTHENTICATED, "a bearer token is required");
        assertThat(body.kind()).isEqualTo("unauthenticated");
        assertThat(WireErrors.exception(401, body)).isExactlyInstanceOf(UnauthenticatedException.class)
                .hasMessage("a bearer token is required");
        RuntimeException old = WireErrors.exception(401, new Requests.Error("unauthorized", null, "no token", Map.of()));
        assertThat(old).isExactlyInstanceOf(UnauthenticatedException.class).hasMessage("no token");
    }

    private static RuntimeException roundTrip(RegistryException e) throws Exception {
        return WireErrors.exception(WireErrors.status(e),
                WireJson.read(WireJson.write(WireErrors.body(e)), Requests.Error.class));
    }
}
