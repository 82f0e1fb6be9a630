package io.jmreg.testkit.process;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Registers, pulls and streams one large file; run with a small heap to prove memory does not grow with size. */
public final class LargeArtifactMain {
    private LargeArtifactMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ModelRegistry registry = ChildRegistries.open(RegistryOptions.builder(args[0]).cacheDirectory(Path.of(args[2])).build())) {
            ModelVersion v = registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(Path.of(args[1])).build());
            System.out.println("REGISTERED " + v.artifacts().files().get(0).sha256() + " " + v.artifacts().totalSize());
            Path pulled = registry.pull("large:1.0.0", Path.of(args[3]));
            System.out.println("PULLED " + pulled);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = registry.openArtifact("large:1.0.0", Path.of(args[1]).getFileName().toString())) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    md.update(buffer, 0, n);
                }
            }
            System.out.println("STREAMED " + HexFormat.of().formatHex(md.digest()));
            System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
        }
    }
}
