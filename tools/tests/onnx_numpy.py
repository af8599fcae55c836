"""A small numpy interpreter for the ONNX operators our exported graphs use.

Debian's python3-onnx (1.12) has no onnx.reference and there is no ONNX Runtime for Python here,
so the exported graph is checked by executing its nodes with numpy, following the operator
specifications (opset 17). An operator outside this set fails loudly rather than being guessed.
"""

from __future__ import annotations

import math

import numpy as np
import onnx
from numpy.lib.stride_tricks import sliding_window_view
from onnx import mapping, numpy_helper

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _constant(inputs, value):
    return [numpy_helper.to_array(value)]


def _reshape(inputs, allowzero=0):
    data, shape = inputs
    shape = [data.shape[i] if s == 0 and not allowzero else s for i, s in enumerate(shape)]
    return [data.reshape(shape)]


def _layer_normalization(inputs, axis=-1, epsilon=1e-5, stash_type=1):
    x, scale, bias = (inputs + [None])[:3]
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + np.float32(epsilon)) * scale
    return [(y if bias is None else y + bias).astype(x.dtype)]


def _softmax(inputs, axis=-1):
    x = inputs[0]
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return [e / e.sum(axis=axis, keepdims=True)]


def _conv(inputs, kernel_shape=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1):
    x, w = inputs[0], inputs[1]
    if group != 1 or tuple(dilations) != (1, 1):
        raise NotImplementedError("Conv with groups or dilation")
    kh, kw = w.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    windows = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, :: strides[0], :: strides[1]]
    y = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    if len(inputs) > 2:
        y = y + inputs[2].reshape(1, -1, 1, 1)
    return [np.ascontiguousarray(y, dtype=x.dtype)]


def _slice(inputs):
    data, starts, ends = inputs[:3]
    axes = inputs[3] if len(inputs) > 3 else range(len(starts))
    steps = inputs[4] if len(inputs) > 4 else [1] * len(starts)
    index = [slice(None)] * data.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps):
        index[axis] = slice(int(start), int(end), int(step))
    return [data[tuple(index)]]


def _divide(inputs):
    a, b = inputs
    if np.issubdtype(a.dtype, np.integer):
        return [np.trunc(a / b).astype(a.dtype)]
    return [a / b]


def _reduce_mean(inputs, axes=None, keepdims=1):
    return [
        inputs[0].mean(
            axis=None if axes is None else tuple(axes),
            keepdims=bool(keepdims),
            dtype=inputs[0].dtype,
        )
    ]


OPERATORS = {
    "Constant": lambda inputs, value: _constant(inputs, value),
    "Identity": lambda inputs: [inputs[0]],
    "Shape": lambda inputs, start=0, end=None: [
        np.array(inputs[0].shape[start:end], dtype=np.int64)
    ],
    "Gather": lambda inputs, axis=0: [np.take(inputs[0], inputs[1], axis=axis)],
    "Unsqueeze": lambda inputs: [np.expand_dims(inputs[0], tuple(int(a) for a in inputs[1]))],
    "Concat": lambda inputs, axis: [np.concatenate(inputs, axis=axis)],
    "Reshape": _reshape,
    "Transpose": lambda inputs, perm=None: [np.transpose(inputs[0], perm)],
    "Flatten": lambda inputs, axis=1: [inputs[0].reshape(math.prod(inputs[0].shape[:axis]), -1)],
    "Expand": lambda inputs: [
        np.broadcast_to(inputs[0], np.broadcast_shapes(inputs[0].shape, tuple(inputs[1])))
    ],
    "Slice": _slice,
    "Cast": lambda inputs, to: [inputs[0].astype(mapping.TENSOR_TYPE_TO_NP_TYPE[to])],
    "ConstantOfShape": lambda inputs, value=None: [
        np.zeros(inputs[0], np.float32)
        if value is None
        else np.full(inputs[0], numpy_helper.to_array(value)[0])
    ],
    "Equal": lambda inputs: [np.equal(inputs[0], inputs[1])],
    "Where": lambda inputs: [np.where(inputs[0], inputs[1], inputs[2])],
    "Add": lambda inputs: [inputs[0] + inputs[1]],
    "Sub": lambda inputs: [inputs[0] - inputs[1]],
    "Mul": lambda inputs: [inputs[0] * inputs[1]],
    "Div": _divide,
    "MatMul": lambda inputs: [np.matmul(inputs[0], inputs[1])],
    "Erf": lambda inputs: [_erf(inputs[0]).astype(inputs[0].dtype)],
    "Relu": lambda inputs: [np.maximum(inputs[0], 0).astype(inputs[0].dtype)],
    "Softmax": _softmax,
    "LayerNormalization": _layer_normalization,
    "Conv": _conv,
    "GlobalAveragePool": lambda inputs: [
        inputs[0].mean(axis=(2, 3), keepdims=True, dtype=inputs[0].dtype)
    ],
    "ReduceMean": _reduce_mean,
}


class NumpyOnnxRunner:
    """Runs an ONNX graph node by node; run({'input': x}) -> {output name: array}."""

    def __init__(self, model: onnx.ModelProto):
        self.graph = model.graph
        self.initializers = {t.name: numpy_helper.to_array(t) for t in self.graph.initializer}

    def run(self, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        values = {**self.initializers, **feeds}
        for node in self.graph.node:
            if node.op_type not in OPERATORS:
                raise NotImplementedError(
                    f"operator {node.op_type} is not in the numpy interpreter"
                )
            inputs = [values[name] for name in node.input if name]
            outputs = OPERATORS[node.op_type](inputs, **_attributes(node))
            values.update(zip(node.output, outputs))
        return {o.name: values[o.name] for o in self.graph.output}
