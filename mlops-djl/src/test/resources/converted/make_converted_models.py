#!/usr/bin/python3
"""Trains three scikit-learn models and writes them as ONNX graphs laid out exactly as the
skl2onnx converter lays them out (skl2onnx itself is not packaged by Debian), with the
predictions scikit-learn computes for held-out rows, for the tests of converter-built ONNX models.

Run from this directory with Debian's packages (python3-sklearn, python3-onnx, python3-numpy):

    /usr/bin/python3 make_converted_models.py

What it writes:

- rf-zipmap.onnx: a RandomForestClassifier over one [N, 1] input per column: tenure_months (float),
  monthly_charges (double), support_calls (int64) and contract (string, one-hot encoded by an
  ai.onnx.ml OneHotEncoder with handle_unknown='error', so zeros=0). Three string classes.
  Outputs output_label (string [N]) and output_probability, a ZipMap: a sequence of maps from
  class label to probability (skl2onnx's default).
- gb-tensor.onnx: a binary GradientBoostingClassifier (int64 classes 0 and 1) over age (float),
  visits (int64), plan (string, an OrdinalEncoder with unknown_value=-1, which skl2onnx writes as an
  ai.onnx.ml LabelEncoder with default_int64=-1) and has_support (bool). Outputs output_label
  (int64 [N]) and output_probability as a [N, 2] float tensor (skl2onnx's zipmap=False option).
  Also what scikit-learn predicts for a row whose plan it never saw ("enterprise").
- tree-regressor.onnx: SimpleImputer(mean), StandardScaler and a RandomForestRegressor over x1,
  x2 (float) and x3 (double), missing values as NaN: ai.onnx.ml Imputer, Scaler and
  TreeEnsembleRegressor. Output variable (float [N, 1]).
- rf-int-onehot.onnx: a binary RandomForestClassifier (int64 classes 0 and 1) over amount
  (float) and two int64 columns one-hot encoded by ai.onnx.ml OneHotEncoders with cats_int64s:
  region with handle_unknown='error' (zeros=0; its int64 input cast to int64 first, as skl2onnx
  casts integer categories) and tier with handle_unknown='ignore' (zeros=1, an unknown tier is
  all zeros). Outputs output_label (int64 [N]) and output_probability, a ZipMap keyed by int64
  class labels. Also what scikit-learn predicts for a row whose tier it never saw (9).
- expected.json: for each model, held-out rows (as JSON values: numbers, strings, booleans, null
  for a missing value) and what scikit-learn predicts for them (labels and probabilities, or the
  regression value).

Like skl2onnx, tree thresholds are stored as float32: scikit-learn compares float32(x) with a
double threshold, so each threshold t is stored as the largest float32 not above t, which keeps
every comparison of a float32 input identical (skl2onnx's sklearn_threshold for float inputs).
"""
import json

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (GradientBoostingClassifier, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

ML = "ai.onnx.ml"
rng = np.random.RandomState(20240607)


def float32_threshold(t):
    """The largest float32 not above t: float32(x) <= t exactly when float32(x) <= it."""
    f = np.float32(t)
    if float(f) > t:
        f = np.nextafter(f, np.float32(-np.inf))
    return float(f)


def tree_attributes(trees, weight, classifier, normalise, weight_offset=0, binary=False):
    """The node and leaf attributes of TreeEnsembleClassifier/Regressor for fitted sklearn trees.

    trees: list of (tree_id, sklearn Tree); weight: factor applied to leaf values;
    classifier: class_* or target_* leaf attributes; normalise: leaf values are class counts to be
    turned into fractions (random forests); binary: keep only the positive class's weight, as
    skl2onnx does for two classes.
    """
    a = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes",
                         "nodes_values", "nodes_truenodeids", "nodes_falsenodeids",
                         "nodes_missing_value_tracks_true", "nodes_hitrates")}
    prefix = "class" if classifier else "target"
    for k in ("treeids", "nodeids", "ids", "weights"):
        a[prefix + "_" + k] = []
    for tree_id, tree in trees:
        for node in range(tree.node_count):
            left, right = tree.children_left[node], tree.children_right[node]
            leaf = left == right
            a["nodes_treeids"].append(tree_id)
            a["nodes_nodeids"].append(node)
            a["nodes_featureids"].append(0 if leaf else int(tree.feature[node]))
            a["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            a["nodes_values"].append(0.0 if leaf else float32_threshold(tree.threshold[node]))
            a["nodes_truenodeids"].append(0 if leaf else int(left))
            a["nodes_falsenodeids"].append(0 if leaf else int(right))
            a["nodes_missing_value_tracks_true"].append(0)
            a["nodes_hitrates"].append(1.0)
            if not leaf:
                continue
            values = tree.value[node].ravel().astype(np.float64)
            if normalise:
                values = values / values.sum()
            values = values * weight
            if binary:
                values = values[1:]
            for i, v in enumerate(values):
                a[prefix + "_treeids"].append(tree_id)
                a[prefix + "_nodeids"].append(node)
                a[prefix + "_ids"].append(i + weight_offset)
                a[prefix + "_weights"].append(float(np.float32(v)))
    return a


def column(name, elem_type):
    return helper.make_tensor_value_info(name, elem_type, [None, 1])


def zipmap_type(key_type):
    t = onnx.TypeProto()
    t.sequence_type.elem_type.map_type.key_type = key_type
    t.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return t


def save(nodes, name, inputs, outputs, initializers, path, ml_opset):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, producer_name="skl2onnx", producer_version="1.16.0",
                              opset_imports=[helper.make_opsetid("", 15),
                                             helper.make_opsetid(ML, ml_opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def json_value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    return str(v)


def rows_of(columns, n):
    return [{name: json_value(values[i]) for name, values in columns.items()} for i in range(n)]


# ---- random forest, one-hot encoder, ZipMap -------------------------------------------------

def random_forest():
    n = 700
    tenure = rng.uniform(0, 72, n).astype(np.float32)
    charges = np.round(rng.uniform(18, 120, n), 2)
    calls = rng.poisson(2.0, n).astype(np.int64)
    contract = rng.choice(["monthly", "yearly", "two_year"], n, p=[0.5, 0.3, 0.2])
    score = (charges / 120 - tenure / 72 + calls * 0.15
             + np.where(contract == "monthly", 0.4, -0.2) + rng.normal(0, 0.25, n))
    y = np.where(score > 0.55, "churn", np.where(score > 0.1, "downgrade", "stay"))
    x = np.empty((n, 4), dtype=object)
    x[:, 0], x[:, 1], x[:, 2], x[:, 3] = tenure.astype(np.float64), charges, calls, contract
    train, test = slice(0, 680), slice(680, n)
    model = Pipeline([
        ("columns", ColumnTransformer([
            ("numbers", "passthrough", [0, 1, 2]),
            ("contract", OneHotEncoder(handle_unknown="error", sparse_output=False), [3])])),
        ("forest", RandomForestClassifier(n_estimators=12, max_depth=6, random_state=3)),
    ]).fit(x[train], y[train])
    forest = model.named_steps["forest"]
    categories = [str(c) for c in model.named_steps["columns"].named_transformers_["contract"]
                  .categories_[0]]
    classes = [str(c) for c in forest.classes_]

    trees = [(i, e.tree_) for i, e in enumerate(forest.estimators_)]
    attrs = tree_attributes(trees, 1.0 / len(trees), classifier=True, normalise=True)
    nodes = [
        helper.make_node("Cast", ["monthly_charges"], ["charges_f"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["support_calls"], ["calls_f"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["tenure_months", "charges_f", "calls_f"], ["numbers"], axis=1),
        helper.make_node("OneHotEncoder", ["contract"], ["contract_onehot"], domain=ML,
                         cats_strings=categories, zeros=0),
        helper.make_node("Reshape", ["contract_onehot", "contract_shape"], ["contract_2d"]),
        helper.make_node("Concat", ["numbers", "contract_2d"], ["features"], axis=1),
        helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                         domain=ML, classlabels_strings=classes, post_transform="NONE", **attrs),
        helper.make_node("Identity", ["label"], ["output_label"]),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain=ML,
                         classlabels_strings=classes),
    ]
    shape = helper.make_tensor("contract_shape", TensorProto.INT64, [2], [-1, len(categories)])
    inputs = [column("tenure_months", TensorProto.FLOAT),
              column("monthly_charges", TensorProto.DOUBLE),
              column("support_calls", TensorProto.INT64),
              column("contract", TensorProto.STRING)]
    outputs = [helper.make_tensor_value_info("output_label", TensorProto.STRING, [None]),
               helper.make_value_info("output_probability", zipmap_type(TensorProto.STRING))]
    save(nodes, "random_forest", inputs, outputs, [shape], "rf-zipmap.onnx", 1)

    held_out = {"tenure_months": x[test, 0], "monthly_charges": x[test, 1],
                "support_calls": x[test, 2], "contract": x[test, 3]}
    return {"classes": classes, "categories": categories,
            "rows": rows_of(held_out, 20),
            "labels": [str(v) for v in model.predict(x[test])],
            "probabilities": model.predict_proba(x[test]).tolist()}


# ---- gradient boosting, label encoder, probability tensor -----------------------------------

def gradient_boosting():
    n = 620
    age = rng.uniform(18, 80, n).astype(np.float32)
    visits = rng.poisson(5.0, n).astype(np.int64)
    plan = rng.choice(["basic", "plus", "pro"], n)
    support = rng.rand(n) < 0.4
    logit = (0.04 * (45 - age) + 0.2 * (visits - 5) + np.where(plan == "basic", 0.8, -0.3)
             - 0.7 * support + rng.normal(0, 0.6, n))
    y = (logit > 0).astype(np.int64)
    x = np.empty((n, 4), dtype=object)
    x[:, 0], x[:, 1], x[:, 2], x[:, 3] = age.astype(np.float64), visits, plan, support
    train, test = slice(0, 600), slice(600, n)
    model = Pipeline([
        ("columns", ColumnTransformer([
            ("numbers", "passthrough", [0, 1]),
            ("plan", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), [2]),
            ("flags", "passthrough", [3])])),
        ("boosting", GradientBoostingClassifier(n_estimators=25, max_depth=3, learning_rate=0.2,
                                                random_state=5)),
    ]).fit(x[train], y[train])
    gb = model.named_steps["boosting"]
    keys = [str(c) for c in model.named_steps["columns"].named_transformers_["plan"].categories_[0]]
    base = float(gb._raw_predict_init(np.zeros((1, 4))).ravel()[0])

    trees = [(i, gb.estimators_[i][0].tree_) for i in range(gb.n_estimators_)]
    attrs = tree_attributes(trees, gb.learning_rate, classifier=True, normalise=False)
    nodes = [
        helper.make_node("Cast", ["visits"], ["visits_f"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["age", "visits_f"], ["numbers"], axis=1),
        helper.make_node("LabelEncoder", ["plan"], ["plan_code"], domain=ML,
                         keys_strings=keys, values_int64s=list(range(len(keys))),
                         default_int64=-1),
        helper.make_node("Cast", ["plan_code"], ["plan_f"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["has_support"], ["support_f"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["numbers", "plan_f", "support_f"], ["features"], axis=1),
        helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                         domain=ML, classlabels_int64s=[int(c) for c in gb.classes_],
                         base_values=[float(np.float32(base))], post_transform="LOGISTIC",
                         **attrs),
        helper.make_node("Identity", ["label"], ["output_label"]),
        helper.make_node("Identity", ["probabilities"], ["output_probability"]),
    ]
    inputs = [column("age", TensorProto.FLOAT), column("visits", TensorProto.INT64),
              column("plan", TensorProto.STRING), column("has_support", TensorProto.BOOL)]
    outputs = [helper.make_tensor_value_info("output_label", TensorProto.INT64, [None]),
               helper.make_tensor_value_info("output_probability", TensorProto.FLOAT, [None, 2])]
    save(nodes, "gradient_boosting", inputs, outputs, [], "gb-tensor.onnx", 2)

    held_out = {"age": x[test, 0], "visits": x[test, 1], "plan": x[test, 2],
                "has_support": x[test, 3]}
    # A plan the encoder never saw: both scikit-learn and the LabelEncoder encode it as -1.
    unknown = x[test][:1].copy()
    unknown[0, 2] = "enterprise"
    return {"classes": [str(int(c)) for c in gb.classes_], "plan_keys": keys,
            "rows": rows_of(held_out, 20),
            "labels": [int(v) for v in model.predict(x[test])],
            "probabilities": model.predict_proba(x[test]).tolist(),
            "unknown_plan": {"row": rows_of({"age": unknown[:, 0], "visits": unknown[:, 1],
                                             "plan": unknown[:, 2],
                                             "has_support": unknown[:, 3]}, 1)[0],
                             "probabilities": model.predict_proba(unknown)[0].tolist()}}


# ---- imputer, scaler, tree-ensemble regressor -----------------------------------------------

def regressor():
    n = 540
    x1 = rng.normal(10, 3, n).astype(np.float32)
    x2 = rng.uniform(-5, 5, n).astype(np.float32)
    x3 = rng.exponential(2.0, n)
    y = 3 * x1 - 2 * x2 ** 2 + 5 * np.log1p(x3) + rng.normal(0, 1, n)
    x = np.column_stack([x1.astype(np.float64), x2.astype(np.float64), x3])
    missing = rng.rand(n, 3) < 0.08
    x[missing] = np.nan
    train, test = slice(0, 520), slice(520, n)
    model = Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler()),
                      ("forest", RandomForestRegressor(n_estimators=10, max_depth=6,
                                                       random_state=7))]).fit(x[train], y[train])
    imputer, scaler = model.named_steps["impute"], model.named_steps["scale"]
    forest = model.named_steps["forest"]
    trees = [(i, e.tree_) for i, e in enumerate(forest.estimators_)]
    attrs = tree_attributes(trees, 1.0 / len(trees), classifier=False, normalise=False)
    nodes = [
        helper.make_node("Cast", ["x3"], ["x3_f"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["x1", "x2", "x3_f"], ["merged"], axis=1),
        helper.make_node("Imputer", ["merged"], ["imputed"], domain=ML,
                         imputed_value_floats=[float(v) for v in imputer.statistics_],
                         replaced_value_float=float("nan")),
        helper.make_node("Scaler", ["imputed"], ["scaled"], domain=ML,
                         offset=[float(v) for v in scaler.mean_],
                         scale=[float(1.0 / v) for v in scaler.scale_]),
        helper.make_node("TreeEnsembleRegressor", ["scaled"], ["variable"], domain=ML,
                         n_targets=1, post_transform="NONE", **attrs),
    ]
    inputs = [column("x1", TensorProto.FLOAT), column("x2", TensorProto.FLOAT),
              column("x3", TensorProto.DOUBLE)]
    outputs = [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])]
    save(nodes, "regressor", inputs, outputs, [], "tree-regressor.onnx", 1)

    held_out = {"x1": x[test, 0], "x2": x[test, 1], "x3": x[test, 2]}
    return {"rows": rows_of(held_out, 20), "values": model.predict(x[test]).tolist()}


# ---- random forest, integer one-hot encoders, ZipMap with int64 keys -------------------------

def integer_one_hot():
    n = 560
    amount = rng.uniform(0, 100, n).astype(np.float32)
    region = rng.choice([3, 7, 11], n).astype(np.int64)
    tier = rng.choice([1, 2, 3, 4], n).astype(np.int64)
    logit = (0.03 * (amount - 50) + np.where(region == 7, 0.9, -0.4) + 0.3 * (tier - 2.5)
             + rng.normal(0, 0.5, n))
    y = (logit > 0).astype(np.int64)
    x = np.empty((n, 3), dtype=object)
    x[:, 0], x[:, 1], x[:, 2] = amount.astype(np.float64), region, tier
    train, test = slice(0, 540), slice(540, n)
    model = Pipeline([
        ("columns", ColumnTransformer([
            ("numbers", "passthrough", [0]),
            ("region", OneHotEncoder(handle_unknown="error", sparse_output=False), [1]),
            ("tier", OneHotEncoder(handle_unknown="ignore", sparse_output=False), [2])])),
        ("forest", RandomForestClassifier(n_estimators=8, max_depth=5, random_state=11)),
    ]).fit(x[train], y[train])
    forest = model.named_steps["forest"]
    encoders = model.named_steps["columns"].named_transformers_
    regions = [int(c) for c in encoders["region"].categories_[0]]
    tiers = [int(c) for c in encoders["tier"].categories_[0]]

    trees = [(i, e.tree_) for i, e in enumerate(forest.estimators_)]
    # Two classes: one weight per leaf, the positive class's, as skl2onnx writes a binary
    # classifier; ONNX Runtime derives the negative class's probability and the label.
    attrs = tree_attributes(trees, 1.0 / len(trees), classifier=True, normalise=True,
                            binary=True)
    nodes = [
        helper.make_node("Cast", ["region"], ["region_int"], to=TensorProto.INT64),
        helper.make_node("OneHotEncoder", ["region_int"], ["region_onehot"], domain=ML,
                         cats_int64s=regions, zeros=0),
        helper.make_node("Reshape", ["region_onehot", "region_shape"], ["region_2d"]),
        helper.make_node("OneHotEncoder", ["tier"], ["tier_onehot"], domain=ML,
                         cats_int64s=tiers, zeros=1),
        helper.make_node("Reshape", ["tier_onehot", "tier_shape"], ["tier_2d"]),
        helper.make_node("Concat", ["amount", "region_2d", "tier_2d"], ["features"], axis=1),
        helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"],
                         domain=ML, classlabels_int64s=[int(c) for c in forest.classes_],
                         post_transform="NONE", **attrs),
        helper.make_node("Identity", ["label"], ["output_label"]),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain=ML,
                         classlabels_int64s=[int(c) for c in forest.classes_]),
    ]
    shapes = [helper.make_tensor("region_shape", TensorProto.INT64, [2], [-1, len(regions)]),
              helper.make_tensor("tier_shape", TensorProto.INT64, [2], [-1, len(tiers)])]
    inputs = [column("amount", TensorProto.FLOAT), column("region", TensorProto.INT64),
              column("tier", TensorProto.INT64)]
    outputs = [helper.make_tensor_value_info("output_label", TensorProto.INT64, [None]),
               helper.make_value_info("output_probability", zipmap_type(TensorProto.INT64))]
    save(nodes, "integer_one_hot", inputs, outputs, shapes, "rf-int-onehot.onnx", 1)

    def rows(data):
        return rows_of({"amount": data[:, 0], "region": data[:, 1], "tier": data[:, 2]},
                       len(data))
    unknown = x[test][:1].copy()
    unknown[0, 2] = 9
    return {"classes": [str(int(c)) for c in forest.classes_], "regions": regions,
            "tiers": tiers, "rows": rows(x[test]),
            "labels": [int(v) for v in model.predict(x[test])],
            "probabilities": model.predict_proba(x[test]).tolist(),
            "unknown_tier": {"row": rows(unknown)[0],
                             "probabilities": model.predict_proba(unknown)[0].tolist()}}


if __name__ == "__main__":
    expected = {"rf-zipmap": random_forest(), "gb-tensor": gradient_boosting(),
                "tree-regressor": regressor(), "rf-int-onehot": integer_one_hot()}
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
