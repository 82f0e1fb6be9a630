package io.jmreg.core.properties;

import io.jmreg.api.ModelReference;
import io.jmreg.api.exceptions.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Reference parsing: every valid reference round-trips through its canonical string; garbage never escapes as another exception. */
class ReferenceProperties {

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> segment = Combinators.combine(Arbitraries.strings().withChars("abcxyz019").ofLength(1),
                Arbitraries.strings().withChars("abcxyz019._-").ofMaxLength(12), Arbitraries.strings().withChars("az09").ofLength(1))
                .as((a, b, c) -> a + b.replaceAll("\\.{2,}", ".") + c);
        return Combinators.combine(segment, segment, Arbitraries.of(true, false)).as((a, b, ns) -> ns ? a + "/" + b : a);
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 999);
        return Combinators.combine(n, n, n, Arbitraries.of("", "-rc.1", "-alpha", "+build.5", "-beta.2+sha.ab12"))
                .as((a, b, c, s) -> a + "." + b + "." + c + s);
    }

    @Provide
    Arbitrary<String> selectors() {
        return Arbitraries.oneOf(versions().map(v -> ":" + v), Arbitraries.of(":latest", "@production", "@champion",
                ":^1.2", ":~1.2.3", ":>=2.0.0 <3.0.0", ":1.x", "@sha256:" + "a".repeat(64)), Arbitraries.just(""));
    }

    @Property
    void validReferencesRoundTripThroughTheirCanonicalForm(@ForAll("names") String name, @ForAll("selectors") String selector) {
        String text = name + selector;
        ModelReference parsed = ModelReference.parse(text);
        assertThat(parsed.model()).isEqualTo(name);
        assertThat(ModelReference.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property
    void anyStringEitherParsesOrIsRefusedWithAValidationException(@ForAll String text) {
        try {
            ModelReference parsed = ModelReference.parse(text);
            assertThat(ModelReference.parse(parsed.toString())).isEqualTo(parsed);
        } catch (ValidationException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
