package io.jmreg.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.api.Names;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Role;
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the access-policy document users write ({@code {"roles": {...}, "grants": [{"subject", "roles",
 * "models", "tag"}], "tiers", "protected": {"aliases", "environments"}, "approvals"}}): the registry's stored policy
 * ({@code access.PolicyJson}, the same document with its {@code schema} number), {@code RegistryAccess.parse}, the
 * CLI's {@code policy install} and the HTTP API's {@code PUT /api/v1/policy} (registry-wire, to which this package is
 * exported) all read through it, so each refuses the same documents with the same message. Reading is strict: an
 * unknown key, a wrong type, an unknown permission or role, a blank subject or tag fails naming the JSON path
 * ({@code policy: $.grants[1].roles[0] unknown role ...}) and what is wrong, so a typo never silently grants or
 * withholds anything. An optional {@code schema} must be one this library reads.
 */
public final class PolicyDocument {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDocument.class);
    /** The newest schema of stored policies (the number the store's writer puts in {@code schema}). */
    public static final int SCHEMA = 1;
    private static final Set<String> TOP = Set.of("schema", "roles", "grants", "tiers", "protected", "approvals");
    private static final Set<String> PROTECTED = Set.of("aliases", "environments");
    private static final Set<String> GRANT = Set.of("subject", "roles", "models", "tag");

    private PolicyDocument() {
    }

    /**
     * The policy of a parsed document (from a file, a request body, the store); a malformed one is a
     * {@link ValidationException} {@code policy: $.path what is wrong}.
     */
    public static AccessPolicy read(JsonNode root) {
        return read(root, false);
    }

    /**
     * The policy of a document read back from the store: as {@link #read}, except that a protected alias or
     * environment that is not a valid name (which no alias or environment can have, so it protects nothing; earlier
     * versions did not refuse it at install) is left out with a warning instead of making the stored policy
     * unreadable.
     */
    public static AccessPolicy readStored(JsonNode root) {
        return read(root, true);
    }

    private static AccessPolicy read(JsonNode root, boolean stored) {
        if (root == null || !root.isObject()) {
            throw error("$", "must be an object with \"roles\" and \"grants\"");
        }
        keys(root, "$", TOP);
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
            keys(g, path, GRANT);
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
                try {
                    scope = scope.andTagged(tag.asText());
                } catch (ValidationException bad) {
                    throw error(path + ".tag", bad.getMessage());
                }
            }
            try {
                grants.add(new Grant(subject.asText(), roleNames, scope));
            } catch (ValidationException bad) {
                throw error(path, bad.getMessage());
            }
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
            keys(protectedNode, "$.protected", PROTECTED);
            if (protectedNode.has("aliases")) {
                aliases = names(strings(protectedNode.get("aliases"), "$.protected.aliases", "an alias name"),
                        "$.protected.aliases", "alias", stored);
            }
            if (protectedNode.has("environments")) {
                environments = names(strings(protectedNode.get("environments"), "$.protected.environments",
                        "an environment name"), "$.protected.environments", "environment", stored);
            }
        }
        Map<String, Approval> approvals = approvals(root.get("approvals"));
        try {
            return new AccessPolicy(roles, grants, tiers, new TreeSet<>(aliases), new TreeSet<>(environments),
                    approvals);
        } catch (ValidationException bad) {
            throw error("$", bad.getMessage());
        }
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

    /** The document's name of an approval rule: {@code other-principal}, {@code other-than-requester-and-creator}, {@code none}. */
    public static String approvalName(Approval rule) {
        return switch (rule) {
            case OTHER_PRINCIPAL -> "other-principal";
            case OTHER_THAN_REQUESTER_AND_CREATOR -> "other-than-requester-and-creator";
            case NONE -> "none";
        };
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

    /**
     * {@code names} checked as alias names (environments follow the same rule): a name no alias or environment can
     * have is refused naming its path, or, in a stored document, left out with a warning.
     */
    private static List<String> names(List<String> names, String path, String what, boolean stored) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                out.add(Names.requireAlias(names.get(i)));
            } catch (ValidationException bad) {
                if (!stored) {
                    throw error(path + "[" + i + "]", "is not a valid " + what + " name, so it would protect nothing: "
                            + bad.getMessage());
                }
                LOG.warn("stored policy: ignoring protected {} {} at {}[{}], which no {} can be named: {}", what,
                        names.get(i), path, i, what, bad.getMessage());
            }
        }
        return out;
    }

    private static void keys(JsonNode node, String path, Set<String> known) {
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
