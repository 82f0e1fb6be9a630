package io.jmreg.core.access;

import static io.jmreg.core.pipeline.RegistryOperation.CHANGE_POLICY;
import static io.jmreg.core.pipeline.RegistryOperation.READ_POLICY;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The access policy as one principal sees and changes it: reads and changes pass the operation pipeline. */
public final class AccessView implements RegistryAccess {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final PolicyStore policies;

    /** The access policy of {@code policies}, acting as {@code principal}. */
    public AccessView(OperationPipeline pipeline, Caller principal, PolicyStore policies) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.policies = policies;
    }

    @Override
    public Optional<AccessPolicy> policy() {
        return pipeline.run(principal, Operation.registryWide(READ_POLICY), ctx -> policies.current());
    }

    @Override
    public AccessPolicy install(AccessPolicy policy) {
        if (policy == null) {
            throw new ValidationException("no policy given: a policy can be replaced, never removed");
        }
        return pipeline.run(principal, Operation.registryWide(CHANGE_POLICY), ctx -> policies.install(policy, ctx));
    }

    @Override
    public AccessPolicy parse(String json) {
        return PolicyJson.parse(json);
    }

    @Override
    public AccessPolicy install(Path jsonFile) {
        String json;
        try {
            json = Files.readString(jsonFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValidationException(e, "cannot read the policy file %s: %s", jsonFile, e.getMessage());
        }
        return install(parse(json));
    }

    @Override
    public boolean allowed(Permission permission, String model) {
        return policies.current().map(p -> p.allows(principal.principal(), permission, model)).orElse(true);
    }
}
