package io.jmreg.core.formats;

import java.util.Locale;
import java.util.Map;

/** Media types of common model artifact files, by extension. */
public final class MediaTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("yaml", "application/yaml"),
            Map.entry("yml", "application/yaml"),
            Map.entry("csv", "text/csv"),
            Map.entry("safetensors", "application/vnd.safetensors"),
            Map.entry("gguf", "application/vnd.gguf"),
            Map.entry("onnx", "application/onnx"),
            Map.entry("pb", "application/x-protobuf"),
            Map.entry("pkl", "application/x-python-pickle"),
            Map.entry("pickle", "application/x-python-pickle"),
            Map.entry("pt", "application/x-pytorch"),
            Map.entry("pth", "application/x-pytorch"),
            Map.entry("bin", "application/octet-stream"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"),
            Map.entry("model", "application/octet-stream"),
            Map.entry("ser", "application/x-java-serialized-object"),
            Map.entry("jar", "application/java-archive"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"));

    private MediaTypes() {
    }

    /** The media type of {@code path}, {@code application/octet-stream} when unknown. */
    public static String of(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return "application/octet-stream";
        }
        return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
