package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.observe.OperationObserver;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code jmreg} command: global options, inherited by every subcommand, and the subcommands. */
@Command(name = "jmreg", mixinStandardHelpOptions = true, versionProvider = JmregCommand.Version.class,
        description = "The model registry from the command line: register, promote, deploy, resolve, pull, search, "
                + "audit, over any store (file:, s3://, mem:).",
        subcommands = {ReadCommands.ListModels.class, ReadCommands.Info.class, ReadCommands.Versions.class,
                ReadCommands.Resolve.class, ReadCommands.Watch.class,
                TransferCommands.Register.class, TransferCommands.Pull.class, TransferCommands.Cat.class,
                ChangeCommands.Update.class, ChangeCommands.Score.class, ChangeCommands.Delete.class,
                DescribeCommand.class,
                AliasCommands.class,
                LifecycleCommands.Promote.class, LifecycleCommands.Approve.class, LifecycleCommands.Deploy.class,
                LifecycleCommands.DeployHistory.class, LifecycleCommands.Rollback.class,
                CompareCommand.class, StageCommands.class,
                DiscoveryCommands.Search.class, DiscoveryCommands.Recommend.class, DiscoveryCommands.Similar.class,
                DiscoveryCommands.Tree.class, DiscoveryCommands.LineageCmd.class, DiscoveryCommands.Stats.class,
                AdapterCommands.class, BulkCommands.class, AuditCommands.class, CacheCommands.class,
                AdminCommands.Gc.class, AdminCommands.Policy.class, AdminCommands.Keygen.class,
                AdminCommands.Completion.class, ServerCommands.Serve.class, ServerCommands.Token.class,
                ImportCommands.class, ImportCommands.Export.class, WebhookCommands.class, InitCommand.class,
                AuthCommands.Login.class, AuthCommands.Logout.class, AuthCommands.WhoAmI.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:error", "2:usage (unknown option, malformed reference, query or store URI)",
                "3:not found", "4:access denied", "5:integrity or verification failure",
                "6:conflict or refused (gate, transition)", "130:interrupted"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  REGISTRY_URI, REGISTRY_PRINCIPAL, REGISTRY_CACHE, REGISTRY_STALENESS,",
                "  REGISTRY_AUDIT_KEY, REGISTRY_AUDIT_DOWNLOADS, REGISTRY_SIGNING_KEY, REGISTRY_TRUSTED_KEYS,",
                "  REGISTRY_REQUIRE_SIGNATURES, JMREG_CONFIG, JMREG_OPTS (JVM options)"})
final class JmregCommand {
    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "store URI: file:/path, s3://bucket/prefix, mem:, or a server http://host:port (token: "
                    + "$REGISTRY_TOKEN) (default: $REGISTRY_URI)")
    String registry;

    @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "PRINCIPAL",
            description = "act as this principal (default: $REGISTRY_PRINCIPAL, else the OS user); with a server, the "
                    + "token must be allowed to impersonate")
    String principal;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "configuration file, properties or JSON (default: $JMREG_CONFIG, ~/.config/jmreg/config.properties)")
    Path config;

    @Option(names = "--create", scope = ScopeType.INHERIT,
            description = "create the store if it does not exist (else a missing file: store is an error, exit 3)")
    boolean create;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print one JSON document on stdout, nothing else")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "print only what was asked for")
    boolean quiet;

    @Option(names = "--no-progress", scope = ScopeType.INHERIT, description = "no progress output on transfers")
    boolean noProgress;

    @Option(names = "--require-signatures", scope = ScopeType.INHERIT,
            description = "refuse versions not signed by a trusted key ($REGISTRY_TRUSTED_KEYS)")
    boolean requireSignatures;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "errors with their causes; library logs")
    boolean verbose;

    @Option(names = "--on-event", scope = ScopeType.INHERIT, paramLabel = "COMMAND",
            description = "run this shell command for each event the command causes (registered, stage changed, alias "
                    + "moved, deployed, rolled back, deleted...): the event as JSON on its stdin, JMREG_EVENT_TYPE, "
                    + "JMREG_EVENT_MODEL, JMREG_EVENT_VERSION, JMREG_EVENT_BY in its environment")
    String onEvent;

    /** The environment, replaceable for tests in the same JVM. */
    Map<String, String> environment = System.getenv();

    /** Opens the registry the options, environment and configuration name. */
    ModelRegistry open() {
        return open(null);
    }

    /** {@link #open()}, every operation told to {@code observer} (null: none). */
    ModelRegistry open(OperationObserver observer) {
        RegistryOptions options = Settings.load(config, environment).options(registry, principal,
                requireSignatures, null, observer);
        if (!create) {
            Stores.requireExisting(options.uri());
        }
        return ModelRegistry.open(options);
    }

    /**
     * The registry the command works on: {@code opened}, or, for a server with {@code --as}, the same server acting for
     * that principal (the server refuses unless the token may impersonate, exit 4).
     */
    ModelRegistry actingAs(ModelRegistry opened) {
        if (principal != null && (opened.uri().startsWith("http://") || opened.uri().startsWith("https://"))) {
            return opened.as(principal);
        }
        return opened;
    }

    /** A server's refusal to let the token act as {@code --as}, named as such (exit 4); other failures unchanged. */
    RuntimeException explainActingAs(RuntimeException e) {
        boolean refusedByTheServer = e instanceof AccessDeniedException a
                && a.permission() == null; // the HTTP layer's own refusal, not a policy's
        if (refusedByTheServer || e.getClass() == RegistryException.class
                && e.getMessage() != null && e.getMessage().contains("(HTTP 403)")) {
            return new ExitCodes.Denied(String.format("--as %s: %s; act for others with a token made by 'jmreg token "
                    + "--impersonate', or leave out --as", principal, e.getMessage()));
        }
        return e;
    }

    /** {@code jmreg --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JmregCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jmreg " + (v == null ? "development build" : v), "Java " + Runtime.version()};
        }
    }
}
