package io.jmreg.core.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.core.json.Json;
import io.jmreg.core.policy.PolicyDocument;
import java.util.Locale;

/**
 * The stored access policy: the policy document ({@link PolicyDocument}, the one reader every entry point shares) with
 * its {@code schema} number first. Reading text is strict beyond the document's own rules: a duplicate key (which
 * would otherwise silently replace the first), content after the document, and a document nested deeper than 32
 * levels or longer than 4 MiB are refused too.
 */
public final class PolicyJson {
    private PolicyJson() {
    }

    /** Parses a policy document (stored or written by a user): {@link PolicyDocument#read}. */
    public static AccessPolicy parse(String json) {
        return PolicyDocument.read(Json.parseUserDocument(json, "policy"));
    }

    /** Parses a policy document read back from the store: {@link PolicyDocument#readStored}. */
    public static AccessPolicy parseStored(String json) {
        return PolicyDocument.readStored(Json.parseUserDocument(json, "policy"));
    }

    /** The stored document of {@code policy}. */
    public static byte[] write(AccessPolicy policy) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", PolicyDocument.SCHEMA);
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
            policy.approvals().forEach((stage, rule) -> approvals.put(stage, PolicyDocument.approvalName(rule)));
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
}
