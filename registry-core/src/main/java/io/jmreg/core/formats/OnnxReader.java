package io.jmreg.core.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what an ONNX model declares, without its weights: IR version, opset imports, producer, and the graph's
 * inputs and outputs with element types and shapes. A minimal protobuf reader over exactly those fields of
 * {@code ModelProto}, {@code GraphProto} and {@code ValueInfoProto}: every other field, the nodes and the initializers
 * (the weights) are skipped by seeking. Declared lengths are checked against what is left of the enclosing message
 * and the file, strings and counts are bounded, nesting is fixed by the schema: a hostile or truncated file is
 * refused with {@link Malformed}, never read into memory.
 */
final class OnnxReader {
    private static final int MAX_STRING = 64 * 1024;
    private static final int MAX_VALUES = 10_000;
    private static final int MAX_DIMS = 64;
    private static final String[] ELEMENT_TYPES = {"undefined", "float32", "uint8", "int8", "uint16", "int16", "int32",
        "int64", "string", "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
        "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4"};

    /** The file is not a readable ONNX model. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * What the model declares.
     *
     * @param irVersion the ONNX IR version
     * @param opsets    operator set domain ({@code ai.onnx} for the default) to version
     * @param producer  producer name and version
     * @param inputs    graph inputs, e.g. {@code input: float32[batch,3,224,224]}
     * @param outputs   graph outputs
     */
    record Model(long irVersion, Map<String, Long> opsets, String producer, List<String> inputs, List<String> outputs) {
    }

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(16);

    private OnnxReader(FileChannel ch) {
        this.ch = ch;
    }

    static Model read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new OnnxReader(ch).model(ch.size());
        }
    }

    private Model model(long end) throws IOException {
        long ir = -1;
        Map<String, Long> opsets = new TreeMap<>();
        String producer = null;
        String producerVersion = null;
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        boolean graph = false;
        while (ch.position() < end) {
            long tag = varint(end);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> ir = expectVarint(wire, end, "ir_version");
                case 2 -> producer = string(wire, end, "producer_name");
                case 3 -> producerVersion = string(wire, end, "producer_version");
                case 7 -> {
                    long graphEnd = lengthEnd(wire, end, "graph");
                    graph(graphEnd, inputs, outputs);
                    graph = true;
                }
                case 8 -> {
                    long opEnd = lengthEnd(wire, end, "opset_import");
                    String domain = "";
                    long version = 0;
                    while (ch.position() < opEnd) {
                        long t = varint(opEnd);
                        switch ((int) (t >>> 3)) {
                            case 1 -> domain = string((int) (t & 7), opEnd, "opset domain");
                            case 2 -> version = expectVarint((int) (t & 7), opEnd, "opset version");
                            default -> skip((int) (t & 7), opEnd);
                        }
                    }
                    if (opsets.size() >= MAX_VALUES) {
                        throw new Malformed("more than " + MAX_VALUES + " opset imports");
                    }
                    opsets.put(domain.isEmpty() ? "ai.onnx" : domain, version);
                }
                default -> skip(wire, end);
            }
        }
        if (ir < 0 || !graph) {
            throw new Malformed("no ir_version or no graph: not an ONNX model");
        }
        String prod = producer == null ? null : producerVersion == null ? producer : producer + " " + producerVersion;
        return new Model(ir, opsets, prod, inputs, outputs);
    }

    private void graph(long end, List<String> inputs, List<String> outputs) throws IOException {
        while (ch.position() < end) {
            long tag = varint(end);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 11 || field == 12) {
                List<String> into = field == 11 ? inputs : outputs;
                if (into.size() >= MAX_VALUES) {
                    throw new Malformed("more than " + MAX_VALUES + " graph " + (field == 11 ? "inputs" : "outputs"));
                }
                into.add(valueInfo(lengthEnd(wire, end, "value_info")));
            } else {
                skip(wire, end); // nodes, initializers (the weights), names, docs: skipped by seeking
            }
        }
    }

    /** {@code name: type[dims]} of a ValueInfoProto. */
    private String valueInfo(long end) throws IOException {
        String name = "?";
        String type = "?";
        while (ch.position() < end) {
            long tag = varint(end);
            int wire = (int) (tag & 7);
            switch ((int) (tag >>> 3)) {
                case 1 -> name = string(wire, end, "value name");
                case 2 -> type = typeProto(lengthEnd(wire, end, "type"));
                default -> skip(wire, end);
            }
        }
        return name + ": " + type;
    }

    private String typeProto(long end) throws IOException {
        String type = "?";
        while (ch.position() < end) {
            long tag = varint(end);
            int wire = (int) (tag & 7);
            if ((tag >>> 3) == 1) {
                type = tensorType(lengthEnd(wire, end, "tensor_type"));
            } else {
                skip(wire, end); // sequence, map, optional, sparse types: named by their absence
            }
        }
        return type;
    }

    private String tensorType(long end) throws IOException {
        String elem = "?";
        List<String> dims = null;
        while (ch.position() < end) {
            long tag = varint(end);
            int wire = (int) (tag & 7);
            switch ((int) (tag >>> 3)) {
                case 1 -> {
                    long t = expectVarint(wire, end, "elem_type");
                    elem = t >= 0 && t < ELEMENT_TYPES.length ? ELEMENT_TYPES[(int) t] : "type" + t;
                }
                case 2 -> dims = shape(lengthEnd(wire, end, "shape"));
                default -> skip(wire, end);
            }
        }
        return elem + (dims == null ? "" : "[" + String.join(",", dims) + "]");
    }

    private List<String> shape(long end) throws IOException {
        List<String> dims = new ArrayList<>();
        while (ch.position() < end) {
            long tag = varint(end);
            int wire = (int) (tag & 7);
            if ((tag >>> 3) != 1) {
                skip(wire, end);
                continue;
            }
            if (dims.size() >= MAX_DIMS) {
                throw new Malformed("a tensor shape with more than " + MAX_DIMS + " dimensions");
            }
            long dimEnd = lengthEnd(wire, end, "dim");
            String dim = "?";
            while (ch.position() < dimEnd) {
                long t = varint(dimEnd);
                switch ((int) (t >>> 3)) {
                    case 1 -> dim = Long.toString(expectVarint((int) (t & 7), dimEnd, "dim_value"));
                    case 2 -> dim = string((int) (t & 7), dimEnd, "dim_param");
                    default -> skip((int) (t & 7), dimEnd);
                }
            }
            dims.add(dim);
        }
        return dims;
    }

    private long expectVarint(int wire, long end, String what) throws IOException {
        if (wire != 0) {
            throw new Malformed(what + " has wire type " + wire + ", expected a varint");
        }
        return varint(end);
    }

    /** The end position of a length-delimited field, checked against the enclosing message's end. */
    private long lengthEnd(int wire, long end, String what) throws IOException {
        if (wire != 2) {
            throw new Malformed(what + " has wire type " + wire + ", expected length-delimited");
        }
        long len = varint(end);
        if (len < 0 || len > end - ch.position()) {
            throw new Malformed(what + " declares " + len + " bytes but only " + (end - ch.position()) + " are left");
        }
        return ch.position() + len;
    }

    private String string(int wire, long end, String what) throws IOException {
        long fieldEnd = lengthEnd(wire, end, what);
        long len = fieldEnd - ch.position();
        if (len > MAX_STRING) {
            throw new Malformed(what + " is " + len + " bytes long (at most " + MAX_STRING + ")");
        }
        ByteBuffer b = ByteBuffer.allocate((int) len);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new Malformed("truncated in " + what);
            }
        }
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    private void skip(int wire, long end) throws IOException {
        long to = switch (wire) {
            case 0 -> {
                varint(end);
                yield ch.position();
            }
            case 1 -> ch.position() + 8;
            case 2 -> lengthEnd(wire, end, "a field");
            case 5 -> ch.position() + 4;
            default -> throw new Malformed("wire type " + wire + " (groups are not used by ONNX)");
        };
        if (to > end) {
            throw new Malformed("a field runs past the end of its message");
        }
        ch.position(to);
    }

    private long varint(long end) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (ch.position() >= end) {
                throw new Malformed("truncated varint");
            }
            buf.clear().limit(1);
            if (ch.read(buf) != 1) {
                throw new Malformed("truncated varint");
            }
            int b = buf.get(0) & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Malformed("varint longer than 10 bytes");
    }
}
