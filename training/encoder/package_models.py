"""Assemble the product's transformer model folders from fine-tuning runs (run folders as the
device script leaves them: <name>/report.json, <name>.int8.onnx, mlm/pretrain.json).

  /usr/bin/python3 training/encoder/package_models.py --ner RUN_DIR --re RUN_DIR --baselines RUN_DIR \
      [--pretraining RUN_DIR ...]

Writes resources/models/{ner-transformer, ner-literature, re-transformer, re-transformer-onepass}/:
model.onnx (int8), vocab.txt, labels.json (heads, tags or classes, types, layout, markers),
card.json (data, split, metric, dev scores fp32 and int8, pretraining, what pretraining buys),
fixture.json (product tokens -> piece ids, checked by the TypeScript tokenizer's tests).
"""
import argparse
import datetime
import gzip
import json
import os
import shutil

import layouts as L
from settings import MARKERS, REPO, data_dir
from wordpiece import WordPiece

MODELS = {  # product folder: (run job, kind)
    "ner-transformer": ("ner-clinical", "ner"),
    "ner-literature": ("ner-bio", "ner"),
    "re-transformer": ("re-pair", "re"),
    "re-transformer-onepass": ("re-sentence", "re"),
}
FIXTURE_TEXTS = ["Left knee pain since 2019", "Pt c/o SOB, denies chest pain; HbA1c 7.2%",
                 "Naïve café-au-lait macules", "Metformin 500 mg PO BID x 3 days",
                 "Supercalifragilisticexpialidocious hyperlipoproteinemia"]
LICENCES = {
    "maccrobat": "MACCROBAT2020: CC BY 4.0", "bc5cdr": "BC5CDR: public domain (NLM)",
    "ncbi_disease": "NCBI disease: public domain (NLM)",
    "ddi2013": "DDI 2013: CC BY-NC 4.0 (non-commercial)", "chemprot": "ChemProt: none stated",
    "pgr": "PGR: Apache-2.0", "ade": "ADE corpus v2: none stated",
    "posology": "MACCROBAT2020: CC BY 4.0", "temporal": "MACCROBAT2020: CC BY 4.0",
}


def params_of(cfg, heads):
    h, f, n = cfg["hidden"], cfg["ffn"], cfg["layers"]
    encoder = cfg["vocab"] * h + cfg["max_pos"] * h + 2 * h + n * (4 * h * h + 4 * h + 2 * h * f + f + h + 4 * h) + 2 * h
    return encoder + heads


def fixture(wp):
    from tokens import tokenize
    cases = []
    for text in FIXTURE_TEXTS:
        tokens = [text[s:e] for s, e in tokenize(text)]
        cases.append({"text": text, "tokens": tokens, "pieces": [wp.word_ids(t) for t in tokens]})
    return {"vocab_size": len(wp.tokens), "cases": cases}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ner", required=True)
    ap.add_argument("--re", required=True)
    ap.add_argument("--baselines", required=True, help="run folder with the *-scratch reports")
    ap.add_argument("--pretraining", nargs="*", default=[],
                    help="every run folder whose mlm/pretrain.json is part of the encoder's history")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--only", nargs="*", choices=sorted(MODELS), default=sorted(MODELS),
                    help="package only these folders (the others stay as they are)")
    args = ap.parse_args()
    vocab_path = os.path.join(data_dir(), "vocab.txt")
    wp = WordPiece.load(vocab_path)
    corpus = json.load(open(os.path.join(data_dir(), "corpus.json")))
    ner_data = json.load(gzip.open(os.path.join(data_dir(), "ner.json.gz"), "rt", encoding="utf-8"))
    re_data = json.load(gzip.open(os.path.join(data_dir(), "re.json.gz"), "rt", encoding="utf-8"))
    # by real path: a packaging folder may link its mlm/ to a run's (the same pretraining, once)
    pretrain = [json.load(open(path)) for path in sorted({
        os.path.realpath(os.path.join(run, "mlm", "pretrain.json"))
        for run in (args.baselines, args.ner, args.re, *args.pretraining)})]
    for folder, (job, kind) in MODELS.items():
        if folder not in args.only:
            continue
        run = args.ner if kind == "ner" else args.re
        report = json.load(open(os.path.join(run, job, "report.json")))
        scratch_path = os.path.join(args.baselines, job.replace("re-sentence", "re-pair") + "-scratch", "report.json")
        scratch = json.load(open(scratch_path)) if os.path.exists(scratch_path) else None
        out = os.path.join(REPO, "resources", "models", folder)
        os.makedirs(out, exist_ok=True)
        onnx = os.path.join(run, f"{job}.int8.onnx")
        shutil.copy(onnx, os.path.join(out, "model.onnx"))
        shutil.copy(vocab_path, os.path.join(out, "vocab.txt"))
        markers = L.marker_ids(len(wp.tokens))
        if kind == "ner":
            crf = report.get("crf") or {}
            heads = {t: {"tags": ner_data[t]["tags"], "output": f"logits_{t}", **crf.get(t, {})}
                     for t in report["tasks"]}
            n_head = sum(257 * len(h["tags"]) + (len(h["tags"]) + 2) * len(h["tags"]) * (t in crf)
                         for t, h in heads.items())
            labels = {"kind": "ner", "heads": heads, "maxPieces": L.MAX_PIECES,
                      "inputs": ["input_ids", "attention_mask"],
                      "decode": "per window, BIO-constrained Viterbi over each token's first-piece logits "
                                + ("plus the head's CRF transitions, start and end scores"
                                   if crf else "(log-softmax)")}
            facts = {t: {k: v for k, v in ner_data[t]["facts"].items()} for t in report["tasks"]}
            metric = "exact span + type micro F1 over BIO chunks (product tokens), as `eval ner`"
        else:
            heads = {t: {"classes": re_data["tasks"][t]["labels"], "output": f"logits_{t}"} for t in report["tasks"]}
            width = 2 * 256 + 2 * len(re_data["types"])
            n_head = sum(width * 256 + 256 + 257 * len(h["classes"]) for h in heads.values())
            labels = {"kind": "re", "layout": report["layout"], "heads": heads, "types": re_data["types"],
                      "markers": {m: markers[m] for m in MARKERS}, "pairLength": L.PAIR_LEN,
                      "maxPieces": L.MAX_PIECES, "maskValue": L.NEG,
                      "inputs": ["input_ids", "position_ids", "attention_bias", "head_index",
                                 "tail_index", "head_type", "tail_type"],
                      "pairOrder": "head = the entity that comes first in the sentence, tail = the second; "
                                   "head_type/tail_type index `types`; head_index/tail_index are flat "
                                   "(row * T + column) indices of [E1]/[E2] (pair layout) or of each entity's "
                                   "[ENT] (sentence layout)"}
            facts = {t: re_data["tasks"][t]["facts"] for t in report["tasks"]}
            metric = "macro F1 over the relation classes (O excluded) and micro F1, gold entities, as `eval re`"
        json.dump(labels, open(os.path.join(out, "labels.json"), "w"), indent=1)
        json.dump(fixture(wp), open(os.path.join(out, "fixture.json"), "w"), indent=1)
        card = {
            "name": f"clinical-coder-{folder}", "version": args.version,
            "date": datetime.date.today().isoformat(),
            "architecture": (f"BERT-style encoder, pre-LN, {report['config']['layers']} layers, hidden "
                             f"{report['config']['hidden']}, {report['config']['heads']} heads, FFN "
                             f"{report['config']['ffn']}, WordPiece vocabulary of {len(wp.tokens)} pieces; "
                             + (("one linear tagging head per corpus" + (" with a linear-chain CRF"
                                                                         if report.get("crf") else ""))
                                if kind == "ner" else
                                "pair head per corpus: [states at the two markers; type one-hots] -> 256 GELU -> classes; "
                                + ("one pass per pair, inline markers (Soares et al. 2019, entity start)"
                                   if report["layout"] == "pair" else
                                   "one pass per sentence: levitated [ENT]/[/ENT] markers sharing their entity's "
                                   "positions, text blind to markers"))),
            "params": params_of(report["config"], n_head),
            "sizeBytes": os.path.getsize(os.path.join(out, "model.onnx")),
            "quantization": "onnxruntime quantize_dynamic, int8 weights per channel (MatMul and Gather)",
            "heads": list(heads), "data": facts, "metric": metric,
            "dev": {"fp32_torch": report["dev"], "int8_onnxruntime": report["onnx"].get("dev_int8")},
            "withoutPretraining": scratch and {"dev": scratch["dev"], "note": "same fine-tuning from random "
                                                "initialisation" + (" (pair layout)" if job == "re-sentence" else "")},
            "fineTuning": {k: report[k] for k in ("init", "epochs_run", "best_epoch", "train_seconds", "lr",
                                                  "batch", "device", "weights", "seed", "history")
                           if k in report},
            "pretraining": {"objective": "masked LM, 15% of pieces (80/10/10), 256-piece windows, AdamW, "
                                         "bf16 autocast", "corpus": corpus, "runs": pretrain,
                            "corpusScript": "training/encoder/corpus.py (sources listed in training/CORPUS.md)"},
            "vocabulary": "derived from the BiomedBERT uncased WordPiece vocabulary (MIT): specials, single "
                          "characters and the pieces used at least 20 times in the corpus, plus 6 entity markers",
            "licences": sorted({LICENCES[t] for t in report["tasks"]}),
            "reproduce": "training/encoder/README.md",
        }
        json.dump(card, open(os.path.join(out, "card.json"), "w"), indent=1)
        print(folder, card["sizeBytes"], {t: v.get("micro_f1", v.get("macro_f1")) for t, v in
                                          (card["dev"]["int8_onnxruntime"] or {}).items()})


if __name__ == "__main__":
    main()
