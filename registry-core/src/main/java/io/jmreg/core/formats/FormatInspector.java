package io.jmreg.core.formats;

import io.jmreg.api.model.Architecture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Recognises model file formats from their content, not their names, without reading the weights (SPEC 4.7, 11.7):
 * safetensors (under any name, described only when valid, see {@link SafetensorsHeader}) and GGUF headers fill tensor
 * count, parameter count, dtypes and architecture keys; Python pickle (PyTorch checkpoints included, whatever their
 * name) and Java serialization are flagged unsafe because loading them executes code; a file named
 * {@code .safetensors} that is not valid safetensors is flagged {@code safetensors-invalid}. A malformed or hostile
 * header never fails a registration: the file is then just not described.
 */
public final class FormatInspector {
    private static final Logger LOG = LoggerFactory.getLogger(FormatInspector.class);
    private static final long MAX_GGUF_STRING = 1024 * 1024;
    private static final long MAX_GGUF_COUNT = 50_000_000;
    private static final String[] GGML_TYPES = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0",
        "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL",
        "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16"};

    private FormatInspector() {
    }

    /** Inspects {@code file}, registered as {@code path}. */
    public static FormatInfo inspect(String path, Path file) {
        String ext = extension(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            long size = Files.size(file);
            in.mark(16);
            byte[] magic = in.readNBytes(9);
            in.reset();
            if (magic.length >= 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F') {
                return gguf(in);
            }
            boolean namedSafetensors = ext.equals("safetensors");
            if (SafetensorsHeader.looksLike(magic, size)) { // by content, whatever the name
                FormatInfo st = SafetensorsHeader.read(in, size);
                if (st != SafetensorsHeader.INVALID || !unsafeMagic(magic)) {
                    return st;
                }
            } // only the magic and the file are read below
            if (magic.length >= 4 && (magic[0] & 0xff) == 0xAC && (magic[1] & 0xff) == 0xED && magic[2] == 0 && magic[3] == 5) {
                return FormatInfo.of("java-serialization", true);
            }
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x80 && magic[1] >= 2 && magic[1] <= 5) {
                return FormatInfo.of("pickle", true);
            }
            if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4
                    && zipHoldsPickle(file)) {
                return FormatInfo.of("pytorch-pickle", true);
            }
            if (Set.of("pkl", "pickle", "joblib").contains(ext)) {
                return FormatInfo.of("pickle", true); // protocol 0/1 pickles carry no magic
            }
            if (namedSafetensors) {
                LOG.warn("{} is named like safetensors but is not a valid safetensors file: flagged invalid", path);
                return SafetensorsHeader.INVALID;
            }
            if (ext.equals("onnx")) {
                return onnx(path, file);
            }
            if (magic.length >= 8 && (magic[0] & 0xff) == 0x89 && magic[1] == 'H' && magic[2] == 'D' && magic[3] == 'F') {
                return FormatInfo.of(Set.of("h5", "keras").contains(ext) ? "keras-h5" : "hdf5", false);
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.equals("saved_model.pb") || name.equals("saved_model.pbtxt")) {
                return FormatInfo.of("tensorflow-savedmodel", false);
            }
            if (ext.equals("keras") && magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K') {
                return FormatInfo.of("keras", false);
            }
            if (name.equals("config.json")) {
                return ModelConfigs.huggingFaceConfig(file);
            }
            if (name.equals("adapter_config.json")) {
                return ModelConfigs.peftAdapterConfig(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot inspect {}: {}", path, e.toString());
        }
        return FormatInfo.UNKNOWN;
    }

    private static FormatInfo onnx(String path, Path file) {
        try {
            OnnxReader.Model m = OnnxReader.read(file);
            Map<String, String> metadata = new TreeMap<>();
            metadata.put("onnx.ir_version", Long.toString(m.irVersion()));
            m.opsets().forEach((domain, version) -> metadata.put("onnx.opset." + domain, Long.toString(version)));
            if (m.producer() != null) {
                metadata.put("onnx.producer", m.producer());
            }
            return new FormatInfo("onnx", false, null, null, List.of(), metadata, null, new FormatInfo.Declared(
                    String.join("; ", m.inputs()), String.join("; ", m.outputs()), null, null, Map.of()));
        } catch (IOException e) {
            LOG.warn("{} is named like an ONNX model but cannot be read as one: {}", path, e.getMessage());
            return FormatInfo.UNKNOWN;
        }
    }

    private static boolean zipHoldsPickle(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                String name = it.next().getName();
                if (name.endsWith(".pkl") || name.endsWith("/data.pkl")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Magic numbers of formats whose loading executes code (pickle, Java serialization, a zip: maybe PyTorch). */
    private static boolean unsafeMagic(byte[] magic) {
        return (magic[0] & 0xff) == 0x80 && magic[1] >= 2 && magic[1] <= 5
                || (magic[0] & 0xff) == 0xAC && (magic[1] & 0xff) == 0xED || magic[0] == 'P' && magic[1] == 'K';
    }

    private static FormatInfo gguf(InputStream in) throws IOException {
        LittleEndianReader r = new LittleEndianReader(in);
        r.skip(4);
        long version = r.u32();
        if (version < 2) {
            return FormatInfo.of("gguf", false);
        }
        long tensorCount = r.u64();
        long kvCount = r.u64();
        if (tensorCount > MAX_GGUF_COUNT || kvCount > MAX_GGUF_COUNT) {
            return FormatInfo.of("gguf", false);
        }
        Map<String, String> metadata = new TreeMap<>();
        Long vocab = null;
        for (long i = 0; i < kvCount; i++) {
            String key = r.string(MAX_GGUF_STRING);
            int type = (int) r.u32();
            if (type == 9) {
                int elementType = (int) r.u32();
                long n = r.u64();
                if (n > MAX_GGUF_COUNT) {
                    return FormatInfo.of("gguf", false);
                }
                for (long j = 0; j < n; j++) {
                    value(r, elementType);
                }
                if (key.equals("tokenizer.ggml.tokens")) {
                    vocab = n;
                }
            } else {
                Object v = value(r, type);
                if (v != null && !key.startsWith("tokenizer.")) {
                    metadata.put(key, String.valueOf(v));
                }
            }
        }
        long params = 0;
        Set<String> dtypes = new TreeSet<>();
        for (long i = 0; i < tensorCount; i++) {
            r.string(MAX_GGUF_STRING);
            long dims = r.u32();
            if (dims > 8) {
                return FormatInfo.of("gguf", false);
            }
            long elements = 1;
            for (long d = 0; d < dims; d++) {
                elements = Math.multiplyExact(elements, r.u64());
            }
            int ggmlType = (int) r.u32();
            r.u64(); // offset
            dtypes.add(ggmlType >= 0 && ggmlType < GGML_TYPES.length ? GGML_TYPES[ggmlType] : "TYPE_" + ggmlType);
            params = Math.addExact(params, elements);
        }
        String arch = metadata.get("general.architecture");
        Architecture architecture = arch == null ? null : new Architecture(arch, integer(metadata, arch + ".block_count"),
                integer(metadata, arch + ".embedding_length"), integer(metadata, arch + ".attention.head_count"),
                vocabulary(metadata, arch, vocab), integer(metadata, arch + ".context_length"));
        return new FormatInfo("gguf", false, tensorCount, params, List.copyOf(dtypes), metadata, architecture,
                FormatInfo.Declared.NONE);
    }

    /** {@code <arch>.vocab_size} when the header has it, else the number of tokenizer tokens. */
    private static Integer vocabulary(Map<String, String> metadata, String arch, Long tokens) {
        Integer declared = integer(metadata, arch + ".vocab_size");
        if (declared != null) {
            return declared;
        }
        return tokens == null ? null : (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    private static Integer integer(Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object value(LittleEndianReader r, int type) throws IOException {
        return switch (type) {
            case 0 -> r.u8();
            case 1 -> (byte) r.u8();
            case 2 -> r.u8() | r.u8() << 8;
            case 3 -> (short) (r.u8() | r.u8() << 8);
            case 4 -> r.u32();
            case 5 -> (int) r.u32();
            case 6 -> Float.intBitsToFloat((int) r.u32());
            case 7 -> r.u8() != 0;
            case 8 -> r.string(MAX_GGUF_STRING);
            case 10, 11 -> r.u64();
            case 12 -> Double.longBitsToDouble(r.u64());
            default -> throw new IOException("unknown GGUF value type " + type);
        };
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
