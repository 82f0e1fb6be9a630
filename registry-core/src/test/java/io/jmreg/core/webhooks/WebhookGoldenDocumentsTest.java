package io.jmreg.core.webhooks;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.core.format.GoldenDocumentsStore;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook documents of the golden store (the subscription lists with their secrets, one delivered and one failed
 * delivery's attempt and result records, the cursors) read with every field, as written and with unknown newer
 * fields; {@code StoredDocumentsGoldenTest} checks them through the API.
 */
class WebhookGoldenDocumentsTest {
    private static final String OK = "whd37c3344ee8d0b25";
    private static final String FAILING = "whd223d4840a183311";
    private static final String BY = "15185@65c19a76-ab95-4259-a123-37f2d61d60f2";

    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void theGoldenSubscriptionsDeliveryRecordsAndCursorsReadWithEveryField(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            assertThat(new SubscriptionStore(backend).current()).containsExactly(
                    new StoredSubscription(OK, "http://127.0.0.1:38687/ok", Set.of(), "**",
                            Instant.parse("2026-12-07T12:20:40.681793556Z"), "admin", "golden-secret-for-ok-receiver"),
                    new StoredSubscription(FAILING, "http://127.0.0.1:38687/fail", Set.of(RegistryEvent.Type.UPDATED),
                            "team/**", Instant.parse("2026-12-07T12:20:40.684961190Z"), "admin",
                            "golden-secret-for-failing-one"));

            DeliveryRecords records = new DeliveryRecords(backend);
            DeliveryRecords.State delivered = records.state(OK, "team/beta", 5);
            assertThat(delivered.latest()).isEqualTo(new DeliveryRecords.Attempt(OK + "-5-dGVhbS9iZXRh", 1,
                    Instant.parse("2026-12-07T12:20:41.012913287Z"), BY, RegistryEvent.Type.UPDATED, "team/beta",
                    "1.1.0", 5));
            assertThat(delivered.result()).isEqualTo(new DeliveryRecords.Result(1,
                    Instant.parse("2026-12-07T12:20:41.118438603Z"), true, 204, null, true));
            assertThat(delivered.settled()).isTrue();
            DeliveryRecords.State failed = records.state(FAILING, "team/beta", 5);
            assertThat(failed.latest()).isEqualTo(new DeliveryRecords.Attempt(FAILING + "-5-dGVhbS9iZXRh", 1,
                    Instant.parse("2026-12-07T12:20:41.031191500Z"), BY, RegistryEvent.Type.UPDATED, "team/beta",
                    "1.1.0", 5));
            assertThat(failed.result()).isEqualTo(new DeliveryRecords.Result(1,
                    Instant.parse("2026-12-07T12:20:41.127548006Z"), false, 503, "the receiver answered 503", true));
            assertThat(failed.settled()).isTrue();

            assertThat(records.cursor(OK, "alpha")).isEqualTo(2);
            assertThat(records.cursor(OK, "team/beta")).isEqualTo(5);
            assertThat(records.cursor(OK, "team/gamma")).isEqualTo(1);
            assertThat(records.cursor(FAILING, "alpha")).isZero();
            assertThat(records.cursor(FAILING, "team/beta")).isEqualTo(4); // a hint may lag
            assertThat(records.cursor(FAILING, "team/gamma")).isEqualTo(1);
        }
    }
}
