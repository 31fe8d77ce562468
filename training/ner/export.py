"""Export a trained run to resources/models/ner/ (ONNX + vocab + labels + card + fixture).

  python3 training/ner/export.py --run v1

Checks done here (no onnxruntime for Python on this machine):
  - onnx.checker + shape inference on the exported graph;
  - padding invariance in PyTorch: a sentence alone vs in a right-padded batch;
  - the ONNX graph is re-run with a small numpy interpreter (onnx_numpy.py) and
    compared with PyTorch on a padded batch.
"""
import argparse
import datetime
import json
import os
import time

import numpy as np
import onnx
import torch

from common import CACHE, OUT_DIR, default_shared
from corpora import bio_tags, read_bc5cdr, read_maccrobat, read_ncbi, spans_from_bio
from model import MAX_CHARS, Tagger
from tokens import TOKEN_PATTERN, tokenize
from train import encode_tokens, evaluate, make_examples

FIXTURE_SENTENCES = [
    "Patient denies chest pain but reports shortness of breath for 3 days.",
    "Started metformin 500 mg PO twice daily; HbA1c was 8.2%.",
    "CT of the left kidney showed a 2 cm mass, treated with partial nephrectomy.",
]


def batch_inputs(token_lists, w2i, c2i):
    n = max(len(t) for t in token_lists)
    w = np.zeros((len(token_lists), n), dtype=np.int64)
    c = np.zeros((len(token_lists), n, MAX_CHARS), dtype=np.int64)
    for i, toks in enumerate(token_lists):
        wid, cid = encode_tokens(toks, w2i, c2i)
        w[i, :len(wid)] = wid
        c[i, :len(wid)] = cid
    return w, c


def experiments():
    """Every run in training/.cache: its settings and best MACCROBAT dev F1 (model selection
    was on this dev split, so the chosen model's dev F1 is slightly optimistic)."""
    out = []
    for run in sorted(os.listdir(CACHE)):
        p = os.path.join(CACHE, run)
        if not os.path.exists(os.path.join(p, "last.pt")):
            continue
        v = json.load(open(os.path.join(p, "vocab.json")))
        st = torch.load(os.path.join(p, "last.pt"))["state"]
        a = v["args"]
        out.append({"run": run, "labels": len(v["labels"]), "crf": a.get("crf", False),
                    "aux": a["aux"] or "none", "auxPerEpoch": a["aux_per_epoch"], "auxWeight": a["aux_weight"],
                    "tuneWords": a.get("tune_words", False), "dropout": a["dropout"],
                    "wordDropout": a.get("word_dropout", 0.0), "epochsRun": st["epoch"],
                    "bestDevF1": st["best_f1"], "seconds": round(st["seconds"])})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--run", default="v1")
    ap.add_argument("--out", default=OUT_DIR)
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--skip-lit-eval", action="store_true")
    ap.add_argument("--weights", choices=["best", "swa"], default="best",
                    help="best: the best dev epoch (best.pt); swa: the mean of the weights since "
                         "train.py --swa-from (swa.pt)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    run_dir = os.path.join(CACHE, args.run)
    vocab = json.load(open(os.path.join(run_dir, "vocab.json")))
    best = torch.load(os.path.join(run_dir, f"{args.weights}.pt"))
    last = torch.load(os.path.join(run_dir, "last.pt"))
    words, chars, tags, labels = vocab["words"], vocab["chars"], vocab["tags"], vocab["labels"]
    w2i = {w: i for i, w in enumerate(words)}
    c2i = {c: i for i, c in enumerate(chars)}
    cfg = best["config"]
    model = Tagger(len(words), len(chars), len(tags), hidden=cfg["hidden"], dropout=cfg["dropout"],
                   crf_tags=tags if cfg.get("crf") else None)
    model.load_state_dict(best["model"])
    model.eval()
    os.makedirs(args.out, exist_ok=True)

    # ---- ONNX
    onnx_path = os.path.join(args.out, "model.onnx")
    w, c = batch_inputs([[t for t in "a b c".split()], ["x"]], w2i, c2i)
    torch.onnx.export(model, (torch.from_numpy(w), torch.from_numpy(c)), onnx_path,
                      input_names=["words", "chars"], output_names=["emissions"], opset_version=13,
                      dynamic_axes={"words": {0: "batch", 1: "seq"}, "chars": {0: "batch", 1: "seq"},
                                    "emissions": {0: "batch", 1: "seq"}})
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    onnx.shape_inference.infer_shapes(m, strict_mode=True)
    print("onnx ops:", sorted({n.op_type for n in m.graph.node}))

    # ---- fixture + parity checks
    sent_tokens = [[s[a:b] for a, b in tokenize(s)] for s in FIXTURE_SENTENCES]
    w, c = batch_inputs(sent_tokens, w2i, c2i)
    with torch.no_grad():
        em_batch = model(torch.from_numpy(w), torch.from_numpy(c)).numpy()
        max_diff = 0.0
        for i, toks in enumerate(sent_tokens):  # alone (no padding) vs in the padded batch
            wi, ci = batch_inputs([toks], w2i, c2i)
            em1 = model(torch.from_numpy(wi), torch.from_numpy(ci)).numpy()[0]
            max_diff = max(max_diff, float(np.abs(em1 - em_batch[i, :len(toks)]).max()))
    print(f"padding invariance (torch): max |diff| = {max_diff:.2e}")
    assert max_diff < 1e-4
    from onnx_numpy import run_onnx
    em_onnx = run_onnx(m, {"words": w, "chars": c})["emissions"]
    onnx_diff = float(max(np.abs(em_onnx[i, :len(t)] - em_batch[i, :len(t)]).max() for i, t in enumerate(sent_tokens)))
    print(f"onnx (numpy interpreter) vs torch: max |diff| = {onnx_diff:.2e}")
    assert onnx_diff < 1e-3
    from model import bio_allowed, viterbi_bio
    allowed, start = bio_allowed(tags)
    crf = {}
    if model.crf is not None:
        tr, st, en = (x.detach().numpy().astype(float) for x in model.crf_scores())
        crf = {"trans": tr, "start_s": st, "end_s": en}
    fixture = {"note": "tokens/ids from training/ner (Python); emissions from PyTorch on the padded batch "
                       "(same as each sentence alone). viterbiTags = BIO-constrained Viterbi with labels.json "
                       "transitions/start/end (zero transitions when those are null).",
               "sentences": []}
    for i, (text, toks) in enumerate(zip(FIXTURE_SENTENCES, sent_tokens)):
        em = em_batch[i, :len(toks)]
        fixture["sentences"].append({
            "text": text, "tokens": toks, "wordIds": w[i, :len(toks)].tolist(),
            "charIds": c[i, :len(toks)].tolist(),
            "argmaxTags": [tags[j] for j in em.argmax(1)],
            "viterbiTags": [tags[j] for j in viterbi_bio(em, allowed, start, **crf)],
            "emissions": np.round(em, 4).tolist()})
        print(list(zip(toks, fixture["sentences"][-1]["viterbiTags"])))
    json.dump(fixture, open(os.path.join(args.out, "fixture.json"), "w"), ensure_ascii=False)

    # ---- vocab + labels
    with open(os.path.join(args.out, "words.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    json.dump(chars, open(os.path.join(args.out, "chars.json"), "w"), ensure_ascii=False)
    rnd = lambda a: np.round(a, 5).tolist() if a is not None else None
    json.dump({"tags": tags, "transitions": rnd(crf.get("trans")), "start": rnd(crf.get("start_s")),
               "end": rnd(crf.get("end_s")), "maxChars": MAX_CHARS,
               "tokenPattern": TOKEN_PATTERN, "normalize": "lowercase+digits0"},
              open(os.path.join(args.out, "labels.json"), "w"), ensure_ascii=False, indent=1)

    # ---- evaluation for the card
    t0 = time.time()
    dev_mac = read_maccrobat(args.shared, vocab["dev_pmids"], "Modifier" in labels)
    dev = evaluate(model, make_examples(dev_mac, w2i, c2i, tags, {t: i for i, t in enumerate(tags)}), tags, labels)
    lit = {}
    if not args.skip_lit_eval:
        t2i = {t: i for i, t in enumerate(tags)}
        for name, sents, labs in [("bc5cdr_dev", read_bc5cdr(args.shared, "Development"), ["Drug", "Problem"]),
                                  ("ncbi_dev", read_ncbi(args.shared, "developset"), ["Problem"])]:
            r = evaluate(model, make_examples(sents, w2i, c2i, tags, t2i), tags, labs, merge={"Symptom": "Problem"})
            lit[name] = {"micro_f1": r["micro_f1"], "per_label": r["per_label"],
                         "note": "predicted Symptom counted as Problem (the corpus's Disease covers both)"}
    print(f"dev micro F1 {dev['micro_f1']}", {k: v["micro_f1"] for k, v in lit.items()}, f"({time.time() - t0:.0f}s)")

    if "ddi" in vocab["counts"]:  # runs before a fix counted DDI sentences as docs; docs = XML files
        import glob
        vocab["counts"]["ddi"]["docs"] = len(glob.glob(os.path.join(args.shared, "datasets/ddi2013/DDICorpus/Train/*/*.xml")))
    n_params = sum(p.numel() for p in model.parameters())
    ft_meta = json.load(open(os.path.join(CACHE, "fasttext_meta.json")))
    a = vocab["args"]
    size = os.path.getsize(onnx_path)
    card = {
        "name": "clinical-coder-ner", "version": args.version,
        "date": datetime.date.today().isoformat(),
        "architecture": (f"BiLSTM-CNN tagger: {model.wemb.embedding_dim}-d FastText word vectors "
                         f"({'fine-tuned' if a.get('tune_words') else 'frozen'}) + "
                         f"char CNN (30-d chars, 50 filters, width 3, max-pool over first {MAX_CHARS} chars) -> "
                         f"forward and length-reversed backward LSTM ({cfg['hidden']} each) -> linear -> " +
                         ("CRF emissions; labels.json holds the learned transition/start/end scores "
                          "(BIO-invalid moves fixed at -10000); decode with Viterbi." if cfg.get("crf") else
                          "log-softmax. No CRF: decode with BIO-constrained Viterbi (zero transitions).")),
        "params": n_params, "sizeBytes": size,
        "labels": labels,
        "droppedLabels": [] if "Modifier" in labels else
        ["Modifier (MACCROBAT Detailed_description): dev F1 0.24 in the first model (run v1, softmax, 8 epochs, "
         "model 0.1.0), below the 0.40 bar, so later models train it as O (its laterality words still become "
         "Direction, and Modifier spans no longer shadow overlapping spans)"],
        "data": {"counts": vocab["counts"],
                 "maccrobat_train_pmids": vocab["train_pmids"], "maccrobat_dev_pmids": vocab["dev_pmids"],
                 "literature": "BC5CDR train (Chemical->Drug, Disease->Problem|Symptom), NCBI disease train "
                               "(all->Problem|Symptom), DDI 2013 train (drug/brand/group/drug_n->Drug); "
                               f"{a['aux_per_epoch']} sentences sampled per epoch, loss weight {a['aux_weight']}, "
                               "partial-label loss (O = O or any label the corpus does not annotate)",
                 "direction": "derived: laterality word at start/end of BodyPart/Modifier span (or whole "
                              "Detailed_description span) -> Direction"},
        "split": ("MACCROBAT2020: the 160 available reports, PMIDs sorted, shuffled with random.Random(13), "
                  "first 128 train / last 32 dev (by document). BC5CDR/NCBI: official train for training, "
                  "official dev for the extra evaluation."),
        "metric": "exact span+label micro F1 (BIO chunks, token-level boundaries)",
        "dev": {"corpus": "MACCROBAT2020 dev split (32 reports)", "micro_f1": dev["micro_f1"],
                "p": dev["p"], "r": dev["r"], "per_label": dev["per_label"]},
        "devLiterature": lit,
        "training": {"epochs": best["epoch"], "epochsRun": last["state"]["epoch"],
                     "seconds": round(last["state"]["seconds"]), "hardware": "2-core CPU (shared)",
                     "history": last["state"]["history"],
                     "optimizer": f"Adam lr {a['lr']} x {a.get('lr_decay', 1.0)}/epoch, batch {a['batch']}, "
                                  f"dropout {a['dropout']}, word dropout {a.get('word_dropout', 0.0)}, grad clip 5, "
                                  f"seed {a['seed']}, {a['threads']} torch thread(s)",
                     "command": "python3 training/ner/train.py " + " ".join(
                         f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}") for k, v in a.items()
                         if k not in ("shared", "resume") and v not in (False, None)),
                     "selection": ("mean of the weights of epochs {}-{} (train.py --swa-from), not "
                                   "selected on dev".format(*best["epochs_averaged"])
                                   if "epochs_averaged" in best
                                   else "epoch with best MACCROBAT dev micro F1")},
        "wordVectors": {"method": "gensim FastText skip-gram, subword n-grams 3-5, window 5, min_count 2",
                        "dim": ft_meta["dim"], "epochs": ft_meta["epochs"], "tokens": ft_meta["tokens"],
                        "seconds": ft_meta["seconds"], "vocabSize": len(words),
                        "texts": "CodiEsp English background + train/dev translations, ACI-BENCH train/valid "
                                 "notes+dialogues, MACCROBAT train split, BC5CDR train+dev, NCBI train+dev, DDI train",
                        "inModel": "vectors for the capped vocabulary are baked into the ONNX embedding" +
                                   (" (initialised from FastText, fine-tuned with word dropout "
                                    f"{a.get('word_dropout')})" if a.get("tune_words") else " (frozen)")},
        "inputs": {"words": "int64 [batch, seq], 0 pad (right padding only), 1 unknown",
                   "chars": f"int64 [batch, seq, {MAX_CHARS}], first {MAX_CHARS} code points, 0 pad, 1 unknown"},
        "licences": "MACCROBAT CC BY 4.0; BC5CDR/NCBI public domain; DDI 2013 CC BY-NC 4.0 (non-commercial) used in training",
    }
    card["experiments"] = experiments()
    json.dump(card, open(os.path.join(args.out, "card.json"), "w"), indent=1, ensure_ascii=False)
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"model.onnx {size / 1e6:.1f} MB, dir {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
