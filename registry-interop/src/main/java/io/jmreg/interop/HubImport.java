package io.jmreg.interop;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;

import java.util.List;

/**
 * What to import from a Hugging Face-compatible hub, and as what.
 *
 * @param repo     the repository, {@code org/name}
 * @param revision a branch, tag or commit ({@code main} by default); resolved to a commit first
 * @param endpoint the hub ({@code $HF_ENDPOINT}, else {@code https://huggingface.co})
 * @param token    a bearer token ({@code $HF_TOKEN} when null); sent to the hub's own origin only
 * @param include  glob patterns of files to import ({@code *}, {@code **}, {@code ?}); empty: every file
 * @param exclude  glob patterns of files to leave out
 * @param model    the registry model to register into
 * @param version  the version to register; null: the next minor version
 */
public record HubImport(String repo, String revision, String endpoint, String token, List<String> include,
                        List<String> exclude, String model, String version) {
    /** Validates and fills defaults. */
    public HubImport {
        if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")
                || repo.contains("..")) {
            throw new ValidationException("hub repository must be 'name' or 'org/name', got '%s'", repo);
        }
        revision = revision == null || revision.isBlank() ? "main" : revision;
        if (revision.contains("..") || revision.chars().anyMatch(c -> c <= ' ')) {
            throw new ValidationException("bad revision '%s'", revision);
        }
        if (endpoint == null || endpoint.isBlank()) {
            String env = System.getenv("HF_ENDPOINT");
            endpoint = env == null || env.isBlank() ? "https://huggingface.co" : env;
        }
        endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new ValidationException("hub endpoint must be an http(s) URL, got '%s'", endpoint);
        }
        if (token == null || token.isBlank()) {
            String env = System.getenv("HF_TOKEN");
            token = env == null || env.isBlank() ? null : env.strip();
        }
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        Names.requireModelName(model);
    }

    /** Imports {@code repo} at {@code main} from the default hub into {@code model}. */
    public static HubImport of(String repo, String model) {
        return new HubImport(repo, null, null, null, null, null, model, null);
    }

    /** The same import at another revision. */
    public HubImport at(String rev) {
        return new HubImport(repo, rev, endpoint, token, include, exclude, model, version);
    }

    /** The same import from another hub. */
    public HubImport from(String hubEndpoint) {
        return new HubImport(repo, revision, hubEndpoint, token, include, exclude, model, version);
    }

    /** The same import with a token. */
    public HubImport withToken(String bearer) {
        return new HubImport(repo, revision, endpoint, bearer, include, exclude, model, version);
    }

    /** The same import of the files matching {@code patterns} only. */
    public HubImport including(String... patterns) {
        return new HubImport(repo, revision, endpoint, token, List.of(patterns), exclude, model, version);
    }

    /** The same import without the files matching {@code patterns}. */
    public HubImport excluding(String... patterns) {
        return new HubImport(repo, revision, endpoint, token, include, List.of(patterns), model, version);
    }

    /** The same import registered as {@code v}. */
    public HubImport asVersion(String v) {
        return new HubImport(repo, revision, endpoint, token, include, exclude, model, v);
    }
}
