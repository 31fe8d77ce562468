"""ONNX export of a fine-tuned model (fp32), and an int8 dynamic-quantized copy scored on dev
through onnxruntime where onnxruntime is installed."""
import json
import os

import torch


class NerGraph(torch.nn.Module):
    """input_ids, attention_mask [B, T] int64 -> logits_<head> [B, T, K] per head."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return tuple(self.model(input_ids, attention_mask, n) for n in self.model.names)


class PairGraph(torch.nn.Module):
    """input_ids, position_ids [B, T] int64, attention_bias [B, T, T] float, head_index,
    tail_index (flat B*T indices), head_type, tail_type [P] int64 -> logits_<head> [P, C]."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, position_ids, attention_bias, head_index, tail_index, head_type, tail_type):
        z = self.model.pair_features(input_ids, position_ids, attention_bias.unsqueeze(1),
                                     head_index, tail_index, head_type, tail_type)
        return tuple(self.model.heads[n](z) for n in self.model.names)


def export(args, model, evaluate):
    model = model.float().cpu().eval()
    path = os.path.join(args.out, "model.onnx")
    names = model.names
    outputs = [f"logits_{n}" for n in names]
    if args.kind == "ner":
        graph = NerGraph(model)
        ids = torch.tensor([[2, 50, 60, 3], [2, 70, 3, 0]])
        example = (ids, (ids != 0).long())
        inputs = ["input_ids", "attention_mask"]
        axes = {"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}}
        axes.update({o: {0: "b", 1: "t"} for o in outputs})
    else:
        graph = PairGraph(model)
        ids = torch.tensor([[2, 50, 60, 70, 3], [2, 80, 90, 3, 0]])
        example = (ids, torch.arange(5).repeat(2, 1), torch.zeros(2, 5, 5), torch.tensor([1, 6]),
                   torch.tensor([3, 7]), torch.tensor([0, 0]), torch.tensor([0, 0]))
        inputs = ["input_ids", "position_ids", "attention_bias", "head_index", "tail_index",
                  "head_type", "tail_type"]
        axes = {"input_ids": {0: "b", 1: "t"}, "position_ids": {0: "b", 1: "t"},
                "attention_bias": {0: "b", 1: "t", 2: "t"}, "head_index": {0: "p"},
                "tail_index": {0: "p"}, "head_type": {0: "p"}, "tail_type": {0: "p"}}
        axes.update({o: {0: "p"} for o in outputs})
    common = dict(input_names=inputs, output_names=outputs, dynamic_axes=axes, opset_version=17)
    try:  # the TorchScript exporter; newer torch asks for it by name
        legacy = {"dynamo": False} if "dynamo" in torch.onnx.export.__code__.co_varnames else {}
        torch.onnx.export(graph, example, path, do_constant_folding=True, **common, **legacy)
    except Exception as err:
        print(f"TorchScript export failed ({err!r}); trying the dynamo exporter", flush=True)
        torch.onnx.export(graph, example, path, dynamo=True, **common)
    info = {"fp32_bytes": os.path.getsize(path), "outputs": outputs}
    try:
        import numpy as np
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        info["int8"] = "onnxruntime is not installed here: not quantized"
        return info
    q8 = os.path.join(args.out, "model.int8.onnx")
    quantize_dynamic(path, q8, weight_type=QuantType.QInt8, per_channel=True)
    info["int8_bytes"] = os.path.getsize(q8)
    for name, p in (("int8", q8),):  # fp32 is scored in torch (report["dev"]); int8 here
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 4
        sess = ort.InferenceSession(p, opts, providers=["CPUExecutionProvider"])

        def run_for(t, sess=sess):
            k = names.index(t)

            def run(*xs):
                feeds = {n: (x.astype(np.float32) if n == "attention_bias" else x.astype(np.int64))
                         for n, x in zip(inputs, xs)}
                return sess.run([outputs[k]], feeds)[0]
            return run
        info[f"dev_{name}"] = evaluate(run_for)
    print(json.dumps({"onnx": {k: v for k, v in info.items() if not k.startswith("dev_")}}), flush=True)
    return info
