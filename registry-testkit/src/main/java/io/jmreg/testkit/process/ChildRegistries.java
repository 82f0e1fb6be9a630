package io.jmreg.testkit.process;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;

import java.util.HashMap;
import java.util.Map;

/**
 * Opens a child process's registry: directly, or, when the system property {@value #TOKEN} holds a bearer token (a
 * suite run through a server), as a client of the server at the options' URI acting as the options' principal.
 */
public final class ChildRegistries {
    /** The system property holding the token of a server that may act for the children's principals. */
    public static final String TOKEN = "jmreg.testkit.token";

    private ChildRegistries() {
    }

    /** The registry {@code options} describe, through the server when {@value #TOKEN} is set. */
    public static ModelRegistry open(RegistryOptions options) {
        String token = System.getProperty(TOKEN);
        if (token == null) {
            return ModelRegistry.open(options);
        }
        Map<String, String> properties = new HashMap<>(options.properties());
        properties.put("token", token);
        ModelRegistry client = ModelRegistry.open(new RegistryOptions(options.uri(), options.cacheDirectory(),
                options.principal(), options.staleness(), options.commitTimeout(), properties, options.stageMachine(),
                options.stageMachineFile(), options.cacheVerification(), options.transferConcurrency(),
                options.audit(), options.signatures(), options.observer()));
        return client.as(options.principal()); // the client stays open until the child exits
    }
}
