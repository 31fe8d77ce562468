"""A tiny numpy interpreter for the ops our exported graph uses.

onnxruntime is not available for Python here and onnx 1.12 has no reference
evaluator, so this re-runs model.onnx independently of PyTorch to check the
export (the TS side re-checks with onnxruntime-node against fixture.json).
"""
import numpy as np
from onnx import helper, numpy_helper


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _lstm(x, W, R, B=None, seq_lens=None, h0=None, c0=None, hidden_size=None, **_):
    # ONNX LSTM, forward direction, gates ordered i, o, f, c.
    seq, batch, _ = x.shape
    H = hidden_size
    W, R = W[0], R[0]
    b = (B[0][:4 * H] + B[0][4 * H:]) if B is not None else np.zeros(4 * H, np.float32)
    h = h0[0] if h0 is not None else np.zeros((batch, H), np.float32)
    c = c0[0] if c0 is not None else np.zeros((batch, H), np.float32)
    ys = []
    for t in range(seq):
        g = x[t] @ W.T + h @ R.T + b
        i, o, f, cc = _sig(g[:, :H]), _sig(g[:, H:2 * H]), _sig(g[:, 2 * H:3 * H]), np.tanh(g[:, 3 * H:])
        c = f * c + i * cc
        h = o * np.tanh(c)
        ys.append(h)
    return np.stack(ys)[:, None], h[None], c[None]


def _conv1d(x, w, b=None, pads=(0, 0), **_):
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[1])))
    k = w.shape[2]
    L = x.shape[2] - k + 1
    out = np.zeros((x.shape[0], w.shape[0], L), np.float32)
    for j in range(k):
        out += np.einsum("bcl,oc->bol", x[:, :, j:j + L], w[:, :, j])
    return out + (b[None, :, None] if b is not None else 0)


def _gather_elements(data, idx, axis=0):
    return np.take_along_axis(data, idx, axis=axis)


def _log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


_DTYPES = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


def run_onnx(model, feeds):
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            out = [numpy_helper.to_array(a["value"])]
        elif op == "Shape":
            out = [np.array(ins[0].shape, dtype=np.int64)]
        elif op == "Gather":
            out = [np.take(ins[0], ins[1], axis=a.get("axis", 0))]
        elif op == "GatherElements":
            out = [_gather_elements(ins[0], ins[1], a.get("axis", 0))]
        elif op == "Unsqueeze":
            x = ins[0]
            for ax in sorted(int(v) for v in ins[1]):
                x = np.expand_dims(x, ax)
            out = [x]
        elif op == "Squeeze":
            out = [np.squeeze(ins[0], axis=tuple(int(v) for v in ins[1]))]
        elif op == "Concat":
            out = [np.concatenate(ins, axis=a["axis"])]
        elif op == "Reshape":
            shape = [int(s) if s != 0 else ins[0].shape[i] for i, s in enumerate(ins[1])]
            out = [ins[0].reshape(shape)]
        elif op == "ConstantOfShape":
            v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = [np.full(tuple(int(s) for s in ins[0]), v[0], dtype=v.dtype)]
        elif op == "Transpose":
            out = [np.transpose(ins[0], a["perm"])]
        elif op == "Expand":
            out = [ins[0] * np.ones(tuple(int(s) for s in ins[1]), dtype=ins[0].dtype)]
        elif op in ("Add", "Sub", "Mul", "Equal", "Less", "MatMul"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Equal": np.equal,
                 "Less": np.less, "MatMul": np.matmul}[op]
            out = [f(ins[0], ins[1])]
        elif op == "Where":
            out = [np.where(ins[0], ins[1], ins[2])]
        elif op == "Not":
            out = [np.logical_not(ins[0])]
        elif op == "Cast":
            out = [ins[0].astype(_DTYPES[a["to"]])]
        elif op == "ReduceSum":
            out = [ins[0].sum(axis=tuple(int(v) for v in ins[1]), keepdims=bool(a.get("keepdims", 1)))]
        elif op == "ReduceMax":
            out = [ins[0].max(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))]
        elif op == "CumSum":
            out = [np.cumsum(ins[0], axis=int(ins[1]))]
        elif op == "Relu":
            out = [np.maximum(ins[0], 0)]
        elif op == "Conv":
            out = [_conv1d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, pads=a.get("pads", (0, 0)))]
        elif op == "LSTM":
            assert a.get("direction", b"forward") in (b"forward", "forward")
            out = list(_lstm(*ins, hidden_size=a["hidden_size"]))
        elif op == "LogSoftmax":
            out = [_log_softmax(ins[0], a.get("axis", -1))]
        else:
            raise NotImplementedError(op)
        for name, val in zip(node.output, out):
            env[name] = val
    return {o.name: env[o.name] for o in model.graph.output}
