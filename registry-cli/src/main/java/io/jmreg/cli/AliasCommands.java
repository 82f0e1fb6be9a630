package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jmreg alias set|rm|list|history}. */
@Command(name = "alias", description = "Set, remove, list aliases, and show their history.",
        subcommands = {AliasCommands.Set.class, AliasCommands.Remove.class, AliasCommands.ListAliases.class,
                AliasCommands.History.class})
final class AliasCommands {
    @Command(name = "set", description = "Point an alias at a version (moves it if it exists).")
    static final class Set extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "2", paramLabel = "VERSION")
        String version;

        @Override
        int run(ModelRegistry r) {
            ModelVersion v = r.setAlias(name, alias, version);
            done(Map.of("model", name, "alias", alias, "version", v.version()), "%s@%s -> %s", name, alias, v.version());
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove an alias; asks first on a terminal, needs --yes elsewhere.")
    static final class Remove extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(ModelRegistry r) {
            String target = r.aliases(name).get(alias);
            if (target == null) {
                throw new ExitCodes.NotFound(String.format("model '%s' has no alias '%s'", name, alias));
            }
            confirmation.confirm("remove " + name + "@" + alias + " (now " + target + ")");
            r.removeAlias(name, alias);
            done(Map.of("model", name, "removed", alias), "removed %s@%s", name, alias);
            return 0;
        }
    }

    @Command(name = "list", description = "A model's aliases.")
    static final class ListAliases extends Base {
        @Parameters(paramLabel = "MODEL")
        String name;

        @Mixin
        AsOf asOf = new AsOf();

        @Override
        int run(ModelRegistry r) {
            Instant at = asOf.instant();
            Map<String, String> aliases = new TreeMap<>(at == null ? r.aliases(name) : r.lifecycle().stateAt(name, at).aliases());
            if (json()) {
                printJson(Map.of("model", name, "aliases", aliases));
                return 0;
            }
            Table t = new Table("ALIAS", "VERSION");
            aliases.forEach(t::row);
            t.print(out());
            return 0;
        }
    }

    @Command(name = "history", description = "Every move of an alias (or, without ALIAS, of every alias the model has now, by time): when, by "
            + "whom, from what.")
    static final class History extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS", arity = "0..1")
        String alias;

        @Mixin
        AsOf asOf = new AsOf();

        @Override
        int run(ModelRegistry r) {
            Instant at = asOf.instant();
            List<AliasChange> all = new ArrayList<>();
            if (alias != null) {
                all.addAll(r.aliasHistory(name, alias));
            } else {
                for (String a : new TreeSet<>(r.aliases(name).keySet())) {
                    all.addAll(r.aliasHistory(name, a));
                }
                all.sort(Comparator.comparing(AliasChange::at));
            }
            List<AliasChange> history = all.stream().filter(c -> at == null || !c.at().isAfter(at)).toList();
            if (json()) {
                printJson(Map.of("model", name, "history", history));
                return 0;
            }
            Table t = new Table("WHEN", "ALIAS", "VERSION", "PREVIOUS", "BY");
            history.forEach(c -> t.row(c.at(), c.alias(), c.version() == null ? "(removed)" : c.version(), c.previous(),
                    c.by()));
            t.print(out());
            return 0;
        }
    }
}
