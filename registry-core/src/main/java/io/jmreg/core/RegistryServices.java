package io.jmreg.core;

import io.jmreg.api.RegistryOptions;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.access.Authorizer;
import io.jmreg.core.access.PolicyStore;
import io.jmreg.core.aliases.AliasCommands;
import io.jmreg.core.audit.AuditHook;
import io.jmreg.core.audit.AuditService;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.cache.ArtifactReader;
import io.jmreg.core.cache.PullCache;
import io.jmreg.core.catalog.CatalogIndex;
import io.jmreg.core.catalog.CatalogSettings;
import io.jmreg.core.catalog.ChangeHints;
import io.jmreg.core.events.EventBus;
import io.jmreg.core.events.EventsHook;
import io.jmreg.core.gc.BlobPins;
import io.jmreg.core.gc.GarbageCollector;
import io.jmreg.core.gc.GcTimings;
import io.jmreg.core.json.StoreDescriptor;
import io.jmreg.core.lifecycle.LifecycleOperations;
import io.jmreg.core.lifecycle.StageMachineJson;
import io.jmreg.core.lineage.DefaultLineageTracker;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.pipeline.CachedRead;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationPipeline;
import io.jmreg.core.registration.Registrar;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.resolve.ReferenceResolver.Resolution;
import io.jmreg.core.search.Discovery;
import io.jmreg.core.search.SearchService;
import io.jmreg.core.search.Statistics;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.signing.VersionTrust;
import io.jmreg.core.versions.VersionCommands;
import io.jmreg.core.watch.WatchService;
import io.jmreg.core.webhooks.WebhookService;
import io.jmreg.spi.StorageBackend;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Everything one open store needs, wired once: the log, blobs, caches, the command groups and the operation
 * pipeline. Shared by the registry and every principal view of it; no piece calls back into the facade.
 */
final class RegistryServices {
    final StorageBackend backend;
    final RegistryOptions options;
    final ModelLog log;
    final PolicyStore policies;
    final CatalogIndex catalog;
    final StageMachine machine;
    final EventBus events = new EventBus();
    final WebhookService webhooks;
    final OperationPipeline pipeline;
    /** Authorization, also asked which events a principal's listeners may hear. */
    final Authorizer authorizer;
    final ReferenceResolver resolver;
    final Registrar registrar;
    final VersionCommands versions;
    final AliasCommands aliases;
    final LifecycleOperations lifecycle;
    final ArtifactReader artifacts;
    final DefaultLineageTracker lineage;
    final SearchService search;
    final Discovery discovery;
    final Statistics statistics;
    /** The work of a resolve, made once: a cached resolve through the pipeline allocates nothing. */
    final BiFunction<OperationContext, String, ModelVersion> resolveWork;
    /** A resolve answered from the resolver's cache (the version checked for trust as the work checks it). */
    final CachedRead<Resolution, ModelVersion> cachedResolve;
    private final GcTimings gcTimings;
    final AuditService auditTrail;
    final VersionTrust trust;
    final WatchService watches;

    RegistryServices(StorageBackend backend, RegistryOptions options) {
        this.backend = backend;
        this.options = options;
        StoreDescriptor.ensure(backend);
        this.machine = options.stageMachineFile() != null ? StageMachineJson.read(options.stageMachineFile())
                : options.stageMachine();
        CatalogSettings catalogSettings = CatalogSettings.from(options.properties());
        ChangeHints hints = new ChangeHints(backend, catalogSettings);
        this.log = new ModelLog(backend, options.staleness(), options.commitTimeout(), hints);
        this.catalog = new CatalogIndex(backend, log, hints, catalogSettings, RetryPolicy.from(options));
        BlobStore blobs = new BlobStore(backend);
        this.gcTimings = GcTimings.from(options.properties());
        this.resolver = new ReferenceResolver(backend, log);
        this.policies = new PolicyStore(backend, options.staleness().toNanos(), RetryPolicy.from(options));
        this.webhooks = new WebhookService(backend, events);
        this.auditTrail = new AuditService(backend, options.audit(), RetryPolicy.from(options), hints::recent,
                AuditService.sealDelay(options.properties()));
        this.trust = new VersionTrust(options.signatures());
        this.authorizer = new Authorizer(policies, resolver);
        this.pipeline = new OperationPipeline(List.of(
                new AuditHook(auditTrail, options.audit().downloadsBestEffort()), // first: hears denials
                authorizer, new EventsHook(events)), options.observer());
        this.registrar = new Registrar(log, blobs, new BlobPins(backend, gcTimings, options.principal()), resolver, machine,
                options.transferConcurrency(), backend.encryption(), trust);
        this.versions = new VersionCommands(log, resolver, machine);
        this.aliases = new AliasCommands(log, resolver, machine);
        this.lifecycle = new LifecycleOperations(log, machine, resolver, policies::current);
        this.artifacts = new ArtifactReader(resolver, new PullCache(options.cacheDirectory(), blobs,
                options.cacheVerification(), options.transferConcurrency()), trust);
        this.lineage = new DefaultLineageTracker(resolver);
        this.search = new SearchService(catalog, backend);
        this.discovery = new Discovery(catalog, resolver);
        this.statistics = new Statistics(catalog, auditTrail);
        this.watches = new WatchService(log);
        this.resolveWork = trust.required() ? (context, reference) -> trust.check(resolver.resolve(reference))
                : (context, reference) -> resolver.resolve(reference);
        this.cachedResolve = new CachedRead<>() {
            @Override
            public Resolution lookup(String reference, long nowNanos) {
                return resolver.hot(reference, nowNanos);
            }

            @Override
            public ModelVersion answer(Resolution cached) {
                return trust.check(cached.version());
            }
        };
    }

    /** A garbage collector acting as {@code principal}. */
    GarbageCollector collector(String principal) {
        return new GarbageCollector(backend, log, gcTimings, principal);
    }

    void close() {
        auditTrail.close(); // seals what is queued
        watches.close();
        catalog.close();
        resolver.invalidate();
        log.invalidateAll();
        backend.close();
    }
}
