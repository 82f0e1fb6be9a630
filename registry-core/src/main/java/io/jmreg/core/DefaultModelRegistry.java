package io.jmreg.core;

import static io.jmreg.core.pipeline.RegistryOperation.*;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.core.access.AccessView;
import io.jmreg.core.access.Visibility;
import io.jmreg.core.audit.AuditView;
import io.jmreg.core.lifecycle.LifecycleView;
import io.jmreg.core.lineage.LineageView;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.search.BulkView;
import io.jmreg.core.search.SearchView;
import io.jmreg.core.store.StoreUris;
import io.jmreg.core.webhooks.WebhookView;
import io.jmreg.spi.StorageBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The facade: every call passes the operation pipeline as this instance's principal and is delegated to the
 * command group that does the work ({@link RegistryServices}). Views made with {@link #as} share the services.
 */
final class DefaultModelRegistry implements ModelRegistry {
    private final RegistryServices s;
    private final Caller principal;
    private final boolean owner;

    DefaultModelRegistry(StorageBackend backend, RegistryOptions options) {
        this(new RegistryServices(backend, options), Caller.of(options.principal()), true);
    }

    private DefaultModelRegistry(RegistryServices services, Caller principal, boolean owner) {
        this.s = services;
        this.principal = principal;
        this.owner = owner;
    }

    private <T> T run(Operation operation, Function<OperationContext, T> work) {
        return s.pipeline.run(principal, operation, work);
    }

    /** What of model {@code name}'s histories this operation may show (after the work found the model exists). */
    private Visibility visibility(String name, OperationContext ctx) {
        return new Visibility(s.resolver.existing(name), ctx.visible());
    }

    @Override
    public ModelRegistry as(String other) {
        return as(other, Map.of());
    }

    @Override
    public ModelRegistry as(String other, Map<String, String> auditDetails) {
        if (other == null || other.isBlank() || other.length() > 256 || other.chars().anyMatch(c -> c < 0x20)) {
            throw new ValidationException("principal must be 1..256 printable characters, got '%s'", other);
        }
        if (auditDetails != null) {
            auditDetails.forEach((k, v) -> {
                if (k == null || v == null || k.isBlank() || k.length() > 64 || v.length() > 1024) {
                    throw new ValidationException("audit details need names of 1..64 and values of up to 1024 "
                            + "characters, got '%s'='%s'", k, v);
                }
            });
        }
        return new DefaultModelRegistry(s, new Caller(other, auditDetails), false);
    }

    @Override
    public String principal() {
        return principal.principal();
    }

    @Override
    public String uri() {
        return s.backend.uri();
    }

    @Override
    public ModelVersion registerModel(Registration r) {
        return registerModel(r, TransferOptions.defaults());
    }

    @Override
    public ModelVersion registerModel(Registration r, TransferOptions options) {
        if (r == null || options == null) {
            throw new ValidationException("registration and transfer options must not be null");
        }
        if (options.directory() != null) {
            throw new ValidationException("a registration takes its files from the Registration; the transfer "
                    + "options' directory (%s) is for pulls", options.directory());
        }
        return run(Operation.register(r), ctx -> s.registrar.register(ctx, r, options.progress()));
    }

    @Override
    public List<String> listModels() {
        return run(Operation.listModels(),
                ctx -> s.resolver.listModels().stream().filter(ctx.visibleModels()).toList());
    }

    @Override
    public ModelSummary getModel(String name) {
        return run(Operation.getModel(name), ctx -> s.versions.summary(name, ctx.visible()));
    }

    @Override
    public ModelSummary updateModelDescription(String name, String description) {
        return run(Operation.updateModelDescription(name),
                ctx -> s.versions.updateModelDescription(ctx, name, description, ctx.visible()));
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        return run(Operation.listVersions(name),
                ctx -> s.versions.list(name).stream().filter(ctx.visible()).toList());
    }

    @Override
    public ModelVersion resolve(String reference) {
        return s.pipeline.read(principal, RESOLVE, reference, s.cachedResolve, s.resolveWork);
    }

    @Override
    public ModelVersion setAlias(String name, String alias, String version) {
        return run(Operation.setAlias(name, alias, version), ctx -> s.aliases.set(ctx, name, alias, version));
    }

    @Override
    public void removeAlias(String name, String alias) {
        run(Operation.removeAlias(name, alias), ctx -> {
            s.aliases.remove(ctx, name, alias);
            return null;
        });
    }

    @Override
    public Map<String, String> aliases(String name) {
        return run(Operation.readAliases(name), ctx -> s.aliases.aliases(name, ctx.visible()));
    }

    @Override
    public List<AliasChange> aliasHistory(String name, String alias) {
        return run(Operation.readAliases(name), ctx -> {
            List<AliasChange> all = s.aliases.history(name, alias);
            Visibility shown = visibility(name, ctx);
            return all.stream().filter(c -> shown.shows(Arrays.asList(c.version(), c.previous()))).toList();
        });
    }

    @Override
    public ModelVersion updateMetrics(String reference, Map<String, Double> metrics) {
        return run(Operation.updateMetrics(reference), ctx -> s.versions.updateMetrics(ctx, reference, metrics));
    }

    @Override
    public ModelVersion updateDescription(String reference, String description) {
        return run(Operation.updateDescription(reference),
                ctx -> s.versions.updateDescription(ctx, reference, description));
    }

    @Override
    public ModelVersion updateTags(String reference, Set<String> add, Set<String> remove) {
        return run(Operation.updateTags(reference, add, remove),
                ctx -> s.versions.updateTags(ctx, reference, add, remove));
    }

    @Override
    public void deleteVersion(String reference) {
        run(Operation.deleteVersion(reference), ctx -> {
            s.versions.delete(ctx, reference);
            return null;
        });
    }

    @Override
    public Path pull(String reference) {
        return pull(reference, TransferOptions.defaults());
    }

    @Override
    public Path pull(String reference, Path directory) {
        return pull(reference, TransferOptions.builder().directory(directory).build());
    }

    @Override
    public Path pull(String reference, TransferOptions options) {
        if (options == null) {
            throw new ValidationException("transfer options must not be null (TransferOptions.defaults())");
        }
        return run(Operation.pull(reference), ctx -> options.directory() == null
                ? s.artifacts.pull(ctx, reference, options.progress())
                : s.artifacts.pull(ctx, reference, options.directory(), options.progress()));
    }

    @Override
    public InputStream openArtifact(String reference, String path) {
        return openArtifact(reference, path, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream openArtifact(String reference, String path, long offset, long length) {
        return run(Operation.openArtifact(reference), ctx -> s.artifacts.open(ctx, reference, path, offset, length));
    }

    @Override
    public void writeArchive(String reference, ArchiveFormat format, OutputStream out) {
        run(Operation.archive(reference), ctx -> {
            s.artifacts.archive(ctx, reference, format, out);
            return null;
        });
    }

    @Override
    public CacheReport verifyCache() {
        return run(Operation.verifyCache(), ctx -> s.artifacts.verifyCache());
    }

    @Override
    public Lifecycle lifecycle() {
        return new LifecycleView(s.pipeline, principal, s.lifecycle, s.resolver);
    }

    @Override
    public Subscription addListener(RegistryListener listener) {
        if (listener == null) {
            return s.events.add(null); // refused there
        }
        String who = principal.principal();
        // it hears only events about versions (or, for a deleted one, models) this principal may read now
        return s.events.add(event -> {
            if (s.authorizer.mayRead(who, event.model(), event.version())) {
                listener.onEvent(event);
            }
        });
    }

    @Override
    public LineageTracker lineage() {
        return new LineageView(s.pipeline, principal, s.lineage);
    }

    @Override
    public RegistrySearch search() {
        return new SearchView(s.pipeline, principal, s.search, s.discovery, s.statistics);
    }

    @Override
    public RegistryAccess access() {
        return new AccessView(s.pipeline, principal, s.policies);
    }

    @Override
    public BulkOperations bulk() {
        return new BulkView(s.pipeline, principal, s.search, s.versions, s.lifecycle);
    }

    @Override
    public Subscription watch(String reference, Duration maxDelay, WatchListener listener) {
        if (listener == null || maxDelay == null || maxDelay.toMillis() < 10 || maxDelay.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException("watch needs a listener and a delay within 10 ms .. 1 day, got %s", maxDelay);
        }
        String model = ModelReference.parse(reference).model();
        return run(Operation.resolve(reference), ctx -> s.watches.watch(model, maxDelay, () -> {
            try {
                return resolve(reference);
            } catch (ModelNotFoundException | VersionNotFoundException e) {
                return null;
            }
        }, listener));
    }

    @Override
    public AuditTrail audit() {
        return new AuditView(s.pipeline, principal, s.auditTrail);
    }

    @Override
    public Webhooks webhooks() {
        return new WebhookView(s.pipeline, principal, s.webhooks);
    }

    @Override
    public GcReport collectGarbage(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new ValidationException("gc grace period must be zero or positive");
        }
        return run(Operation.collectGarbage(), ctx -> s.collector(principal.principal()).collect(grace));
    }

    @Override
    public void close() {
        if (owner) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry(" + StoreUris.redacted(s.backend.uri()) + " as " + principal + ")";
    }
}
