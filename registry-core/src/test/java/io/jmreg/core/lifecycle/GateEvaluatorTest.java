package io.jmreg.core.lifecycle;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quality gates parse strictly (a typo is never a gate that passes) and compare by the field's type. */
class GateEvaluatorTest {
    private static final ModelVersion V = new ModelVersion("m", "1.4.0", Instant.parse("2026-11-01T10:00:00Z"), "ann",
            Instant.parse("2026-11-02T10:00:00Z"), "d", Set.of("nlp"), "team", "llm", null, null, "staging", null, null,
            Map.of("evaluation.accuracy", 0.8, "evaluation.latency_ms", 40.0), ArtifactManifest.empty(), null, Map.of(),
            List.of(new QualityGate("safety", "passed", 0.97)), null, Map.of("team", "nlp", "budget", 12), null);

    private static boolean passes(String gate) {
        List<GateResult> r = GateEvaluator.evaluate(GateEvaluator.parse(gate), V);
        return r.get(0).passed();
    }

    @ParameterizedTest(name = "[{index}] {0} at {1}")
    @CsvSource(delimiter = '|', value = {
        "evaluation.accuracy !== 0.8|22",
        "evaluation.accuracy =! 0.8|21",
        ">>> 1|0",
        ">=|0",
        "evaluation.accuracy >=|22",
        "'evaluation.accuracy >= '|23",
        "evaluation.accuracy >>= 0.8|21",
        "evaluation.accuracy => 0.8|21",
        "evaluation.accuracy 0.8|20",
        "evaluation.accuracy >= high|23",
        "evaluation.accuracy >= '0.8'|23",
        "evaluation.accuracy >= 0.8 extra|27",
        "evaluation.accuracy >= 0.8)|26",
        "evaluation..accuracy >= 0.8|11",
        "evaluation. >= 0.8|11",
        ".accuracy >= 0.8|0",
        "accuracy >= 0.8|0",
        "stage > staging|6",
        "stage >= \"production\"|6",
        "version >= 1.2|11",
        "version > banana|10",
        "created_at >= yesterday|14",
        "model_info.colour == red|0",
        "training_info.epochs >= many|24",
        "quality_gates.safety == \"passed|24",
        "quality_gates.safety.score > passed|29",
        "custom.team > nlp|12",
        "evaluation.accuracy >= 0.8 && evaluation.f1 > 0.5|27",
        "evaluation.accuracy ≥ 0.8|20",
        "evaluation.accuracy >= 0.8;|26",
    })
    void malformedGatesAreRefusedWithThePosition(String gate, int position) {
        assertThatThrownBy(() -> GateEvaluator.parse(gate)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("malformed quality gate at position " + position + ":")
                .hasMessageContaining(gate);
    }

    @Test
    void nullAndEmptyGatesAreRefused() {
        assertThatThrownBy(() -> GateEvaluator.parse((String) null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> GateEvaluator.parse("")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> GateEvaluator.parse("   ")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("position 3");
    }

    @Test
    void theErrorShowsACaretUnderThePosition() {
        assertThatThrownBy(() -> GateEvaluator.parse("evaluation.accuracy !== 0.8"))
                .hasMessageContaining("evaluation.accuracy !== 0.8" + System.lineSeparator() + "  " + " ".repeat(22) + "^");
    }

    @Test
    void numbersCompareNumerically() {
        assertThat(passes("evaluation.accuracy >= 0.8")).isTrue();
        assertThat(passes("evaluation.accuracy > 0.8")).isFalse();
        assertThat(passes("evaluation.accuracy == 0.80")).isTrue();
        assertThat(passes("evaluation.accuracy = 8e-1")).isTrue();
        assertThat(passes("evaluation.accuracy != 0.8")).isFalse();
        assertThat(passes("metrics.evaluation.latency_ms < 50")).isTrue();
        assertThat(passes("evaluation.latency_ms<50")).isTrue();
        assertThat(passes("quality_gates.safety.score >= 0.95")).isTrue();
        assertThat(passes("custom.budget <= 12")).isTrue();
    }

    @Test
    void aMissingValueFailsTheGateWithoutAnError() {
        List<GateResult> r = GateEvaluator.evaluate(GateEvaluator.parse("evaluation.f1 > 0.5", "evaluation.f1 != 0.5"), V);
        assertThat(r).allSatisfy(g -> {
            assertThat(g.passed()).isFalse();
            assertThat(g.actual()).isNull();
        });
    }

    @Test
    void versionsDatesAndTextCompareByTheirType() {
        assertThat(passes("version >= 1.10.0")).isFalse();
        assertThat(passes("version >= 1.3.9")).isTrue();
        assertThat(passes("version < 1.4.0-rc.1")).isFalse();
        assertThat(passes("created_at >= 2026-11-01")).isTrue();
        assertThat(passes("created_at < 2026-11-01T09:00:00Z")).isFalse();
        assertThat(passes("stage == staging")).isTrue();
        assertThat(passes("stage != 'staging'")).isFalse();
        assertThat(passes("quality_gates.safety == passed")).isTrue();
        assertThat(passes("owner == \"team\"")).isTrue();
        assertThat(passes("custom.team == nlp")).isTrue();
        assertThat(passes("custom.team == 3")).isFalse(); // text is never equal to a number
    }

    @Test
    void theActualValueIsReported() {
        GateResult r = GateEvaluator.evaluate(GateEvaluator.parse("evaluation.accuracy >= 0.85"), V).get(0);
        assertThat(r.actual()).isEqualTo("0.8");
        assertThat(r.expression()).isEqualTo("evaluation.accuracy >= 0.85");
    }
}
