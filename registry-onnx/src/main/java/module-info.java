/** Serving ONNX models from the registry with ONNX Runtime for Java. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"}) // onnxruntime: an automatic module
module io.jmreg.onnx {
    requires transitive io.jmreg.api;
    requires transitive io.jmreg.serving;
    requires transitive com.microsoft.onnxruntime;

    exports io.jmreg.onnx;
}
