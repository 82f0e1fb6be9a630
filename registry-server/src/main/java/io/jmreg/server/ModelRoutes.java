package io.jmreg.server;

import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.access.Permission;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.Requests;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/** Models, versions, uploads and registration, aliases, metrics and tags. */
final class ModelRoutes {
    private final Uploads uploads;
    private final PageTokens pages;

    ModelRoutes(Uploads uploads, PageTokens pages) {
        this.pages = pages;
        this.uploads = uploads;
    }

    /** The reference a {@code {version}} path segment names: {@code @alias} or a version (or range). */
    static String ref(Exchange x) {
        return ref(x.param("name"), x.param("version"));
    }

    /** The reference of {@code name} and a selector: {@code @alias}, or a version or range. */
    static String ref(String name, String selector) {
        return selector.startsWith("@") ? name + selector : name + ":" + selector;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/models", x -> {
            List<String> names = new ArrayList<>(x.registry().listModels());
            Collections.sort(names);
            PageTokens.Page<String> page = pages.page(x, "models", names, n -> n);
            x.ok(new Requests.ModelPage(page.items(), page.nextPageToken()));
        });
        r.add("GET", "/api/v1/models/{name}", x -> x.ok(x.registry().getModel(x.param("name"))));
        r.add("PUT", "/api/v1/models/{name}/description", x -> {
            Requests.Description d = x.body(Requests.Description.class);
            x.ok(x.registry().updateModelDescription(x.param("name"), d.description()));
        });
        r.add("GET", "/api/v1/models/{name}/versions", x -> {
            PageTokens.Page<ModelVersion> page = pages.page(x, "versions\0" + x.param("name"),
                    x.registry().listVersions(x.param("name")), v -> v.version());
            x.ok(new Requests.VersionPage(page.items(), page.nextPageToken()));
        });
        r.add("POST", "/api/v1/models/{name}/versions", this::registerVersion);
        r.add("GET", "/api/v1/models/{name}/versions/{version}", x -> x.ok(x.registry().resolve(ref(x))));
        r.add("DELETE", "/api/v1/models/{name}/versions/{version}", x -> {
            x.registry().deleteVersion(ref(x));
            x.noContent();
        });
        r.add("POST", "/api/v1/models/{name}/versions/{version}/metrics", x -> {
            Requests.Metrics m = x.body(Requests.Metrics.class);
            x.ok(x.registry().updateMetrics(ref(x), m.metrics() == null ? Map.of() : m.metrics()));
        });
        r.add("POST", "/api/v1/models/{name}/versions/{version}/tags", x -> {
            Requests.Tags t = x.body(Requests.Tags.class);
            x.ok(x.registry().updateTags(ref(x), t.add() == null ? Set.of() : t.add(),
                    t.remove() == null ? Set.of() : t.remove()));
        });
        r.add("PUT", "/api/v1/models/{name}/versions/{version}/description", x -> {
            Requests.Description d = x.body(Requests.Description.class);
            x.ok(x.registry().updateDescription(ref(x), d.description()));
        });
        r.add("GET", "/api/v1/resolve", x -> x.ok(x.registry().resolve(x.requiredQuery("reference"))));
        r.add("GET", "/api/v1/models/{name}/aliases", x -> x.ok(x.registry().aliases(x.param("name"))));
        r.add("PUT", "/api/v1/models/{name}/aliases/{alias}", x -> {
            Requests.SetAlias a = x.body(Requests.SetAlias.class);
            x.ok(x.registry().setAlias(x.param("name"), x.param("alias"), a.version()));
        });
        r.add("DELETE", "/api/v1/models/{name}/aliases/{alias}", x -> {
            x.registry().removeAlias(x.param("name"), x.param("alias"));
            x.noContent();
        });
        r.add("GET", "/api/v1/models/{name}/aliases/{alias}/history",
                x -> x.ok(x.registry().aliasHistory(x.param("name"), x.param("alias"))));
        r.add("POST", "/api/v1/uploads", x -> {
            String model = x.query("model");
            requireCreate(x, model);
            x.json(201, new Requests.UploadCreated(uploads.create(x.principal(), model)));
        });
        r.add("PUT", "/api/v1/uploads/{id}/files/{path...}", x -> {
            long n = uploads.put(x.param("id"), x.principal(), x.param("path"), x.request().getLength(),
                    Content.Source.asInputStream(x.request()));
            x.json(201, Map.of("path", x.param("path"), "size", n));
        });
        r.add("DELETE", "/api/v1/uploads/{id}", x -> {
            uploads.files(x.param("id"), x.principal());
            uploads.remove(x.param("id"));
            x.noContent();
        });
    }

    /**
     * An upload needs {@code create} on the model it is for ({@code models:create} or {@code adapters:create}), or,
     * naming no model, on the whole registry: a principal who may register nothing cannot fill the server's disk.
     */
    private static void requireCreate(Exchange x, String model) {
        if (model != null) {
            Names.requireModelName(model);
        }
        var access = x.registry().access();
        if (!access.allowed(Permission.MODELS_CREATE, model)
                && !access.allowed(Permission.ADAPTERS_CREATE, model)) {
            throw new HttpError(403, "forbidden", "an upload needs models:create or adapters:create on %s",
                    model == null ? "the registry (or name the model: POST /api/v1/uploads?model=NAME)"
                            : "model '" + model + "'");
        }
    }

    private void registerVersion(Exchange x) throws Exception {
        Requests.Register req = x.body(Requests.Register.class);
        Registration r = req.registration();
        if (r == null) {
            throw new HttpError(400, "bad_request", "the body needs a 'registration'");
        }
        if (!r.name().equals(x.param("name"))) {
            throw new HttpError(400, "bad_request", "the registration is for '%s', the path for '%s'", r.name(),
                    x.param("name"));
        }
        if (r.artifacts() != null) {
            throw new HttpError(400, "bad_request", "artifacts are uploaded (POST /api/v1/uploads), not named by a path "
                    + "on the server");
        }
        String uploadedFor = req.upload() == null ? null : uploads.modelOf(req.upload());
        if (uploadedFor != null && !uploadedFor.equals(r.name())) {
            throw new HttpError(400, "bad_request", "upload '%s' was made for model '%s', not '%s'", req.upload(),
                    uploadedFor, r.name());
        }
        Path files = req.upload() == null ? null : uploads.claim(req.upload(), x.principal()); // 409 while a PUT is in flight
        ModelVersion v;
        try {
            Registration.Builder withFiles = r.toBuilder().artifacts(files);
            if (files != null) {
                withFiles.consumeArtifacts(); // the upload is the server's own and removed after: no copy where avoidable
            }
            v = x.registry().registerModel(withFiles.build());
        } finally {
            if (req.upload() != null) {
                uploads.remove(req.upload()); // consumed either way: a retry uploads again
            }
        }
        x.response().getHeaders().put(HttpHeader.LOCATION, "/api/v1/models/" + URLEncoder.encode(v.name(),
                StandardCharsets.UTF_8) + "/versions/" + v.version());
        x.json(201, v);
    }
}
