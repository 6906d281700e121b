#!/usr/bin/python3
"""Writes the ONNX files OnnxReaderTest reads, with the onnx library itself (Debian's
python3-onnx), so that the SDK's own protobuf reader is checked against files it did not write.

Run from this directory:  /usr/bin/python3 make_reader_fixtures.py

- columns-zipmap.onnx: a converter-style classifier: one [N, 1] input per column (float, int64,
  string), a OneHotEncoder on the string column, a TreeEnsembleClassifier with string class labels
  and a ZipMap, outputs output_label (string) and output_probability (a sequence of maps).
- external-everywhere.onnx: tensors with external data in every place ONNX allows them: an
  initializer, a sparse initializer, a Constant node's attribute, a subgraph (If branch), a
  function's node and a training graph. Never loaded: only read.
- initializer-as-input.onnx: IR version 3, whose graph lists its initializer among its inputs.
"""
import math

import onnx
from onnx import TensorProto, helper

ML = "ai.onnx.ml"


def external(name, location, dims=(1,)):
    t = helper.make_tensor(name, TensorProto.FLOAT, list(dims), [0.0] * math.prod(dims))
    t.ClearField("float_data")
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "4")):
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def zipmap_type(key_type):
    """seq(map(key_type, tensor(float))), as skl2onnx declares a ZipMap output."""
    t = onnx.TypeProto()
    t.sequence_type.elem_type.map_type.key_type = key_type
    t.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return t


def columns_zipmap():
    inputs = [
        helper.make_tensor_value_info("age", TensorProto.FLOAT, [None, 1]),
        helper.make_tensor_value_info("visits", TensorProto.INT64, [None, 1]),
        helper.make_tensor_value_info("plan", TensorProto.STRING, [None, 1]),
    ]
    nodes = [
        helper.make_node("Cast", ["visits"], ["visits_f"], to=TensorProto.FLOAT),
        helper.make_node("OneHotEncoder", ["plan"], ["plan_1hot"], domain=ML,
                         cats_strings=["basic", "pro"], zeros=0),
        helper.make_node("Reshape", ["plan_1hot", "shape"], ["plan_2d"]),
        helper.make_node("Concat", ["age", "visits_f", "plan_2d"], ["features"], axis=1),
        helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                         domain=ML, classlabels_strings=["stay", "churn"],
                         nodes_treeids=[0, 0, 0], nodes_nodeids=[0, 1, 2],
                         nodes_featureids=[0, 0, 0], nodes_modes=["BRANCH_LEQ", "LEAF", "LEAF"],
                         nodes_values=[30.0, 0.0, 0.0], nodes_truenodeids=[1, 0, 0],
                         nodes_falsenodeids=[2, 0, 0], class_treeids=[0, 0],
                         class_nodeids=[1, 2], class_ids=[0, 0], class_weights=[0.2, 0.9],
                         post_transform="NONE"),
        helper.make_node("Identity", ["label"], ["output_label"]),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain=ML,
                         classlabels_strings=["stay", "churn"]),
    ]
    outputs = [
        helper.make_tensor_value_info("output_label", TensorProto.STRING, [None]),
        helper.make_value_info("output_probability", zipmap_type(TensorProto.STRING)),
    ]
    shape = helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 2])
    graph = helper.make_graph(nodes, "columns", inputs, outputs, [shape])
    model = helper.make_model(graph, producer_name="make_reader_fixtures", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 15),
                                             helper.make_opsetid(ML, 1)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, "columns-zipmap.onnx")


def external_everywhere():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    branch_out = helper.make_tensor_value_info("b", TensorProto.FLOAT, [1])
    then_graph = helper.make_graph(
        [helper.make_node("Constant", [], ["b"], value=external("in_branch", "branch.bin"))],
        "then", [], [branch_out])
    else_graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["b"])], "else", [], [branch_out])
    sparse = helper.make_sparse_tensor(
        external("sparse_values", "sparse.bin"),
        helper.make_tensor("sparse_indices", TensorProto.INT64, [1], [0]), [2])
    nodes = [
        helper.make_node("Constant", [], ["c"], value=external("in_attribute", "attribute.bin")),
        helper.make_node("Greater", ["x", "c"], ["cond_1"]),
        helper.make_node("Squeeze", ["cond_1"], ["cond"]),
        helper.make_node("If", ["cond"], ["z"], then_branch=then_graph, else_branch=else_graph),
        helper.make_node("Add", ["z", "w"], ["y0"]),
        helper.make_node("AddW", ["y0"], ["y"], domain="local"),
    ]
    graph = helper.make_graph(nodes, "everywhere", [x], [y], [external("w", "weights.bin")],
                              sparse_initializer=[sparse])
    function = helper.make_function(
        "local", "AddW", ["a"], ["r"],
        [helper.make_node("Constant", [], ["k"], value=external("in_function", "function.bin")),
         helper.make_node("Add", ["a", "k"], ["r"])],
        [helper.make_opsetid("", 15)])
    model = helper.make_model(graph, functions=[function],
                              opset_imports=[helper.make_opsetid("", 15),
                                             helper.make_opsetid("local", 1)])
    training = model.training_info.add()
    training.initialization.CopyFrom(helper.make_graph(
        [helper.make_node("Constant", [], ["t"], value=external("in_training", "/etc/passwd"))],
        "init", [], [helper.make_tensor_value_info("t", TensorProto.FLOAT, [1])]))
    model.ir_version = 8
    with open("external-everywhere.onnx", "wb") as f:
        f.write(model.SerializeToString())


def initializer_as_input():
    """IR version 3 exporters list initializers among the graph inputs too."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])
    w_info = helper.make_tensor_value_info("w", TensorProto.FLOAT, [2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 2])
    w = helper.make_tensor("w", TensorProto.FLOAT, [2], [1.0, 2.0])
    graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "old",
                              [x, w_info], [y], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 8)])
    model.ir_version = 3
    onnx.checker.check_model(model)
    onnx.save(model, "initializer-as-input.onnx")


if __name__ == "__main__":
    initializer_as_input()
    columns_zipmap()
    external_everywhere()
