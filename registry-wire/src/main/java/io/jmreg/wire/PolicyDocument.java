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
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An access policy on the wire is the policy document users write and {@code jmreg policy install} reads:
 * {@code {"roles": {"auditor": ["models:read"]}, "grants": [{"subject", "roles", "models", "tag"}], "tiers":
 * {"contractor": "lite"}, "protected": {"aliases", "environments"}, "approvals": {"production": "other-principal"}}}.
 * So {@code GET /api/v1/policy}, {@code jmreg policy show --json} and {@code PUT /api/v1/policy} all speak the one
 * vocabulary, and what one prints the other installs. Reading is strict: an unknown key or value fails naming its
 * JSON path, as the registry's own policy reader does.
 */
final class PolicyDocument {
    private static final Set<String> TOP = Set.of("schema", "roles", "grants", "tiers", "protected", "approvals");
    private static final Set<String> PROTECTED = Set.of("aliases", "environments");
    private static final Set<String> GRANT = Set.of("subject", "roles", "models", "tag");

    private PolicyDocument() {
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
                    g.writeStringField(e.getKey(), approvalName(e.getValue()));
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

    /** Reads a policy document strictly. */
    static final class Reader extends JsonDeserializer<AccessPolicy> {
        @Override
        public AccessPolicy deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode root = parser.readValueAsTree();
            return read(root);
        }
    }

    /** The policy of a document; a malformed one is a {@link ValidationException} naming the JSON path. */
    static AccessPolicy read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw error("$", "must be an object with \"roles\" and \"grants\"");
        }
        keys(root, "$", TOP);
        Map<String, Role> roles = new LinkedHashMap<>();
        JsonNode rolesNode = root.get("roles");
        if (rolesNode != null && !rolesNode.isNull()) {
            if (!rolesNode.isObject()) {
                throw error("$.roles", "must be an object of role name to a list of permissions");
            }
            for (Map.Entry<String, JsonNode> e : rolesNode.properties()) {
                String path = "$.roles." + e.getKey();
                if (Role.builtIn().containsKey(e.getKey())) {
                    throw error(path, "redefines a built-in role (built in: " + String.join(", ", Role.builtIn().keySet())
                            + ")");
                }
                List<String> ids = strings(e.getValue(), path, "a permission such as \"models:read\"");
                if (ids.isEmpty()) {
                    throw error(path, "grants no permission");
                }
                EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
                for (int i = 0; i < ids.size(); i++) {
                    try {
                        permissions.addAll(Permission.parse(ids.get(i)));
                    } catch (ValidationException bad) {
                        throw error(path + "[" + i + "]", bad.getMessage());
                    }
                }
                try {
                    roles.put(e.getKey(), new Role(e.getKey(), permissions));
                } catch (ValidationException bad) {
                    throw error(path, bad.getMessage());
                }
            }
        }
        JsonNode grantsNode = root.get("grants");
        if (grantsNode == null || !grantsNode.isArray()) {
            throw error("$.grants", "must be a list of grants ({\"subject\": ..., \"roles\": [...], \"models\": ...})");
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < grantsNode.size(); i++) {
            String path = "$.grants[" + i + "]";
            JsonNode g = grantsNode.get(i);
            if (!g.isObject()) {
                throw error(path, "must be an object");
            }
            keys(g, path, GRANT);
            JsonNode subject = g.get("subject");
            if (subject == null || !subject.isTextual()) {
                throw error(path + ".subject", "must name a principal, or \"*\" for everyone");
            }
            List<String> roleNames = strings(g.get("roles"), path + ".roles", "a role name");
            if (roleNames.isEmpty()) {
                throw error(path + ".roles", "names no role");
            }
            for (int r = 0; r < roleNames.size(); r++) {
                if (!roles.containsKey(roleNames.get(r)) && !Role.builtIn().containsKey(roleNames.get(r))) {
                    List<String> known = new ArrayList<>(Role.builtIn().keySet());
                    known.addAll(roles.keySet());
                    throw error(path + ".roles[" + r + "]", "unknown role '" + roleNames.get(r) + "' (roles: "
                            + String.join(", ", known) + ")");
                }
            }
            Scope scope = Scope.registry();
            String models = text(g.get("models"), path + ".models", "a model-name pattern such as \"medical/*\"");
            String tag = text(g.get("tag"), path + ".tag", "the tag a version must carry, such as \"team:nlp\"");
            try {
                if (models != null) {
                    scope = Scope.models(models);
                }
                if (tag != null) {
                    scope = scope.andTagged(tag);
                }
                grants.add(new Grant(subject.asText(), roleNames, scope));
            } catch (ValidationException bad) {
                throw error(path, bad.getMessage());
            }
        }
        Map<String, Tier> tiers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : textMap(root.get("tiers"), "$.tiers").entrySet()) {
            try {
                tiers.put(e.getKey(), Tier.valueOf(e.getValue().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException bad) {
                throw error("$.tiers." + e.getKey(), "is \"" + e.getValue() + "\"; a tier is lite, standard or "
                        + "professional");
            }
        }
        Set<String> aliases = new TreeSet<>();
        Set<String> environments = new TreeSet<>();
        JsonNode prot = root.get("protected");
        if (prot != null && !prot.isNull()) {
            if (!prot.isObject()) {
                throw error("$.protected", "must be an object with \"aliases\" and \"environments\" lists");
            }
            keys(prot, "$.protected", PROTECTED);
            if (prot.has("aliases")) {
                aliases.addAll(strings(prot.get("aliases"), "$.protected.aliases", "an alias name"));
            }
            if (prot.has("environments")) {
                environments.addAll(strings(prot.get("environments"), "$.protected.environments", "an environment"));
            }
        }
        Map<String, Approval> approvals = null;
        JsonNode approvalsNode = root.get("approvals");
        if (approvalsNode != null && !approvalsNode.isNull()) {
            approvals = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : textMap(approvalsNode, "$.approvals").entrySet()) {
                Approval rule = approval(e.getValue());
                if (rule == null) {
                    throw error("$.approvals." + e.getKey(), "is \"" + e.getValue() + "\"; one of \"other-principal\", "
                            + "\"other-than-requester-and-creator\", \"none\"");
                }
                approvals.put(e.getKey(), rule);
            }
        }
        try {
            return new AccessPolicy(roles, grants, tiers, aliases, environments, approvals);
        } catch (ValidationException bad) {
            throw error("$", bad.getMessage());
        }
    }

    /** The document's name of an approval rule. */
    static String approvalName(Approval rule) {
        return switch (rule) {
            case OTHER_PRINCIPAL -> "other-principal";
            case OTHER_THAN_REQUESTER_AND_CREATOR -> "other-than-requester-and-creator";
            case NONE -> "none";
        };
    }

    private static Approval approval(String name) {
        for (Approval a : Approval.values()) {
            if (approvalName(a).equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String path, String what) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(path, "must be a string: " + what);
        }
        return node.asText();
    }

    private static Map<String, String> textMap(JsonNode node, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw error(path, "must be an object of names to strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), text(e.getValue(), path + "." + e.getKey(), "a name"));
        }
        return out;
    }

    private static List<String> strings(JsonNode node, String path, String what) {
        if (node == null || !node.isArray()) {
            throw error(path, "must be a list of strings, each " + what);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw error(path + "[" + i + "]", "must be a string: " + what);
            }
            out.add(node.get(i).asText());
        }
        return out;
    }

    private static void keys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(path + "." + key, "is not a policy key (keys here: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
    }

    private static ValidationException error(String path, String message) {
        return new ValidationException("policy: %s %s", path, message);
    }
}
