package io.jmreg.core.search;

import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.lifecycle.LifecycleOperations;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationPipeline;
import io.jmreg.core.versions.VersionCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk changes as one principal: the selection is a search (every page of it, pinned), and each selected version's
 * change runs through the pipeline as its own operation (so it is authorized and recorded like a single change).
 */
public final class BulkView implements BulkOperations {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final SearchService search;
    private final VersionCommands versions;
    private final LifecycleOperations lifecycle;

    /** Bulk changes by {@code principal}. */
    public BulkView(OperationPipeline pipeline, Caller principal, SearchService search, VersionCommands versions,
                    LifecycleOperations lifecycle) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.search = search;
        this.versions = versions;
        this.lifecycle = lifecycle;
    }

    @Override
    public BulkResult apply(String query, BulkChange change) {
        requireChange(change);
        List<String> changed = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String ref : select(query)) {
            try {
                change(ref, change);
                changed.add(ref);
            } catch (ValidationException invalid) {
                throw invalid; // a malformed change (a bad gate): the same for every version, so stop at once
            } catch (RegistryException e) {
                refused.put(ref, e.getMessage());
            }
        }
        return new BulkResult(false, changed, refused);
    }

    @Override
    public BulkResult dryRun(String query, BulkChange change) {
        requireChange(change);
        return new BulkResult(true, select(query), Map.of());
    }

    private static void requireChange(BulkChange change) {
        if (change == null) {
            throw new ValidationException("a bulk change is required");
        }
    }

    private List<String> select(String query) {
        List<String> refs = new ArrayList<>();
        SearchRequest request = SearchRequest.of(query).limit(1000);
        SearchPage<ModelVersion> page = pipeline.run(principal, Operation.search(),
                ctx -> search.versions(request, SearchService.visibility(ctx), ctx.principal()));
        page.items().forEach(v -> refs.add(v.reference()));
        while (page.hasNext()) {
            SearchRequest next = request.next(page);
            page = pipeline.run(principal, Operation.search(), ctx -> search.versions(next, SearchService.visibility(ctx), ctx.principal()));
            page.items().forEach(v -> refs.add(v.reference()));
        }
        return refs;
    }

    private void change(String ref, BulkChange change) {
        // each change is described exactly as the single call is, and authorized alike
        switch (change.kind()) {
            case TAGS -> pipeline.run(principal, Operation.updateTags(ref, change.addTags(), change.removeTags()),
                    ctx -> versions.updateTags(ctx, ref, change.addTags(), change.removeTags()));
            case METRICS -> pipeline.run(principal, Operation.updateMetrics(ref),
                    ctx -> versions.updateMetrics(ctx, ref, change.metrics()));
            case PROMOTE -> pipeline.run(principal, Operation.promote(ref),
                    ctx -> lifecycle.promote(ctx, ref, change.stage(), change.gates().toArray(String[]::new)));
            case DELETE -> pipeline.run(principal, Operation.deleteVersion(ref), ctx -> {
                versions.delete(ctx, ref);
                return null;
            });
        }
    }
}
