package io.jmreg.core.webhooks;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.OperationPipeline;
import io.jmreg.core.pipeline.Operation;

import java.util.List;

import static io.jmreg.core.pipeline.RegistryOperation.DELIVER_WEBHOOKS;
import static io.jmreg.core.pipeline.RegistryOperation.MANAGE_WEBHOOKS;
import static io.jmreg.core.pipeline.RegistryOperation.READ_WEBHOOKS;

/** Webhooks as one principal sees and manages them: every call passes the operation pipeline. */
public final class WebhookView implements Webhooks {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final WebhookService service;

    /** The webhooks of {@code service}, acting as {@code principal}. */
    public WebhookView(OperationPipeline pipeline, Caller principal, WebhookService service) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.service = service;
    }

    @Override
    public WebhookSubscription add(WebhookRequest request) {
        if (request == null) {
            throw new ValidationException("no webhook request given");
        }
        return pipeline.run(principal, Operation.registryWide(MANAGE_WEBHOOKS), ctx -> {
            WebhookSubscription s = service.add(request, principal.principal());
            ctx.target("webhook:" + s.id());
            ctx.detail("url", s.url());
            return s;
        });
    }

    @Override
    public List<WebhookSubscription> list() {
        return pipeline.run(principal, Operation.registryWide(READ_WEBHOOKS), ctx -> service.list());
    }

    @Override
    public void remove(String subscriptionId) {
        pipeline.run(principal, Operation.registryWide(MANAGE_WEBHOOKS), ctx -> {
            ctx.target("webhook:" + subscriptionId);
            service.remove(subscriptionId);
            return null;
        });
    }

    @Override
    public List<WebhookDelivery> deliveries(String subscriptionId, int limit) {
        return pipeline.run(principal, Operation.registryWide(READ_WEBHOOKS), ctx -> service.deliveries(subscriptionId,
                limit));
    }

    @Override
    public WebhookDelivery redeliver(String deliveryId) {
        return pipeline.run(principal, Operation.registryWide(MANAGE_WEBHOOKS), ctx -> {
            ctx.target("webhook-delivery:" + deliveryId);
            return service.redeliver(deliveryId);
        });
    }

    @Override
    public AutoCloseable startDelivery(DeliverySettings settings) {
        DeliverySettings s = settings == null ? DeliverySettings.defaults() : settings;
        return pipeline.run(principal, Operation.registryWide(DELIVER_WEBHOOKS), ctx -> service.startDelivery(s));
    }
}
