"""Dev scores as the product's `eval` computes them: NER exact span and type micro F1;
RE macro F1 over the relation classes ("O" excluded) and micro F1 over them."""
from corpora import spans_from_bio


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ner_scores(examples, tags, predicted):
    counts = {}
    for ex, pred in zip(examples, predicted):
        gold = set(spans_from_bio(ex["tags"]))
        got = set(spans_from_bio([tags[k] for k in pred]))
        for span in gold | got:
            c = counts.setdefault(span[2], [0, 0, 0])
            c[0] += span in gold and span in got
            c[1] += span in got and span not in gold
            c[2] += span in gold and span not in got
    per = {}
    for label, (tp, fp, fn) in sorted(counts.items()):
        p, r, f = prf(tp, fp, fn)
        per[label] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": tp + fn}
    p, r, f = prf(*(sum(c[k] for c in counts.values()) for k in range(3)))
    return {"micro_f1": round(f, 4), "p": round(p, 4), "r": round(r, 4), "per_type": per}


def re_scores(labels, gold, pred):
    per, tot = {}, [0, 0, 0]
    for k, label in enumerate(labels):
        if k == 0:
            continue
        tp = sum(1 for g, p in zip(gold, pred) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred) if g == k and p != k)
        p, r, f = prf(tp, fp, fn)
        per[label] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": tp + fn}
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
    macro = sum(v["f1"] for v in per.values()) / max(1, len(per))
    return {"macro_f1": round(macro, 4), "micro_f1": round(prf(*tot)[2], 4), "pairs": len(gold),
            "per_type": per}
