package io.jmreg.wire;

import com.fasterxml.jackson.databind.module.SimpleModule;

import java.util.Set;

/**
 * The shape of the HTTP API's JSON, owned by the wire and not by the API records' Java names: every component of
 * every API record that crosses the wire has an explicit wire name (the {@code WireNames*} groups), so renaming a
 * record component cannot silently rename a field of the HTTP API or of the CLI's {@code --json} output.
 * {@code WireShapeTest} walks every type the API's methods take and return and fails when a record has no wire names
 * or a component is unnamed.
 */
public final class WireShape {
    /**
     * API records that never cross the wire, with why: the local registry's own options (paths, caches, keys, clocks)
     * and the in-process observer's callback record.
     */
    public static final Set<String> LOCAL_ONLY = Set.of(
            "io.jmreg.api.RegistryOptions", // how this process opens a store: directories, caches, thread pools
            "io.jmreg.api.audit.AuditOptions", // how this process writes the audit trail: its signing key
            "io.jmreg.api.signing.SignatureOptions", // this process's signing key and trusted keys
            "io.jmreg.api.observe.ObservedOperation", // handed to in-process observers, never sent
            "io.jmreg.api.TransferOptions"); // a transfer's progress listener and local target directory

    private WireShape() {
    }

    /** The module that applies every wire name. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("jmreg-wire-shape");
        WireNamesModel.apply(module);
        WireNamesLifecycle.apply(module);
        WireNamesGovernance.apply(module);
        WireNamesSearch.apply(module);
        WireNamesOther.apply(module);
        return module;
    }
}
