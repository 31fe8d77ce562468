"""Re-export shipped fast RE models with int8 weights (embedding table and hidden layers, else the
table alone), from the trained weights inside their fp32 model.onnx (the initializers carry the
PyTorch parameter names), kept only where dev macro F1 drops by at most half a point (train.py's
rule, which new trainings apply themselves).

  /usr/bin/python3 training/re/quantize.py resources/models/re-posology [more model dirs]

Per folder: rebuilds the FCNN in PyTorch, re-scores dev in fp32 (must equal the card), scores the
int8 copies, then rewrites model.onnx and fixture.json (PyTorch's probabilities of the model
shipped) and the card's dev scores, quantization and sizeBytes. A folder whose table is already
int8 is left as it is. words.txt and labels.json are rewritten unchanged.
"""
import argparse
import json
import os
import sys

import onnx
import torch
from onnx import TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "ner"))
from common import default_shared  # noqa: E402

from convert import load  # noqa: E402
from features import CTX, WINDOW, featurize  # noqa: E402
from fcnn import FastRE  # noqa: E402
from spec import SPECS  # noqa: E402
from train import CORPUS_OF, OUT_NAME, export, quantized_if_harmless, score_dev  # noqa: E402


def model_from_onnx(path, spec, training):
    """The FCNN whose parameters are the graph's fp32 initializers (eval mode); `training` is
    the card's training section (stacked context, pooling)."""
    weights = {i.name: i for i in onnx.load(path).graph.initializer}
    table = weights.get("embedding.weight")
    if table is None or table.data_type != TensorProto.FLOAT:
        return None
    state = {name: torch.from_numpy(numpy_helper.to_array(init).copy())
             for name, init in weights.items()}
    # Each hidden layer is Linear, BatchNorm, LeakyReLU, Dropout: its Linear is mlp.<4k>.
    linears = sorted(int(name.split(".")[1]) for name, value in state.items()
                     if name.startswith("mlp.") and name.endswith(".weight") and value.dim() == 2)
    hidden = [state[f"mlp.{k}.weight"].shape[0] for k in linears[:-1]]
    tuned = state["tuned.weight"].shape[1] if "tuned.weight" in state else 0
    model = FastRE(state["embedding.weight"], len(spec.types), len(spec.classes),
                   hidden=tuple(hidden), stack=WINDOW if training.get("stacked_context") else 0,
                   ctx_width=CTX, tuned=tuned, pool=training.get("pool", "mean"))
    # BatchNorm's num_batches_tracked is not in the graph; it plays no part in eval mode.
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any(not name.endswith("num_batches_tracked") for name in missing):
        raise SystemExit(f"{path}: parameters do not match the FCNN ({missing}, {unexpected})")
    model.eval()
    return model


def quantize_folder(folder, shared):
    card_path = os.path.join(folder, "card.json")
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    key = next(k for k, v in OUT_NAME.items() if v == card["name"])
    spec = SPECS[key]
    training = card["training"]
    model = model_from_onnx(os.path.join(folder, "model.onnx"), spec, training)
    if model is None:
        print(f"{folder}: the table is already int8; nothing to do")
        return
    with open(os.path.join(folder, "words.txt"), encoding="utf-8") as f:
        words = f.read().split("\n")
    words = words[:-1] if words[-1] == "" else words
    vocab = {w: k for k, w in enumerate(words)}
    # Dev records do not depend on --pgr-2019 (it adds training abstracts only).
    _, dev_records, _ = load(CORPUS_OF[key], shared)
    negative_filter = training.get("negative_filter", "none")
    dev_items = featurize(dev_records, vocab, spec, negative_filter == "both")
    if len(dev_items) != card["data"]["dev_pairs"]:
        raise SystemExit(f"{folder}: {len(dev_items)} dev pairs, the card says "
                         f"{card['data']['dev_pairs']}")
    fp32_dev, fp32_unfiltered = score_dev(model, dev_items, spec.classes)
    if fp32_dev["macro_f1"] != card["dev"]["macro_f1"]:
        raise SystemExit(f"{folder}: fp32 dev macro F1 {fp32_dev['macro_f1']}, the card says "
                         f"{card['dev']['macro_f1']}: not the card's model")
    shipped, dev, unfiltered, quantization = quantized_if_harmless(
        model, dev_items, spec.classes, fp32_dev)
    before = os.path.getsize(os.path.join(folder, "model.onnx"))
    export(shipped, spec, words, folder, dev_records, vocab)
    card["dev"] = dev
    card["pair_filter"]["dev_macro_f1_without_filter"] = (unfiltered or fp32_unfiltered)["macro_f1"]
    card["quantization"] = quantization
    card["sizeBytes"] = os.path.getsize(os.path.join(folder, "model.onnx"))
    card["quantization"]["reexport"] = ("/usr/bin/python3 training/re/quantize.py "
                                        + os.path.relpath(folder))
    with open(card_path, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=1)
    print(json.dumps({"model": card["name"], "bytes_before": before,
                      "bytes_after": card["sizeBytes"], **quantization}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", help="resources/models/re-<name> folders")
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    for folder in args.folders:
        quantize_folder(folder, args.shared)


if __name__ == "__main__":
    main()
