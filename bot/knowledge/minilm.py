"""all-MiniLM-L6-v2 as an ONNX graph, built from the published weights and run by ONNX
Runtime.

The graph is the BERT encoder of the model (embeddings, then six layers of attention and
feed-forward) for one text at a time: token ids in, the last layer's vectors out. Its
linear layers are stored as 8-bit integers with one scale per output column, and run as
ONNX Runtime's `DynamicQuantizeMatMul` (the activations are quantized on the fly): four
times fewer bytes of weights to read per question, and integer arithmetic, which is where
the time went. The weights use 7 bits and a sign (-63..63), not 8: the products of two
neighbouring weights and activations then always fit in 16 bits, which is what x86
processors without VNNI add them in; with the full range they could saturate there, and
a vector would differ with the processor. Vectors stay within a cosine of 0.975 of the
published model's (tests/test_meaning).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 18  # LayerNormalization; Split by number of outputs
LEVELS = 63  # weights in 7 bits and a sign: see above
VARIANT = "s7"  # in the name of the vector cache: other weights, other vectors


class _Graph:
    """The nodes and constants of a graph being built."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.constants: list[onnx.TensorProto] = []

    def constant(self, name: str, value: np.ndarray) -> str:
        self.constants.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def split(self, x: str, parts: int) -> list[str]:
        """`x` cut into `parts` equal pieces along its last axis."""
        outs = [f"Split_{len(self.nodes)}_{i}" for i in range(parts)]
        self.nodes.append(helper.make_node("Split", [x], outs, axis=-1, num_outputs=parts))
        return outs

    def op(self, kind: str, *inputs: str, domain: str = "", **attributes: object) -> str:
        out = f"{kind}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], domain=domain, **attributes))
        return out


def _quantized(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`weight` (in, out) as int8 in -63..63, with a scale per output column."""
    scale = np.maximum(np.abs(weight).max(0), 1e-12) / LEVELS
    q = np.clip(np.round(weight / scale), -LEVELS, LEVELS).astype(np.int8)
    return q, scale.astype(np.float32), np.zeros(weight.shape[1], np.int8)


def graph(weights: Mapping[str, np.ndarray], layers: int, heads: int, size: int) -> bytes:
    """The serialized model: input `ids` (int64, 1 x tokens), output `hidden` (float32,
    1 x tokens x size). `weights` as in model.safetensors (linear layers out x in)."""
    g = _Graph()
    per_head = size // heads

    def norm(x: str, prefix: str) -> str:
        return g.op(
            "LayerNormalization", x,
            g.constant(f"{prefix}.w", weights[f"{prefix}.LayerNorm.weight"]),
            g.constant(f"{prefix}.b", weights[f"{prefix}.LayerNorm.bias"]),
            axis=-1, epsilon=1e-12,
        )  # fmt: skip

    def linear(x: str, name: str, *parts: str) -> str:
        """x @ weight + bias; with `parts`, those linear layers side by side in one."""
        names = [f"{name}.{part}" for part in parts] or [name]
        weight = np.concatenate([weights[f"{n}.weight"].T for n in names], axis=1)
        bias = np.concatenate([weights[f"{n}.bias"] for n in names])
        q, scale, zero = _quantized(weight)
        return g.op(
            "DynamicQuantizeMatMul", x,
            g.constant(f"{name}.q", q), g.constant(f"{name}.scale", scale),
            g.constant(f"{name}.zero", zero), g.constant(f"{name}.bias", bias),
            domain="com.microsoft",
        )  # fmt: skip

    length = g.op("Gather", g.op("Shape", "ids"), g.constant("one", np.array(1, np.int64)))
    positions = g.op("Range", g.constant("zero", np.array(0, np.int64)), length, "one")
    x = g.op("Gather", g.constant("words", weights["embeddings.word_embeddings.weight"]), "ids")
    where = weights["embeddings.position_embeddings.weight"]
    x = g.op("Add", x, g.op("Gather", g.constant("positions", where), positions))
    x = g.op("Add", x, g.constant("type", weights["embeddings.token_type_embeddings.weight"][0]))
    x = norm(x, "embeddings")
    by_head = g.constant("by_head", np.array([0, 0, heads, per_head], np.int64))
    joined = g.constant("joined", np.array([0, 0, size], np.int64))
    scale = g.constant("scale", np.array(1 / math.sqrt(per_head), np.float32))
    half = g.constant("half", np.array(0.5, np.float32))
    unit = g.constant("unit", np.array(1.0, np.float32))
    root_half = g.constant("root_half", np.array(1 / math.sqrt(2), np.float32))
    for layer in range(layers):
        p = f"encoder.layer.{layer}."

        qkv = linear(x, p + "attention.self", "query", "key", "value")
        q, k, v = (g.op("Reshape", part, by_head) for part in g.split(qkv, 3))
        q = g.op("Transpose", q, perm=[0, 2, 1, 3])
        k = g.op("Transpose", k, perm=[0, 2, 3, 1])
        v = g.op("Transpose", v, perm=[0, 2, 1, 3])
        attention = g.op("Softmax", g.op("Mul", g.op("MatMul", q, k), scale), axis=-1)
        attended = g.op("Transpose", g.op("MatMul", attention, v), perm=[0, 2, 1, 3])
        attended = g.op("Reshape", attended, joined)
        x = norm(g.op("Add", linear(attended, p + "attention.output.dense"), x),
                 p + "attention.output")  # fmt: skip
        inner = linear(x, p + "intermediate.dense")  # GELU with erf, as BERT's
        erf = g.op("Erf", g.op("Mul", inner, root_half))
        inner = g.op("Mul", g.op("Mul", inner, half), g.op("Add", erf, unit))
        x = norm(g.op("Add", linear(inner, p + "output.dense"), x), p + "output")
    g.nodes[-1].output[0] = "hidden"
    model = helper.make_model(
        helper.make_graph(
            g.nodes, "all-MiniLM-L6-v2",
            [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, "tokens"])],
            [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [1, "tokens", size])],
            g.constants,
        ),
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
    )  # fmt: skip
    model.ir_version = 8
    return model.SerializeToString()
