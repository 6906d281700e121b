#!/usr/bin/python3
"""Writes the tabular classifier fixtures the mlops-djl tests load, and the probabilities they expect.

Run with Debian's python3-torch and python3-onnx from this directory:

    /usr/bin/python3 generate_models.py

The model is a tiny churn classifier: four features in the order of the signature the tests register
(tenure_months, monthly_charges, contract, has_support), the categorical `contract` ordinal-encoded as
0/1/2 and the boolean `has_support` as 0/1, all as one float32 tensor of shape [batch, 4]. It outputs
softmax probabilities of shape [batch, 3] for the classes stay, downgrade, churn.

Two variants with different weights (seeds 1 and 2) let the deployment tests tell which version
computed a result. Each is written as ONNX (dynamic batch axis) and TorchScript. expected.json records
the probabilities PyTorch computes for a few rows, which the Java tests compare within 1e-5.
"""
import json

import torch

FEATURES = ["tenure_months", "monthly_charges", "contract", "has_support"]
CONTRACTS = ["monthly", "yearly", "two_year"]
ROWS = [
    {"tenure_months": 1.0, "monthly_charges": 70.5, "contract": "monthly", "has_support": False},
    {"tenure_months": 24.0, "monthly_charges": 45.25, "contract": "yearly", "has_support": True},
    {"tenure_months": 60.0, "monthly_charges": 99.9, "contract": "two_year", "has_support": True},
    {"tenure_months": 0.0, "monthly_charges": 0.0, "contract": "monthly", "has_support": False},
    {"tenure_months": 12.5, "monthly_charges": 20.0, "contract": "two_year", "has_support": False},
]


class Churn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # Fixed scaling keeps the raw features in a range where the random weights give varied output.
        self.register_buffer("scale", torch.tensor([1 / 30.0, 1 / 50.0, 1.0, 1.0]))
        self.hidden = torch.nn.Linear(4, 8)
        self.out = torch.nn.Linear(8, 3)

    def forward(self, x):
        return torch.softmax(self.out(torch.relu(self.hidden(x * self.scale))), dim=1)


def encode(row):
    return [
        row["tenure_months"],
        row["monthly_charges"],
        float(CONTRACTS.index(row["contract"])),
        1.0 if row["has_support"] else 0.0,
    ]


def main():
    inputs = torch.tensor([encode(r) for r in ROWS], dtype=torch.float32)
    expected = {"features": FEATURES, "contracts": CONTRACTS, "rows": ROWS, "probabilities": {}}
    for variant, seed in (("v1", 1), ("v2", 2)):
        torch.manual_seed(seed)
        model = Churn().eval()
        with torch.no_grad():
            probabilities = model(inputs)
        expected["probabilities"][variant] = probabilities.tolist()
        example = inputs[:1]
        torch.jit.trace(model, example).save(f"churn-{variant}.pt")
        torch.onnx.export(
            model, example, f"churn-{variant}.onnx",
            input_names=["features"], output_names=["probabilities"],
            dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}},
            opset_version=13)
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
