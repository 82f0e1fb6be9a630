#!/usr/bin/python3
"""Writes the two tiny ONNX models the tests serve (run once; the .onnx files are committed).

score = features . weights + bias, features float32[N,3], score float32[N,1].
Needs Debian's python3-onnx (apt-get install python3-onnx). Usage: /usr/bin/python3 generate.py (in this directory, src/test/resources/onnx).
"""
import onnx
from onnx import TensorProto, helper

VERSIONS = {
    "linear-v1": ([0.5, -1.0, 2.0], 0.25),
    "linear-v2": ([1.0, 1.0, 1.0], -1.0),
}

for name, (weights, bias) in VERSIONS.items():
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["features", "weights"], ["product"]),
         helper.make_node("Add", ["product", "bias"], ["score"])],
        "linear",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])],
        initializer=[helper.make_tensor("weights", TensorProto.FLOAT, [3, 1], weights),
                     helper.make_tensor("bias", TensorProto.FLOAT, [1], [bias])])
    model = helper.make_model(graph, producer_name="jmreg-tests", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, name + ".onnx")
    print(name + ".onnx", len(model.SerializeToString()), "bytes")
