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
 */
public record FormatInfo(String format, boolean unsafe, Long tensorCount, Long parameterCount, List<String> dtypes,
                         Map<String, String> metadata, Architecture architecture) {
    /** Nothing recognised. */
    public static final FormatInfo UNKNOWN = new FormatInfo(null, false, null, null, List.of(), Map.of(), null);

    /** A recognised format with no header details. */
    public static FormatInfo of(String format, boolean unsafe) {
        return new FormatInfo(format, unsafe, null, null, List.of(), Map.of(), null);
    }
}
