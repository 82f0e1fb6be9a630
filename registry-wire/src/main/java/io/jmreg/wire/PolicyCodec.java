package io.jmreg.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Role;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import io.jmreg.core.policy.PolicyDocument;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An access policy on the wire is the policy document users write and {@code jmreg policy install} reads:
 * {@code {"roles": {"auditor": ["models:read"]}, "grants": [{"subject", "roles", "models", "tag"}], "tiers":
 * {"contractor": "lite"}, "protected": {"aliases", "environments"}, "approvals": {"production": "other-principal"}}}.
 * So {@code GET /api/v1/policy}, {@code jmreg policy show --json} and {@code PUT /api/v1/policy} all speak the one
 * vocabulary, and what one prints the other installs. Reading is registry-core's {@link PolicyDocument}, the one
 * reader the stored policy, {@code RegistryAccess.parse} and the CLI use too: a malformed document fails with the same
 * message naming its JSON path wherever it is given.
 */
final class PolicyCodec {
    private PolicyCodec() {
    }

    /** Writes a policy as its document. */
    static final class Writer extends JsonSerializer<AccessPolicy> {
        @Override
        public void serialize(AccessPolicy p, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            if (!p.roles().isEmpty()) {
                g.writeObjectFieldStart("roles");
                for (Role role : p.roles().values()) {
                    g.writeArrayFieldStart(role.name());
                    for (Permission permission : new TreeSet<>(role.permissions())) {
                        g.writeString(permission.id());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("grants");
            for (Grant grant : p.grants()) {
                g.writeStartObject();
                g.writeStringField("subject", grant.subject());
                g.writeArrayFieldStart("roles");
                for (String role : grant.roles()) {
                    g.writeString(role);
                }
                g.writeEndArray();
                if (grant.scope() != null && grant.scope().models() != null) {
                    g.writeStringField("models", grant.scope().models());
                }
                if (grant.scope() != null && grant.scope().tag() != null) {
                    g.writeStringField("tag", grant.scope().tag());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!p.tiers().isEmpty()) {
                g.writeObjectFieldStart("tiers");
                for (Map.Entry<String, Tier> e : p.tiers().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue().name().toLowerCase(Locale.ROOT));
                }
                g.writeEndObject();
            }
            if (!p.protectedAliases().isEmpty() || !p.protectedEnvironments().isEmpty()) {
                g.writeObjectFieldStart("protected");
                names(g, "aliases", p.protectedAliases());
                names(g, "environments", p.protectedEnvironments());
                g.writeEndObject();
            }
            if (p.approvals() != null) {
                g.writeObjectFieldStart("approvals");
                for (Map.Entry<String, Approval> e : p.approvals().entrySet()) {
                    g.writeStringField(e.getKey(), PolicyDocument.approvalName(e.getValue()));
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }

        private static void names(JsonGenerator g, String field, Set<String> names) throws IOException {
            g.writeArrayFieldStart(field);
            for (String name : new TreeSet<>(names)) {
                g.writeString(name);
            }
            g.writeEndArray();
        }
    }

    /** Reads a policy document strictly, with {@link PolicyDocument#read}. */
    static final class Reader extends JsonDeserializer<AccessPolicy> {
        @Override
        public AccessPolicy deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode root = parser.readValueAsTree();
            return PolicyDocument.read(root);
        }
    }
}
