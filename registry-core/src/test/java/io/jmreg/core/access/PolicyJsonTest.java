package io.jmreg.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Tier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Policies read from JSON: a well-formed one round-trips; each malformed one fails naming the path and the fault. */
class PolicyJsonTest {
    @TempDir
    Path temp;

    private AccessPolicy parse(String json) {
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build())) {
            return r.access().parse(json);
        }
    }

    @Test
    void aPolicyRoundTripsThroughItsStoredForm() {
        AccessPolicy p = parse("""
                {"roles": {"auditor": ["registry:audit", "models:read"], "ops": ["registry:*"]},
                 "grants": [{"subject": "alice", "roles": ["model_developer", "auditor"], "models": "medical/**"},
                            {"subject": "nlp", "roles": ["model_developer"], "tag": "team:nlp"},
                            {"subject": "*", "roles": ["viewer"]}],
                 "tiers": {"bob": "standard"},
                 "protected": {"aliases": ["production"], "environments": ["prod", "eu-prod"]}}""");
        assertThat(p.protectedEnvironments()).containsExactly("eu-prod", "prod");
        assertThat(p.role("ops").permissions()).contains(Permission.REGISTRY_GC, Permission.REGISTRY_SEARCH)
                .doesNotContain(Permission.MODELS_READ);
        assertThat(p.grants().get(0).scope()).isEqualTo(Scope.models("medical/**"));
        assertThat(PolicyJson.parse(new String(PolicyJson.write(p), StandardCharsets.UTF_8)))
                .isEqualTo(p);
        assertThat(p.allows("alice", Permission.MODELS_CREATE, "medical/triage")).isTrue();
        assertThat(p.allows("alice", Permission.MODELS_CREATE, "medicalish")).isFalse();
        assertThat(p.allows("bob", Permission.MODELS_READ, "anything")).isTrue();
        assertThat(p.allows("bob", Permission.MODELS_CREATE, "anything")).isFalse();
        assertThat(p.allows("nlp", Permission.MODELS_CREATE, "x", Set.of("team:nlp"))).isTrue();
        assertThat(p.allows("nlp", Permission.MODELS_CREATE, "x", Set.of("team:cv"))).isFalse();
        assertThat(p.allows("nlp", Permission.MODELS_CREATE, "x")).as("no version in question").isFalse();
        assertThat(p.tierOf("bob")).isEqualTo(Tier.STANDARD);
        assertThat(p.tierOf("alice")).isEqualTo(Tier.PROFESSIONAL);
    }

    @Test
    void scopePatternsMatchWithinAndAcrossSegments() {
        assertThat(Scope.models("medical/*").covers("medical/triage")).isTrue();
        assertThat(Scope.models("medical/*").covers("medical")).isFalse();
        assertThat(Scope.models("med*").covers("medical")).isTrue();
        assertThat(Scope.models("med*").covers("medical/triage")).isFalse();
        assertThat(Scope.models("med**").covers("medical/triage")).isTrue();
        assertThat(Scope.models("**").covers("a/b")).isTrue();
        assertThat(Scope.models("*-v2").covers("org/x-v2")).isFalse();
        assertThat(Scope.models("*/x-v2").covers("org/x-v2")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON                 | {\"grants\": [                                             | not valid JSON at $.grants[0] (line 1",
        "an array                 | []                                                         | $ must be an object",
        "no grants                | {\"roles\": {}}                                            | $.grants must be a list",
        "grants not a list        | {\"grants\": {}}                                           | $.grants must be a list",
        "unknown top key          | {\"grants\": [], \"grant\": []}                            | $.grant is not a policy key",
        "newer schema             | {\"schema\": 9, \"grants\": []}                            | $.schema is 9",
        "grant not an object      | {\"grants\": [\"alice\"]}                                  | $.grants[0] must be an object",
        "grant without subject    | {\"grants\": [{\"roles\": [\"viewer\"]}]}                  | $.grants[0].subject must name",
        "blank subject            | {\"grants\": [{\"subject\": \" \", \"roles\": [\"viewer\"]}]} | $.grants[0].subject must name",
        "grant without roles      | {\"grants\": [{\"subject\": \"a\"}]}                       | $.grants[0].roles must be a list",
        "empty roles              | {\"grants\": [{\"subject\": \"a\", \"roles\": []}]}        | $.grants[0].roles names no role",
        "unknown role             | {\"grants\": [{\"subject\": \"a\", \"roles\": [\"viewr\"]}]} | $.grants[0].roles[0] unknown role 'viewr'",
        "role not a string        | {\"grants\": [{\"subject\": \"a\", \"roles\": [7]}]}       | $.grants[0].roles[0] must be a string",
        "unknown grant key        | {\"grants\": [{\"subject\": \"a\", \"roles\": [\"viewer\"], \"scope\": \"x\"}]} | $.grants[0].scope is not a policy key",
        "bad scope pattern        | {\"grants\": [{\"subject\": \"a\", \"roles\": [\"viewer\"], \"models\": \"Medical/*\"}]} | $.grants[0].models scope pattern",
        "scope not a string       | {\"grants\": [{\"subject\": \"a\", \"roles\": [\"viewer\"], \"models\": 3}]} | $.grants[0].models must be a model-name pattern",
        "roles not an object      | {\"roles\": [], \"grants\": []}                            | $.roles must be an object",
        "unknown permission       | {\"roles\": {\"r\": [\"models:raed\"]}, \"grants\": []}    | $.roles.r[0] unknown permission 'models:raed'",
        "unknown wildcard area    | {\"roles\": {\"r\": [\"model:*\"]}, \"grants\": []}        | $.roles.r[0] unknown permission 'model:*'",
        "role without permissions | {\"roles\": {\"r\": []}, \"grants\": []}                   | $.roles.r grants no permission",
        "redefined built-in       | {\"roles\": {\"viewer\": [\"models:read\"]}, \"grants\": []} | $.roles.viewer redefines a built-in role",
        "bad role name            | {\"roles\": {\"Bad Name\": [\"models:read\"]}, \"grants\": []} | $.roles.Bad Name role name",
        "tiers not an object      | {\"grants\": [], \"tiers\": [\"lite\"]}                | $.tiers must be an object",
        "unknown tier             | {\"grants\": [], \"tiers\": {\"bob\": \"gold\"}}    | $.tiers.bob is \"gold\"; a tier is lite",
        "protected not an object  | {\"grants\": [], \"protected\": [\"production\"]}    | $.protected must be an object",
        "unknown protected key    | {\"grants\": [], \"protected\": {\"alias\": []}}      | $.protected.alias is not a policy key",
        "protected not strings    | {\"grants\": [], \"protected\": {\"aliases\": [1]}}   | $.protected.aliases[0] must be a string",
        "blank tag condition      | {\"grants\": [{\"subject\": \"a\", \"roles\": [\"viewer\"], \"tag\": \" \"}]} | $.grants[0].tag must be the tag",
        "permissions not a list   | {\"roles\": {\"r\": \"models:read\"}, \"grants\": []}      | $.roles.r must be a list of strings",
    })
    void aMalformedPolicyFailsNamingThePathAndTheFault(String what, String json, String message) {
        assertThatThrownBy(() -> parse(json)).as(what).isInstanceOf(ValidationException.class)
                .hasMessageContaining(message.strip());
    }
}
