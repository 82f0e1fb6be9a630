package io.jmreg.server.oci;

import io.jmreg.api.model.OciNames;
import java.math.BigDecimal;
import java.util.Locale;

/** The media types and annotation names of OCI image-spec 1.1 and the CNCF ModelPack model specification (from {@link OciNames}), and jmreg's own. */
final class ModelPack {
    static final String MANIFEST = OciNames.MANIFEST;
    static final String INDEX = OciNames.INDEX;
    static final String EMPTY = OciNames.EMPTY;
    /** The empty JSON object {@code {}} that stands in for a missing config or layer. */
    static final String EMPTY_SHA256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    static final byte[] EMPTY_BYTES = {'{', '}'};
    static final String ARTIFACT_TYPE = OciNames.MODELPACK_MANIFEST;
    static final String CONFIG = OciNames.MODELPACK_CONFIG;
    static final String WEIGHT = OciNames.MODELPACK_WEIGHT;
    static final String WEIGHT_CONFIG = OciNames.MODELPACK_WEIGHT_CONFIG;
    static final String DOC = OciNames.MODELPACK_DOC;
    /** A version's signature, served as a referrer of its manifest. */
    static final String SIGNATURE = "application/vnd.jmreg.signature.v1+json";
    static final String TITLE = OciNames.TITLE;
    static final String CREATED = OciNames.CREATED;
    static final String VERSION = OciNames.VERSION;
    static final String REFERENCE = "io.jmreg.reference";

    private ModelPack() {
    }

    /**
     * The layer media type of a file by its role: documentation (README, LICENSE, Markdown, text meant for people),
     * configuration (JSON, YAML, TOML, tokenizer and vocabulary files), and weights (everything else: the files a
     * runtime loads as the model).
     */
    static String layerType(String path, String format) {
        String base = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (format != null) {
            return WEIGHT;
        }
        if (base.startsWith("readme") || base.startsWith("license") || base.startsWith("licence")
                || base.startsWith("notice") || base.startsWith("model_card") || base.endsWith(".md")
                || base.endsWith(".rst") || base.endsWith(".pdf") || base.endsWith(".html")) {
            return DOC;
        }
        if (base.endsWith(".json") || base.endsWith(".yaml") || base.endsWith(".yml") || base.endsWith(".toml")
                || base.endsWith(".txt") || base.endsWith(".model") || base.endsWith(".tiktoken")
                || base.endsWith(".merges") || base.endsWith(".vocab") || base.endsWith(".cfg")
                || base.endsWith(".ini") || base.endsWith(".properties")) {
            return WEIGHT_CONFIG;
        }
        return WEIGHT;
    }

    /** A parameter count as ModelPack's {@code paramSize}: a count with one decimal and a scale letter (8b, 6.7b, 125m). */
    static String paramSize(long parameters) {
        long[] scales = {1_000_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] letters = {"q", "t", "b", "m", "k"};
        int i = 0;
        while (i < scales.length - 1 && parameters < scales[i]) {
            i++;
        }
        long tenths = Math.round(parameters * 10.0 / scales[i]);
        String count = tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
        return count + letters[i];
    }

    /** The parameter count of a {@code paramSize} such as {@code 6.7B}, or null when it is not one. */
    static Long parameters(String paramSize) {
        if (paramSize == null || !paramSize.matches("[0-9]+(\\.[0-9])?[qQtTbBmMkK]")) {
            return null;
        }
        String letter = paramSize.substring(paramSize.length() - 1).toLowerCase(Locale.ROOT);
        long scale = switch (letter) {
            case "q" -> 1_000_000_000_000_000L;
            case "t" -> 1_000_000_000_000L;
            case "b" -> 1_000_000_000L;
            case "m" -> 1_000_000L;
            default -> 1_000L;
        };
        return new BigDecimal(paramSize.substring(0, paramSize.length() - 1))
                .multiply(BigDecimal.valueOf(scale)).longValue();
    }
}
