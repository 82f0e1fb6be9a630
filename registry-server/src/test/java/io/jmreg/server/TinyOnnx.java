package io.jmreg.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A tiny ONNX model written as protobuf bytes from onnx.proto's field numbers (ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto): {@code Y = MatMul(X, W) + B} with X float[1,3], W float[3,2] and B float[2] as
 * initializers, opset 13. {@link #predict} computes the same numbers in plain Java, the expected answer for a runtime.
 */
final class TinyOnnx {
    static final float[] W = {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f}; // row-major [3][2]
    static final float[] B = {0.1f, -0.2f};

    private TinyOnnx() {
    }

    /** The model's bytes. */
    static byte[] model() {
        Proto matmul = new Proto().string(1, "X").string(1, "W").string(2, "XW").string(3, "matmul").string(4, "MatMul");
        Proto add = new Proto().string(1, "XW").string(1, "B").string(2, "Y").string(3, "add").string(4, "Add");
        Proto graph = new Proto().message(1, matmul).message(1, add).string(2, "tiny_linear")
                .message(5, tensor("W", W, 3, 2)).message(5, tensor("B", B, 2))
                .message(11, valueInfo("X", 1, 3)).message(12, valueInfo("Y", 1, 2));
        return new Proto().varint(1, 8).string(2, "jmreg-tests").message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)).bytes();
    }

    /** {@code x W + B} for one row of three inputs. */
    static float[] predict(float[] x) {
        float[] y = new float[2];
        for (int j = 0; j < 2; j++) {
            float s = B[j];
            for (int i = 0; i < 3; i++) {
                s += x[i] * W[i * 2 + j];
            }
            y[j] = s;
        }
        return y;
    }

    private static Proto tensor(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return t.varint(2, 1).string(8, name).raw(9, raw.array()); // data_type 1 = FLOAT, raw_data little-endian
    }

    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) {
            shape.message(1, new Proto().varint(1, d));
        }
        Proto tensorType = new Proto().varint(1, 1).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            key(field, 0);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return raw(field, value.bytes());
        }

        Proto raw(int field, byte[] value) {
            key(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void key(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
