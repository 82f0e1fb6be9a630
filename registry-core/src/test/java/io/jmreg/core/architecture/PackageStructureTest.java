package io.jmreg.core.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of registry-core form no cycle and depend only downwards: each package sits in one layer and uses
 * packages of its own layer or of layers below, never above. A new package must be placed in {@link #LAYERS}.
 */
class PackageStructureTest {
    private static final String CORE = "io.jmreg.core";

    /** The layers from the bottom up, each with its packages (below {@code io.jmreg.core}). */
    static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        // values and names with no registry state: store keys, version numbers, signatures, comparison vocabulary
        LAYERS.put("foundations", List.of("store", "semver", "signing", "expression", "mem"));
        // stored and inspected documents; the access-policy document
        LAYERS.put("documents", List.of("json", "formats", "policy"));
        // what is stored: numbered create-only sequences, blobs, ingested files, the per-model commit log, pins and
        // collection
        LAYERS.put("storage", List.of("sequence", "blobs", "ingest", "log", "gc"));
        // the one operation pipeline every public operation passes
        LAYERS.put("pipeline", List.of("pipeline"));
        // reading: references, the query language, lineage, the derived catalog, events, watches, the pull cache
        LAYERS.put("reading", List.of("resolve", "query", "lineage", "catalog", "events", "watch", "cache"));
        // commands that change a model, and what guards them
        LAYERS.put("commands", List.of("versions", "aliases", "lifecycle", "registration", "access", "webhooks"));
        // views over everything below: search, statistics, the audit trail
        LAYERS.put("views", List.of("search", "audit"));
    }

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @Test
    void packagesOfCoreFormNoCycle() {
        slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void packagesDependOnlyOnTheirOwnLayerOrLayersBelow() {
        List<String> names = new ArrayList<>(LAYERS.keySet());
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy(CORE);
        for (String layer : names) {
            rule = rule.layer(layer).definedBy(LAYERS.get(layer).stream().map(p -> CORE + "." + p + "..")
                    .toArray(String[]::new));
        }
        rule = rule.whereLayer("facade").mayNotBeAccessedByAnyLayer();
        for (int i = 0; i < names.size(); i++) {
            List<String> above = new ArrayList<>(names.subList(i + 1, names.size()));
            above.add("facade");
            rule = rule.whereLayer(names.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        rule.check(core);
    }

    @Test
    void everyPackageOfCoreIsPlacedInALayer() {
        Set<String> placed = new TreeSet<>();
        LAYERS.values().forEach(placed::addAll);
        Set<String> found = new TreeSet<>();
        for (JavaClass c : core) {
            String pkg = c.getPackageName();
            if (pkg.startsWith(CORE + ".")) {
                found.add(pkg.substring(CORE.length() + 1).split("\\.")[0]);
            }
        }
        assertThat(found).as("the packages of registry-core (place a new one in LAYERS)").hasSizeGreaterThan(20)
                .isSubsetOf(placed);
    }
}
