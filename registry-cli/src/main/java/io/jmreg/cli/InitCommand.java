package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jmreg init [URI]}: creates a store (the other commands refuse a {@code file:} store that does not exist). */
@Command(name = "init", description = "Create a store (default: --registry, $REGISTRY_URI); other commands refuse a "
        + "file: store that does not exist unless given --create.")
final class InitCommand extends Base {
    @Parameters(paramLabel = "URI", arity = "0..1", description = "the store to create, e.g. file:/srv/models")
    String uri;

    private boolean existed;

    @Override
    public Integer call() throws Exception {
        JmregCommand root = root();
        if (uri != null) {
            root.registry = uri;
        }
        String named = Settings.load(root.config, root.environment).options(root.registry, null, false).uri();
        Path dir = Stores.fileStore(named);
        existed = dir != null && Files.exists(dir);
        root.create = true;
        return super.call();
    }

    @Override
    int run(ModelRegistry r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("registry", r.uri());
        doc.put("created", !existed);
        done(doc, existed ? "%s exists already: nothing to do" : "created the registry %s", r.uri());
        return 0;
    }
}
