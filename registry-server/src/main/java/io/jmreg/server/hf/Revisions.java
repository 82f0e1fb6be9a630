package io.jmreg.server.hf;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A hub revision read as a jmreg version: {@code main} and {@code HEAD} (an alias {@code main} if the model has one,
 * else the latest version), a version ({@code 1.2.0}), an alias ({@code production}) or the 40-hex commit id of a
 * version. Every lookup runs through the registry as the caller, so it is authorized like any other read.
 */
final class Revisions {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private Revisions() {
    }

    /** The version {@code revision} names in model {@code repo}. */
    static ModelVersion resolve(ModelRegistry registry, String repo, String revision) {
        try {
            if (revision.equals("main") || revision.equals("HEAD")) {
                Map<String, String> aliases = registry.aliases(repo);
                return registry.resolve(aliases.containsKey("main") ? repo + "@main" : repo);
            }
            if (COMMIT.matcher(revision).matches()) {
                for (ModelVersion v : registry.listVersions(repo)) {
                    if (new GitObjects(v).commit().equals(revision)) {
                        return v;
                    }
                }
                throw new HfError(404, "RevisionNotFound", "%s has no version with commit %s", repo, revision);
            }
            if (revision.isEmpty() || revision.contains(":") || revision.contains("@")) {
                throw new HfError(404, "RevisionNotFound", "'%s' is not a revision of %s", revision, repo);
            }
            boolean version = Character.isDigit(revision.charAt(0)) || revision.matches("v\\d.*");
            return registry.resolve(version ? repo + ":" + revision : repo + "@" + revision);
        } catch (ModelNotFoundException e) {
            throw new HfError(404, "RepoNotFound", "%s", e.getMessage());
        } catch (VersionNotFoundException | InvalidReferenceException e) {
            throw new HfError(404, "RevisionNotFound", "%s", e.getMessage());
        }
    }
}
