package io.jmreg.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing of namespaced model names given as two path segments: one meaning per path, the one-segment reading first. */
class RouterTest {
    private final Router router = new Router();

    RouterTest() {
        Router.Action none = x -> { };
        router.add("GET", "/api/v1/models/{name}", none);
        router.add("GET", "/api/v1/models/{name}/versions", none);
        router.add("POST", "/api/v1/models/{name}/versions", none);
        router.add("GET", "/api/v1/models/{name}/versions/{version}", none);
        router.add("DELETE", "/api/v1/models/{name}/versions/{version}", none);
        router.add("GET", "/api/v1/models/{name}/versions/{version}/artifacts/{path...}", none);
    }

    private Optional<Router.Match> find(String method, String path, Set<String> allowed) {
        return router.find(method, List.of(path.substring(1).split("/", -1)), allowed);
    }

    private Router.Match found(String method, String path) {
        return find(method, path, new TreeSet<>()).orElseThrow(() -> new AssertionError("no route for " + path));
    }

    @Test
    void twoSegmentsAfterModelsAreANamespacedName() {
        assertThat(found("GET", "/api/v1/models/fraud/detector").params()).containsEntry("name", "fraud/detector");
        Router.Match version = found("DELETE", "/api/v1/models/fraud/detector/versions/1.0.0");
        assertThat(version.route().pattern()).isEqualTo("/api/v1/models/{name}/versions/{version}");
        assertThat(version.params()).containsEntry("name", "fraud/detector").containsEntry("version", "1.0.0");
        Router.Match file = found("GET", "/api/v1/models/fraud/detector/versions/1.0.0/artifacts/a/b.bin");
        assertThat(file.params()).containsEntry("name", "fraud/detector").containsEntry("path", "a/b.bin");
        assertThat(found("POST", "/api/v1/models/fraud/detector/versions").params())
                .containsEntry("name", "fraud/detector");
    }

    @Test
    void aOneSegmentReadingWinsSoEveryPathHasOneMeaning() {
        Router.Match versions = found("GET", "/api/v1/models/fraud/versions");
        assertThat(versions.route().pattern()).isEqualTo("/api/v1/models/{name}/versions");
        assertThat(versions.params()).containsEntry("name", "fraud");
        Router.Match encoded = router.find("GET", List.of("api", "v1", "models", "fraud/versions"), new TreeSet<>())
                .orElseThrow();
        assertThat(encoded.params()).as("%2F keeps the name whole").containsEntry("name", "fraud/versions");
    }

    @Test
    void otherMethodsAndPathsAreStill405And404() {
        Set<String> allowed = new TreeSet<>();
        assertThat(find("PUT", "/api/v1/models/fraud/detector", allowed)).isEmpty();
        assertThat(allowed).containsExactly("GET");
        allowed.clear();
        assertThat(find("GET", "/api/v1/models/a/b/c", allowed)).isEmpty();
        assertThat(allowed).isEmpty();
        assertThat(find("GET", "/api/v1/models//detector", allowed)).isEmpty();
        assertThat(Router.namespaced(List.of("api", "v1", "models", "a/b", "c"))).isNull();
        assertThat(Router.namespaced(List.of("api", "v1", "webhooks", "a", "b"))).isNull();
    }
}
