package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.Bump;
import io.jmreg.api.Registration;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.api.signing.VersionSignature;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire names of the API's other records in the HTTP API's JSON, owned here and not by the records'
 * Java names ({@code WireShapeTest} fails when a component has no wire name).
 */
final class WireNamesOther {
    private WireNamesOther() {
    }

    /** Applies the names of this group to {@code module}. */
    static void apply(SimpleModule module) {
        module.setMixInAnnotation(Registration.class, RegistrationWire.class);
        module.setMixInAnnotation(RegistryEvent.class, RegistryEventWire.class);
        module.setMixInAnnotation(VersionSignature.class, VersionSignatureWire.class);
        module.setMixInAnnotation(DeliverySettings.class, DeliverySettingsWire.class);
        module.setMixInAnnotation(WebhookDelivery.class, WebhookDeliveryWire.class);
        module.setMixInAnnotation(WebhookRequest.class, WebhookRequestWire.class);
        module.setMixInAnnotation(WebhookSubscription.class, WebhookSubscriptionWire.class);
    }

    /** Wire names of {@link Registration}. */
    interface RegistrationWire {
        @JsonProperty("name") String name();
        @JsonProperty("version") String version();
        @JsonProperty("strategy") VersionStrategy strategy();
        @JsonProperty("bump") Bump bump();
        @JsonProperty("artifacts") Path artifacts();
        @JsonProperty("description") String description();
        @JsonProperty("tags") Set<String> tags();
        @JsonProperty("owner") String owner();
        @JsonProperty("type") String type();
        @JsonProperty("tier") Tier tier();
        @JsonProperty("kind") Kind kind();
        @JsonProperty("model_info") ModelInfo modelInfo();
        @JsonProperty("training_info") TrainingInfo trainingInfo();
        @JsonProperty("metrics") Map<String, Double> metrics();
        @JsonProperty("quality_gates") List<QualityGate> qualityGates();
        @JsonProperty("lineage") Lineage lineage();
        @JsonProperty("custom") Map<String, Object> custom();
        @JsonProperty("consume_artifacts") boolean consumeArtifacts();
        @JsonProperty("artifact_digests") Map<String, String> artifactDigests();
    }

    /** Wire names of {@link RegistryEvent}. */
    interface RegistryEventWire {
        @JsonProperty("type") RegistryEvent.Type type();
        @JsonProperty("model") String model();
        @JsonProperty("version") String version();
        @JsonProperty("details") Map<String, String> details();
        @JsonProperty("at") Instant at();
        @JsonProperty("by") String by();
        @JsonProperty("sequence") long sequence();
    }

    /** Wire names of {@link VersionSignature}. */
    interface VersionSignatureWire {
        @JsonProperty("key_id") String keyId();
        @JsonProperty("signature") String signature();
    }

    /** Wire names of {@link DeliverySettings}. */
    interface DeliverySettingsWire {
        @JsonProperty("poll_interval") Duration pollInterval();
        @JsonProperty("max_attempts") int maxAttempts();
        @JsonProperty("initial_backoff") Duration initialBackoff();
        @JsonProperty("max_backoff") Duration maxBackoff();
        @JsonProperty("request_timeout") Duration requestTimeout();
    }

    /** Wire names of {@link WebhookDelivery}. */
    interface WebhookDeliveryWire {
        @JsonProperty("id") String id();
        @JsonProperty("subscription_id") String subscriptionId();
        @JsonProperty("event") RegistryEvent.Type event();
        @JsonProperty("model") String model();
        @JsonProperty("version") String version();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("status") WebhookDelivery.Status status();
        @JsonProperty("attempts") int attempts();
        @JsonProperty("last_status") int lastStatus();
        @JsonProperty("last_error") String lastError();
        @JsonProperty("updated") Instant updated();
    }

    /** Wire names of {@link WebhookRequest}. */
    interface WebhookRequestWire {
        @JsonProperty("url") String url();
        @JsonProperty("events") Set<RegistryEvent.Type> events();
        @JsonProperty("model_pattern") String modelPattern();
        @JsonProperty("secret") String secret();
    }

    /** Wire names of {@link WebhookSubscription}. */
    interface WebhookSubscriptionWire {
        @JsonProperty("id") String id();
        @JsonProperty("url") String url();
        @JsonProperty("events") Set<RegistryEvent.Type> events();
        @JsonProperty("model_pattern") String modelPattern();
        @JsonProperty("created") Instant created();
        @JsonProperty("created_by") String createdBy();
    }
}
