package io.jmreg.core.formats;

import io.jmreg.api.model.Architecture;

import java.util.List;
import java.util.Map;

/**
 * What a file's header says about it.
 *
 * @param format         format name, or null when not recognised
 * @param unsafe         loading it may execute code
 * @param tensorCount    tensors, when a weight format
 * @param parameterCount total elements of all tensors
 * @param dtypes         tensor data types
 * @param metadata       header metadata (string form)
 * @param architecture   architecture figures found in the header
 * @param description    what else the file declares: input and output schema, an adapter's base model and method
 */
public record FormatInfo(String format, boolean unsafe, Long tensorCount, Long parameterCount, List<String> dtypes,
                         Map<String, String> metadata, Architecture architecture, Declared description) {
    /** Nothing recognised. */
    public static final FormatInfo UNKNOWN = new FormatInfo(null, false, null, null, List.of(), Map.of(), null, Declared.NONE);

    /**
     * What a model or adapter file declares beyond its tensors.
     *
     * @param inputSchema      inputs, e.g. {@code input: float32[batch,3,224,224]}, or null
     * @param outputSchema     outputs, or null
     * @param baseModel        an adapter's base model, or null
     * @param fineTuningMethod an adapter's method (PEFT type, e.g. {@code LORA}), or null
     * @param methodConfig     the method's settings (rank, alpha, dropout, target modules)
     */
    public record Declared(String inputSchema, String outputSchema, String baseModel, String fineTuningMethod,
                           Map<String, Object> methodConfig) {
        /** Nothing declared. */
        public static final Declared NONE = new Declared(null, null, null, null, Map.of());
    }

    /** A recognised format with no header details. */
    public static FormatInfo of(String format, boolean unsafe) {
        return new FormatInfo(format, unsafe, null, null, List.of(), Map.of(), null, Declared.NONE);
    }
}
