package io.jmreg.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Role;
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import io.jmreg.core.json.Json;
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
 * An access policy as JSON, both ways; the stored form is the same document with a schema number. Reading is strict:
 * an unknown key, a wrong type, an unknown permission or role fails naming the JSON path ({@code $.grants[1].roles[0]})
 * and what is wrong, so a typo never silently grants or withholds anything; so do a duplicate key (which would
 * otherwise silently replace the first), content after the document, and a document nested deeper than 32 levels
 * or longer than 4 MiB.
 */
public final class PolicyJson {
    /** Schema of stored policies. */
    static final int SCHEMA = 1;
    private static final Set<String> TOP = Set.of("schema", "roles", "grants", "tiers", "protected", "approvals");
    private static final Set<String> PROTECTED = Set.of("aliases", "environments");
    private static final Set<String> GRANT = Set.of("subject", "roles", "models", "tag");

    private PolicyJson() {
    }

    /** Parses a policy document. */
    public static AccessPolicy parse(String json) {
        JsonNode root = Json.parseUserDocument(json, "policy");
        if (root == null || !root.isObject()) {
            throw error("$", "must be an object with \"roles\" and \"grants\"");
        }
        unknownKeys(root, "$", TOP);
        JsonNode schema = root.get("schema");
        if (schema != null && (!schema.isInt() || schema.asInt() > SCHEMA || schema.asInt() < 1)) {
            throw error("$.schema", "is " + schema + "; this library reads policies of schema 1 to " + SCHEMA);
        }
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
                List<String> names = strings(e.getValue(), path, "a permission such as \"models:read\"");
                if (names.isEmpty()) {
                    throw error(path, "grants no permission");
                }
                EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
                for (int i = 0; i < names.size(); i++) {
                    try {
                        permissions.addAll(Permission.parse(names.get(i)));
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
            unknownKeys(g, path, GRANT);
            JsonNode subject = g.get("subject");
            if (subject == null || !subject.isTextual() || subject.asText().isBlank()) {
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
            JsonNode models = g.get("models");
            if (models != null && !models.isNull()) {
                if (!models.isTextual()) {
                    throw error(path + ".models", "must be a model-name pattern such as \"medical/*\"");
                }
                try {
                    scope = Scope.models(models.asText());
                } catch (ValidationException bad) {
                    throw error(path + ".models", bad.getMessage());
                }
            }
            JsonNode tag = g.get("tag");
            if (tag != null && !tag.isNull()) {
                if (!tag.isTextual() || tag.asText().isBlank()) {
                    throw error(path + ".tag", "must be the tag a version must carry, such as \"team:nlp\"");
                }
                scope = scope.andTagged(tag.asText());
            }
            grants.add(new Grant(subject.asText(), roleNames, scope));
        }
        Map<String, Tier> tiers = new LinkedHashMap<>();
        JsonNode tiersNode = root.get("tiers");
        if (tiersNode != null && !tiersNode.isNull()) {
            if (!tiersNode.isObject()) {
                throw error("$.tiers", "must be an object of principal (or *) to lite, standard or professional");
            }
            for (Map.Entry<String, JsonNode> e : tiersNode.properties()) {
                String value = e.getValue().isTextual() ? e.getValue().asText().toUpperCase(Locale.ROOT) : "";
                try {
                    tiers.put(e.getKey(), Tier.valueOf(value));
                } catch (IllegalArgumentException bad) {
                    throw error("$.tiers." + e.getKey(), "is " + e.getValue() + "; a tier is lite, standard or professional");
                }
            }
        }
        List<String> aliases = List.of();
        List<String> environments = List.of();
        JsonNode protectedNode = root.get("protected");
        if (protectedNode != null && !protectedNode.isNull()) {
            if (!protectedNode.isObject()) {
                throw error("$.protected", "must be an object with \"aliases\" and \"environments\" lists");
            }
            unknownKeys(protectedNode, "$.protected", PROTECTED);
            if (protectedNode.has("aliases")) {
                aliases = strings(protectedNode.get("aliases"), "$.protected.aliases", "an alias name");
            }
            if (protectedNode.has("environments")) {
                environments = strings(protectedNode.get("environments"), "$.protected.environments",
                        "an environment name");
            }
        }
        return new AccessPolicy(roles, grants, tiers, new TreeSet<>(aliases),
                new TreeSet<>(environments), approvals(root.get("approvals")));
    }

    /**
     * Four eyes: {@code "approvals": {"production": "other-principal"}}, each stage naming who must approve a
     * promotion into it; absent (documents written before it existed): null, the process's stage machine decides.
     */
    private static Map<String, Approval> approvals(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw error("$.approvals", "must be an object of stage name to \"other-principal\", "
                    + "\"other-than-requester-and-creator\" or \"none\"");
        }
        Map<String, Approval> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = "$.approvals." + e.getKey();
            if (!e.getKey().matches("[a-z][a-z0-9_-]{0,63}")) {
                throw error(path, "is not a stage name (a lower-case letter then up to 63 of a-z 0-9 _ -)");
            }
            Approval rule = e.getValue().isTextual() ? switch (e.getValue().asText()) {
                case "other-principal" -> Approval.OTHER_PRINCIPAL;
                case "other-than-requester-and-creator" -> Approval.OTHER_THAN_REQUESTER_AND_CREATOR;
                case "none" -> Approval.NONE;
                default -> null;
            } : null;
            if (rule == null) {
                throw error(path, "is " + e.getValue() + "; one of \"other-principal\", "
                        + "\"other-than-requester-and-creator\", \"none\"");
            }
            out.put(e.getKey(), rule);
        }
        return out;
    }

    private static String approvalName(Approval rule) {
        return switch (rule) {
            case OTHER_PRINCIPAL -> "other-principal";
            case OTHER_THAN_REQUESTER_AND_CREATOR -> "other-than-requester-and-creator";
            case NONE -> "none";
        };
    }

    /** The stored document of {@code policy}. */
    public static byte[] write(AccessPolicy policy) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode roles = root.putObject("roles");
        policy.roles().forEach((name, role) -> {
            ArrayNode list = roles.putArray(name);
            role.permissions().forEach(p -> list.add(p.id()));
        });
        if (!policy.tiers().isEmpty()) {
            ObjectNode tiers = root.putObject("tiers");
            policy.tiers().forEach((subject, tier) -> tiers.put(subject, tier.name().toLowerCase(Locale.ROOT)));
        }
        if (!policy.protectedAliases().isEmpty() || !policy.protectedEnvironments().isEmpty()) {
            ObjectNode prot = root.putObject("protected");
            policy.protectedAliases().forEach(prot.putArray("aliases")::add);
            policy.protectedEnvironments().forEach(prot.putArray("environments")::add);
        }
        if (policy.approvals() != null) {
            ObjectNode approvals = root.putObject("approvals");
            policy.approvals().forEach((stage, rule) -> approvals.put(stage, approvalName(rule)));
        }
        ArrayNode grants = root.putArray("grants");
        for (Grant g : policy.grants()) {
            ObjectNode node = grants.addObject();
            node.put("subject", g.subject());
            ArrayNode names = node.putArray("roles");
            g.roles().forEach(names::add);
            if (g.scope().models() != null) {
                node.put("models", g.scope().models());
            }
            if (g.scope().tag() != null) {
                node.put("tag", g.scope().tag());
            }
        }
        return Json.write(root);
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

    private static void unknownKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(path + "." + key, "is not a policy key (keys here: " + String.join(", ", known.stream()
                        .sorted().toList()) + ")");
            }
        }
    }

    private static ValidationException error(String path, String message) {
        return new ValidationException("policy: %s %s", path, message);
    }
}
