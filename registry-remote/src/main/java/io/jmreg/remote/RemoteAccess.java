package io.jmreg.remote;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.wire.Requests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The server's access policy. */
final class RemoteAccess implements RegistryAccess {
    private final Http http;

    RemoteAccess(Http http) {
        this.http = http;
    }

    @Override
    public Optional<AccessPolicy> policy() {
        try {
            return Optional.of(http.get("/api/v1/policy", AccessPolicy.class));
        } catch (ObjectNotFoundException none) {
            return Optional.empty();
        }
    }

    @Override
    public AccessPolicy install(AccessPolicy policy) {
        if (policy == null) {
            throw new ValidationException("policy must not be null");
        }
        return http.send("PUT", "/api/v1/policy", policy, AccessPolicy.class);
    }

    @Override
    public AccessPolicy parse(String json) {
        if (json == null) {
            throw new ValidationException("policy text must not be null");
        }
        return http.sendText("POST", "/api/v1/policy/parse", json, AccessPolicy.class);
    }

    @Override
    public AccessPolicy install(Path jsonFile) {
        try {
            return install(parse(Files.readString(jsonFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ValidationException(e, "cannot read policy file %s: %s", jsonFile, e.getMessage());
        }
    }

    @Override
    public boolean allowed(Permission permission, String model) {
        return http.<Requests.Allowed>get("/api/v1/access" + Http.query("permission", permission.name(), "model", model),
                Requests.Allowed.class).allowed();
    }
}
