package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jmreg login|logout|whoami}: keeping a server's bearer token in the credential file, and who a command acts as. */
final class AuthCommands {
    private AuthCommands() {
    }

    /** The server URI a command names: its argument, else --registry, $REGISTRY_URI or the configuration; http(s) only. */
    private static String server(JmregCommand root, String uri) {
        String u = uri != null ? uri : Settings.load(root.config, root.environment).uri(root.registry);
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new ValidationException("%s is not a server: login and logout are for http:// and https:// registries", u);
        }
        return Credentials.key(u);
    }

    @Command(name = "login", description = "Check a bearer token against a server and keep it in the credential file "
            + "($JMREG_CREDENTIALS, else ~/.config/jmreg/credentials, mode 0600): later commands on that server use it "
            + "when $REGISTRY_TOKEN is not set. The token is prompted for on a terminal (not echoed), else read from stdin.")
    static final class Login implements Callable<Integer> {
        @Parameters(paramLabel = "URI", arity = "0..1", description = "the server (default: --registry, $REGISTRY_URI)")
        String uri;

        @Option(names = "--token-stdin", description = "read the token from stdin, also on a terminal")
        boolean fromStdin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JmregCommand root = (JmregCommand) spec.root().userObject();
            String server = server(root, uri);
            String token;
            if (!fromStdin && Human.terminal()) {
                char[] typed = System.console().readPassword("token for %s: ", server);
                token = typed == null ? null : new String(typed);
            } else {
                token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            if (token == null || token.isBlank()) {
                throw new ValidationException("no token given (make one on the server with: jmreg token PRINCIPAL)");
            }
            token = token.strip();
            String principal;
            try (ModelRegistry r = ModelRegistry.open(Settings.load(root.config, root.environment)
                    .options(server, null, false, token))) {
                principal = r.principal(); // the server says whose token it is; a bad one fails here, nothing kept
            }
            Credentials credentials = Credentials.of(root.environment);
            credentials.put(server, token);
            var out = spec.commandLine().getOut();
            if (root.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("registry", server);
                doc.put("principal", principal);
                doc.put("credentials", credentials.file().toString());
                out.println(JsonOutput.write(doc));
            } else if (!root.quiet) {
                out.printf("logged in to %s as %s (token kept in %s)%n", server, principal, credentials.file());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "logout", description = "Forget the token the credential file keeps for a server.")
    static final class Logout implements Callable<Integer> {
        @Parameters(paramLabel = "URI", arity = "0..1", description = "the server (default: --registry, $REGISTRY_URI)")
        String uri;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JmregCommand root = (JmregCommand) spec.root().userObject();
            String server = server(root, uri);
            boolean had = Credentials.of(root.environment).remove(server);
            var out = spec.commandLine().getOut();
            if (root.json) {
                out.println(JsonOutput.write(Map.of("registry", server, "removed", had)));
            } else if (!root.quiet) {
                out.println(had ? "logged out of " + server : "not logged in to " + server + ": nothing to do");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "whoami", description = "Print the principal commands act as: for a server, the token's principal as "
            + "the server sees it (or --as); for a store, --as, $REGISTRY_PRINCIPAL or the OS user.")
    static final class WhoAmI extends Base {
        @Override
        int run(ModelRegistry r) {
            String principal = r.principal();
            if (json()) {
                printJson(Map.of("principal", principal, "registry", r.uri()));
            } else {
                out().println(principal);
            }
            return 0;
        }
    }
}
