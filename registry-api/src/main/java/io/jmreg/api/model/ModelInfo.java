package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;
import java.util.List;
import java.util.Map;

/**
 * What the model is (SPEC 3 model_info). Fields filled from safetensors/GGUF headers at registration
 * ({@code tensorCount}, {@code dtypes}, {@code formatMetadata}) complement what the caller gave.
 *
 * @param baseModel           the base model (a reference or an external id such as {@code meta-llama/llama-2-7b})
 * @param fineTuningMethod    full, lora, qlora, ...
 * @param totalParameters     parameter count
 * @param trainableParameters trainable parameter count
 * @param architecture        architecture figures
 * @param framework           pytorch, tensorflow, onnx, sklearn, gguf, safetensors, ...
 * @param inputSchema         JSON Schema of the input, as JSON text
 * @param outputSchema        JSON Schema of the output, as JSON text
 * @param tensorCount         number of tensors found in weight files
 * @param dtypes              tensor data types found in weight files
 * @param formatMetadata      header metadata of weight files (e.g. GGUF {@code general.architecture})
 */
public record ModelInfo(String baseModel, String fineTuningMethod, Long totalParameters, Long trainableParameters,
                        Architecture architecture, String framework, String inputSchema, String outputSchema,
                        Long tensorCount, List<String> dtypes, Map<String, String> formatMetadata) {
    /** Normalises collections and rejects negative counts. */
    public ModelInfo {
        dtypes = Copies.list(dtypes);
        formatMetadata = Copies.sortedMap(formatMetadata);
        if (totalParameters != null && totalParameters < 0 || trainableParameters != null && trainableParameters < 0
                || tensorCount != null && tensorCount < 0) {
            throw new ValidationException("parameter and tensor counts must not be negative");
        }
    }

    /** An empty model_info. */
    public static ModelInfo empty() {
        return new ModelInfo(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This info with gaps filled from {@code other} (this one's values win). */
    public ModelInfo orElse(ModelInfo other) {
        if (other == null) {
            return this;
        }
        return new ModelInfo(pick(baseModel, other.baseModel), pick(fineTuningMethod, other.fineTuningMethod),
                pick(totalParameters, other.totalParameters), pick(trainableParameters, other.trainableParameters),
                pick(architecture, other.architecture), pick(framework, other.framework),
                pick(inputSchema, other.inputSchema), pick(outputSchema, other.outputSchema),
                pick(tensorCount, other.tensorCount), dtypes.isEmpty() ? other.dtypes : dtypes,
                formatMetadata.isEmpty() ? other.formatMetadata : formatMetadata);
    }

    private static <T> T pick(T a, T b) {
        return a != null ? a : b;
    }

    /** A builder: {@code ModelInfo.builder().baseModel("llama-2-7b").fineTuningMethod("lora").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this one, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().baseModel(baseModel).fineTuningMethod(fineTuningMethod).totalParameters(totalParameters).trainableParameters(trainableParameters).architecture(architecture).framework(framework).inputSchema(inputSchema).outputSchema(outputSchema).tensorCount(tensorCount).dtypes(dtypes).formatMetadata(formatMetadata);
    }

    /** Fluent builder of {@link ModelInfo}; every field is optional. */
    public static final class Builder {
        private String baseModel;
        private String fineTuningMethod;
        private Long totalParameters;
        private Long trainableParameters;
        private Architecture architecture;
        private String framework;
        private String inputSchema;
        private String outputSchema;
        private Long tensorCount;
        private List<String> dtypes;
        private Map<String, String> formatMetadata;

        private Builder() {
        }

        /** The base model. */
        public Builder baseModel(String v) {
            baseModel = v;
            return this;
        }

        /** full, lora, qlora, .... */
        public Builder fineTuningMethod(String v) {
            fineTuningMethod = v;
            return this;
        }

        /** Parameter count. */
        public Builder totalParameters(Long v) {
            totalParameters = v;
            return this;
        }

        /** Trainable parameter count. */
        public Builder trainableParameters(Long v) {
            trainableParameters = v;
            return this;
        }

        /** Architecture figures. */
        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        /** pytorch, tensorflow, onnx, .... */
        public Builder framework(String v) {
            framework = v;
            return this;
        }

        /** JSON Schema of the input. */
        public Builder inputSchema(String v) {
            inputSchema = v;
            return this;
        }

        /** JSON Schema of the output. */
        public Builder outputSchema(String v) {
            outputSchema = v;
            return this;
        }

        /** Tensors in weight files. */
        public Builder tensorCount(Long v) {
            tensorCount = v;
            return this;
        }

        /** Tensor data types. */
        public Builder dtypes(List<String> v) {
            dtypes = v;
            return this;
        }

        /** Header metadata of weight files. */
        public Builder formatMetadata(Map<String, String> v) {
            formatMetadata = v;
            return this;
        }

        /** Builds (and validates). */
        public ModelInfo build() {
            return new ModelInfo(baseModel, fineTuningMethod, totalParameters, trainableParameters, architecture, framework, inputSchema, outputSchema, tensorCount, dtypes, formatMetadata);
        }
    }
}
