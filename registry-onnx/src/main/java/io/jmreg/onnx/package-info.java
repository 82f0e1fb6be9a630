/** ONNX models loaded from the registry's verified files: {@link io.jmreg.onnx.OnnxModel}. */
package io.jmreg.onnx;
