package io.jmreg.server.ui;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.Permission;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The webhooks page: subscriptions (never their secrets) with their newest deliveries, redelivery, adding (a secret
 * the server generates is shown once, on the page right after) and removal after a confirmation step. Every read and
 * change runs through the registry as the session's principal, so only {@code registry:webhooks} or
 * {@code access_control:manage} get past the policy; others get the 403 page.
 */
final class WebhookPages {
    private static final int DELIVERIES_SHOWN = 20;
    private static final Duration SECRET_SHOWN_WITHIN = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Per session id: a generated secret waiting to be shown once on the next page. */
    private final Map<String, Pending> secrets = new ConcurrentHashMap<>();

    private record Pending(WebhookViews.Created created, Instant until) {
    }

    /** Whether {@code registry}'s principal manages webhooks (and so sees the page's navigation link). */
    static boolean manages(ModelRegistry registry) {
        return registry.access().allowed(Permission.REGISTRY_WEBHOOKS, null)
                || registry.access().allowed(Permission.ACCESS_CONTROL_MANAGE, null);
    }

    Reply list(Visit v) {
        List<WebhookSubscription> subscriptions = v.registry().webhooks().list();
        List<WebhookViews.Row> rows = new ArrayList<>(subscriptions.size());
        for (WebhookSubscription s : subscriptions) {
            rows.add(new WebhookViews.Row(s, v.registry().webhooks().deliveries(s.id(), DELIVERIES_SHOWN)));
        }
        String remove = v.param("remove");
        WebhookSubscription removing = subscriptions.stream().filter(s -> s.id().equals(remove)).findFirst()
                .orElse(null);
        Pending pending = secrets.remove(v.session().id());
        WebhookViews.Created created = pending == null || pending.until().isBefore(Instant.now()) ? null
                : pending.created();
        List<String> types = Arrays.stream(RegistryEvent.Type.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList();
        return Reply.page("webhooks.jte", new WebhookViews.Page(v.frame("Webhooks", "webhooks"), List.copyOf(rows),
                created, removing, types));
    }

    /** A form post under {@code /webhooks/}: {@code add}, {@code subscriptions/<id>/remove}, {@code deliveries/<id>/redeliver}. */
    Reply act(Visit v, List<String> s) {
        if (s.equals(List.of("add"))) {
            return act(v, "/webhooks", () -> add(v));
        }
        if (s.size() == 3 && s.get(0).equals("subscriptions") && s.get(2).equals("remove")) {
            String id = s.get(1);
            if (!v.field("confirm").equals("yes")) {
                return Reply.redirect(WebhookViews.confirmRemoval(id));
            }
            return act(v, "/webhooks", () -> {
                v.registry().webhooks().remove(id);
                return "Removed webhook " + id + "; nothing more is delivered to it.";
            });
        }
        if (s.size() == 3 && s.get(0).equals("deliveries") && s.get(2).equals("redeliver")) {
            return act(v, "/webhooks", () -> {
                WebhookDelivery d = v.registry().webhooks().redeliver(s.get(1));
                return "Delivered " + d.id() + " once more: " + d.status().name().toLowerCase(Locale.ROOT)
                        + (d.lastStatus() > 0 ? " (HTTP " + d.lastStatus() + ")" : "")
                        + (d.status() == WebhookDelivery.Status.DELIVERED || d.lastError() == null ? ""
                        : ", " + d.lastError()) + ".";
            });
        }
        throw new UiProblem(404, "Not found", "There is no webhook action at " + v.request().getHttpURI().getPath() + ".");
    }

    private String add(Visit v) {
        String url = v.field("url");
        if (url.isEmpty()) {
            throw new UiProblem(400, "Bad request", "The form needs a value for 'url'.");
        }
        Set<RegistryEvent.Type> types = EnumSet.noneOf(RegistryEvent.Type.class);
        for (String value : v.form().getOrDefault("events", List.of())) {
            for (String e : value.split("[,\\s]+")) {
                if (e.isBlank()) {
                    continue;
                }
                try {
                    types.add(RegistryEvent.Type.valueOf(e.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException x) {
                    throw new UiProblem(400, "Bad request", "Unknown event type '" + e.strip() + "' (known: "
                            + EnumSet.allOf(RegistryEvent.Type.class).toString().toLowerCase(Locale.ROOT) + ").");
                }
            }
        }
        String secret = v.field("secret");
        boolean generated = secret.isEmpty();
        if (generated) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        WebhookSubscription s = v.registry().webhooks().add(new WebhookRequest(url, types,
                v.field("models").isEmpty() ? null : v.field("models"), secret));
        if (generated) {
            Instant now = Instant.now();
            secrets.values().removeIf(p -> p.until().isBefore(now));
            secrets.put(v.session().id(), new Pending(new WebhookViews.Created(s.id(), secret),
                    now.plus(SECRET_SHOWN_WITHIN)));
        }
        return "Added webhook " + s.id() + " for " + s.url() + ".";
    }

    private static Reply act(Visit v, String back, Supplier<String> change) {
        try {
            v.session().flash().set(Flash.ok(change.get()));
        } catch (AccessDeniedException | StorageException e) {
            throw e; // a 403 page, or the error page of a store that failed
        } catch (RegistryException | UiProblem e) {
            v.session().flash().set(Flash.refused("Refused: " + e.getMessage(), List.of()));
        }
        return Reply.redirect(back);
    }
}
