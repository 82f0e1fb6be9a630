package io.jmreg.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.serving.ModelLoader;
import io.jmreg.serving.WatchedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A registered ONNX model (one float input, one float output, batch first) in an ONNX Runtime session, loaded from
 * the version's verified local files. Before it serves, the session's input and output must be the ones the version
 * was registered with (its input/output schema, read from the file at registration): a file that does not match what
 * the registry recorded is refused. Thread-safe ({@code predict} may run concurrently); close it to free the session.
 * <pre>{@code
 * try (WatchedModel<OnnxModel> fraud = OnnxModel.watch(registry, "fraud@production", Duration.ofSeconds(2))) {
 *     float[][] scores = fraud.apply(model -> model.predict(new float[][] {{1, 2, 3}}));
 * }
 * }</pre>
 */
public final class OnnxModel implements AutoCloseable {
    private final ModelVersion version;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final long features;

    private OnnxModel(ModelVersion version, OrtSession session, String input, String output, long features) {
        this.version = version;
        this.session = session;
        this.input = input;
        this.output = output;
        this.features = features;
    }

    /** A {@link ModelLoader} of ONNX models, for {@link WatchedModel} (and the Spring Boot starter's watched models). */
    public static ModelLoader<OnnxModel> loader() {
        return OnnxModel::load;
    }

    /** What {@code reference} selects, loaded now and swapped when it moves (within {@code maxDelay}). */
    public static WatchedModel<OnnxModel> watch(ModelRegistry registry, String reference, Duration maxDelay) {
        return WatchedModel.watch(registry, reference, maxDelay, loader());
    }

    /**
     * Loads {@code version} from {@code files}, its verified snapshot directory: its one {@code .onnx} file.
     *
     * @throws IllegalArgumentException when there is no single {@code .onnx} file, or the model's input and output
     *                                  are not one float tensor each, or not those recorded at registration
     * @throws OrtException             when ONNX Runtime cannot load it
     */
    public static OnnxModel load(ModelVersion version, Path files) throws OrtException, IOException {
        Path file = onnxFile(version, files);
        OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions());
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1 || outputs.size() != 1) {
                throw new IllegalArgumentException(String.format("%s has %d inputs and %d outputs; OnnxModel serves "
                        + "models with one of each", version.reference(), inputs.size(), outputs.size()));
            }
            String input = inputs.keySet().iterator().next();
            String output = outputs.keySet().iterator().next();
            TensorInfo in = tensor(version, inputs.get(input));
            tensor(version, outputs.get(output));
            if (in.getShape().length != 2) {
                throw new IllegalArgumentException(String.format("%s: input '%s' has shape %s; OnnxModel serves "
                        + "[batch, features]", version.reference(), input, Arrays.toString(in.getShape())));
            }
            requireRecorded(version, "input", input, version.modelInfo() == null ? null : version.modelInfo().inputSchema());
            requireRecorded(version, "output", output, version.modelInfo() == null ? null : version.modelInfo().outputSchema());
            return new OnnxModel(version, session, input, output, in.getShape()[1]);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private static Path onnxFile(ModelVersion version, Path files) throws IOException {
        try (Stream<Path> walk = Files.walk(files)) {
            List<Path> onnx = walk.filter(p -> p.getFileName().toString().endsWith(".onnx")).toList();
            if (onnx.size() != 1) {
                throw new IllegalArgumentException(String.format("%s has %d .onnx files (%s); OnnxModel needs exactly one",
                        version.reference(), onnx.size(), onnx));
            }
            return onnx.get(0);
        }
    }

    private static TensorInfo tensor(ModelVersion version, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(String.format("%s: '%s' is %s, not a float tensor", version.reference(),
                    node.getName(), node.getInfo()));
        }
        return t;
    }

    /** The registered schema (e.g. {@code features: float32[N,3]}) must name the session's tensor. */
    private static void requireRecorded(ModelVersion version, String what, String name, String schema) {
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException(String.format("%s was registered without an %s schema; register the "
                    + ".onnx file so that the registry records it", version.reference(), what));
        }
        boolean named = Arrays.stream(schema.split(";")).map(String::strip)
                .anyMatch(s -> s.startsWith(name + ":") || s.contains("\"" + name + "\""));
        if (!named) {
            throw new IllegalArgumentException(String.format("%s: the file's %s '%s' is not the one registered (%s)",
                    version.reference(), what, name, schema));
        }
    }

    /**
     * Runs the model on a batch: one row of {@code features} per example, one row of outputs per example.
     *
     * @throws IllegalArgumentException when a row does not have the model's number of features
     */
    public float[][] predict(float[][] batch) {
        for (float[] row : batch) {
            if (row.length != features) {
                throw new IllegalArgumentException(String.format("%s takes %d features per example, got %d",
                        version.reference(), features, row.length));
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), batch);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new IllegalStateException(version.reference() + " failed to predict: " + e.getMessage(), e);
        }
    }

    /** The version this model was loaded from. */
    public ModelVersion version() {
        return version;
    }

    /** Frees the session. */
    @Override
    public void close() throws OrtException {
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxModel(" + version.reference() + ": " + input + " -> " + output + ")";
    }
}
