#!/usr/bin/python3
"""Known answers for KnownAnswerTest, computed from the encodings as docs/training.md specifies them
("configHash" in the lineage table, and "Dataset fingerprint"), independently of the Java code.

Run: /usr/bin/python3 mlops-core/src/test/java/dev/mlops/core/training/known_answers.py
It prints the hashes pinned in KnownAnswerTest.java; the datasets here and there must be the same.
"""
import hashlib
import math
import struct


def string(s):
    b = s.encode("utf-8")
    return struct.pack(">i", len(b)) + b


def config_hash(config):
    # String.compareTo orders by UTF-16 code units; for these keys (no characters beyond U+FFFF)
    # that is the code point order Python sorts by.
    data = string("mlops-config/1")
    for key in sorted(config):
        data += string(key) + string(config[key])
    return hashlib.sha256(data).hexdigest()


def field(name, type_, optional=False, allow_non_finite=False, categories=()):
    out = string(name) + string(type_) + bytes([1 if optional else 0, 1 if allow_non_finite else 0])
    out += struct.pack(">i", len(categories))
    for c in categories:
        out += string(c)
    return out


def value(type_, v):
    if v is None:
        return b"\x00"
    if type_ in ("FLOAT32", "FLOAT64", "REGRESSION"):
        if type_ == "FLOAT32":
            v = struct.unpack(">f", struct.pack(">f", v))[0]  # rounded to float precision
        if math.isnan(v):
            return b"\x01" + bytes.fromhex("7ff8000000000000")
        return b"\x01" + struct.pack(">d", v)
    if type_ in ("INT32", "INT64"):
        return b"\x02" + struct.pack(">q", v)
    if type_ == "BOOLEAN":
        return b"\x03" + bytes([1 if v else 0])
    return b"\x04" + string(v)  # STRING, CATEGORICAL, class label


def fingerprint(features, target, target_kind, rows):
    data = string("mlops-tabular-dataset/1") + struct.pack(">i", len(features))
    for f in features:
        data += field(*f)
    data += field(*target)
    data += struct.pack(">q", len(rows))
    for features_row, label in rows:
        for f, v in zip(features, features_row):
            data += value(f[1], v)
        data += value(target_kind, label)
    return hashlib.sha256(data).hexdigest()


print("configHash, empty:", config_hash({}))
print("configHash, run:", config_hash({
    "model": "gradient-descent", "epochs": "20", "learning_rate": "0.05", "note": "café ☕",
    "Zeta": "upper case sorts first", "pipeline.holdout_fraction": "0.2", "pipeline.seed": "42",
    "pipeline.trainer": "dev.mlops.core.training.GradientDescentTrainer"}))

FEATURES = [
    ("age", "FLOAT64", False, True, ()),
    ("score", "FLOAT32", True, False, ()),
    ("calls", "INT32", False, False, ()),
    ("bytes", "INT64", False, False, ()),
    ("active", "BOOLEAN", True, False, ()),
    ("city", "STRING", False, False, ()),
    ("plan", "CATEGORICAL", False, False, ("basic", "pro")),
]
ROWS = [
    ((42.5, 0.1, 3, 5_000_000_000, True, "Zürich", "pro"), "yes"),
    ((float("nan"), None, -7, -1, None, "東京", "basic"), "no"),
    ((-0.0, 2.5, 0, 0, False, "", "pro"), "yes"),
]
print("fingerprint, classification:",
      fingerprint(FEATURES, ("churn", "CATEGORICAL", False, False, ("no", "yes")), "CLASS", ROWS))
print("fingerprint, regression:", fingerprint(
    [("x", "FLOAT64", False, False, ())], ("y", "FLOAT64", False, False, ()), "REGRESSION",
    [((1.0,), 0.5), ((1e300,), -2.25)]))
