package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code jmreg webhook add|list|rm|deliveries|redeliver}. */
@Command(name = "webhook", description = "Manage webhook subscriptions and see their deliveries (access_control:manage "
        + "or registry:webhooks).",
        subcommands = {WebhookCommands.Add.class, WebhookCommands.ListHooks.class, WebhookCommands.Remove.class,
                WebhookCommands.Deliveries.class, WebhookCommands.Redeliver.class})
final class WebhookCommands {
    private WebhookCommands() {
    }

    @Command(name = "add", description = "Subscribe URL to events. The secret comes from --secret-file, else "
            + "$JMREG_WEBHOOK_SECRET, else a new one is generated and printed once; it is never shown again.")
    static final class Add extends Base {
        @Parameters(paramLabel = "URL", description = "where events are posted (http or https)")
        String url;

        @Option(names = "--event", paramLabel = "TYPE", description = "an event type to deliver (repeatable; default "
                + "all): registered, stage_changed, alias_moved, deployed, rolled_back, deleted, updated, "
                + "promotion_requested")
        List<String> events = new ArrayList<>();

        @Option(names = "--models", paramLabel = "PATTERN", description = "models whose events are delivered: '*' "
                + "within a name segment, '**' across '/' (default: all)")
        String models;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "a file holding the signing secret")
        Path secretFile;

        @Override
        int run(ModelRegistry r) throws Exception {
            Set<RegistryEvent.Type> types = EnumSet.noneOf(RegistryEvent.Type.class);
            for (String e : events) {
                try {
                    types.add(RegistryEvent.Type.valueOf(e.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException x) {
                    throw new ValidationException("unknown event type '%s' (known: %s)", e,
                            EnumSet.allOf(RegistryEvent.Type.class).toString().toLowerCase(Locale.ROOT));
                }
            }
            String secret = secretFile != null ? OptionValues.text("--secret-file", secretFile).strip()
                    : root().environment.get("JMREG_WEBHOOK_SECRET");
            boolean generated = secret == null || secret.isEmpty();
            if (generated) {
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            }
            WebhookSubscription s = r.webhooks().add(new WebhookRequest(url, types, models, secret));
            Map<String, Object> doc = new LinkedHashMap<>(shown(s));
            if (generated) {
                doc.put("secret", secret);
            }
            done(doc, "%s -> %s%s", s.id(), s.url(), generated ? "\nsecret (shown once, keep it): " + secret : "");
            return 0;
        }
    }

    @Command(name = "list", description = "Subscriptions (never their secrets).")
    static final class ListHooks extends Base {
        @Override
        int run(ModelRegistry r) {
            List<WebhookSubscription> subs = r.webhooks().list();
            if (json()) {
                printJson(Map.of("webhooks", subs.stream().map(WebhookCommands::shown).toList()));
                return 0;
            }
            Table t = new Table("ID", "URL", "EVENTS", "MODELS", "CREATED BY");
            for (WebhookSubscription s : subs) {
                t.row(s.id(), s.url(), s.events().isEmpty() ? "all" : types(s.events()), s.modelPattern(), s.createdBy());
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove a subscription (its delivery records stay).")
    static final class Remove extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(ModelRegistry r) {
            r.webhooks().remove(id);
            done(Map.of("removed", id), "removed %s", id);
            return 0;
        }
    }

    @Command(name = "deliveries", description = "The newest deliveries to a subscription: status, attempts, last "
            + "HTTP status and error.")
    static final class Deliveries extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--limit", paramLabel = "N", description = "at most N (default 20)")
        int limit = 20;

        @Override
        int run(ModelRegistry r) {
            List<WebhookDelivery> list = r.webhooks().deliveries(id, limit);
            if (json()) {
                printJson(Map.of("deliveries", list));
                return 0;
            }
            Table t = new Table("DELIVERY", "EVENT", "MODEL", "VERSION", "STATUS", "ATTEMPTS", "HTTP", "ERROR");
            for (WebhookDelivery d : list) {
                t.row(d.id(), d.event().name().toLowerCase(Locale.ROOT), d.model(), d.version() == null ? "" : d.version(),
                        d.status().name().toLowerCase(Locale.ROOT), Integer.toString(d.attempts()),
                        d.lastStatus() == 0 ? "" : Integer.toString(d.lastStatus()),
                        d.lastError() == null ? "" : d.lastError());
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "redeliver", description = "Post a delivery once more now, whatever its status.")
    static final class Redeliver extends Base {
        @Parameters(paramLabel = "DELIVERY")
        String id;

        @Override
        int run(ModelRegistry r) {
            WebhookDelivery d = r.webhooks().redeliver(id);
            done(d, "%s: %s after %d attempts%s", d.id(), d.status().name().toLowerCase(Locale.ROOT), d.attempts(),
                    d.lastError() == null ? "" : " (" + d.lastError() + ")");
            return d.status() == WebhookDelivery.Status.DELIVERED ? 0 : ExitCodes.ERROR;
        }
    }

    private static Map<String, Object> shown(WebhookSubscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("url", s.url());
        m.put("events", types(s.events()));
        m.put("models", s.modelPattern());
        m.put("created", s.created().toString());
        m.put("createdBy", s.createdBy());
        return m;
    }

    private static String types(Set<RegistryEvent.Type> types) {
        return String.join(",", types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }
}
