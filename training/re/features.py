"""The FCNN's pair features, computed exactly as src/main/pipeline/pair.ts computes them.

For a pair (a, b) of entities in one sentence, a before b (code-point spans; tokens by the
product's tokenizer; a token belongs to a span when they overlap):
  types    [2]      type ids of a and b (index into spec.types, +1; 0 = unknown)
  span1/2  [SPAN]   word ids of the span's first SPAN tokens, 0-padded
  context  [5, CTX] word ids of: WINDOW tokens left of a, right of a, left of b, right of b,
                    and the first CTX tokens between a and b; 0-padded
  scalars  [5]      log1p of: tokens between, entities between, clause punctuation between,
                    tokens of a, tokens of b
There is no dependency parser here: the entities and clause punctuation between the two
stand in for the syntactic distance, in the features and in the pair filter.
"""
import math
import os
import sys

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ner"))
from tokens import normalize_word, tokenize  # noqa: E402

SPAN = 8
WINDOW = 5
CTX = 16
CLAUSE_PUNCT = set(",;:()[]")
UNKNOWN = 1


def token_range(tokens, start, end):
    """[first, last+1) of the tokens overlapping [start, end); (0, 0) when none."""
    idx = [k for k, (s, e) in enumerate(tokens) if s < end and e > start]
    return (idx[0], idx[-1] + 1) if idx else (0, 0)


def pad(ids, n):
    return (ids + [0] * n)[:n]


class Sentence:
    """A sentence's tokens and word ids, computed once for all its pairs."""

    def __init__(self, text, vocab):
        self.text = text
        self.tokens = tokenize(text)
        self.ids = [vocab.get(normalize_word(text[s:e]), UNKNOWN) for s, e in self.tokens]
        self.is_punct = [text[s:e] in CLAUSE_PUNCT for s, e in self.tokens]


def pair_features(sent, entities, i, j, spec):
    """Feature dict of entities i, j (i before j) and the filter facts, or None if a span has no token."""
    a, b = entities[i], entities[j]
    a0, a1 = token_range(sent.tokens, a[0], a[1])
    b0, b1 = token_range(sent.tokens, b[0], b[1])
    if a1 == a0 or b1 == b0:
        return None
    gap = max(0, b0 - a1)
    between_entities = sum(1 for k, (s, e, _) in enumerate(entities)
                           if k not in (i, j) and s >= a[1] and e <= b[0])
    between_punct = sum(sent.is_punct[a1:b0]) if b0 > a1 else 0
    ids = sent.ids
    context = [
        pad(ids[max(0, a0 - WINDOW):a0], CTX),
        pad(ids[a1:a1 + WINDOW], CTX),
        pad(ids[max(0, b0 - WINDOW):b0], CTX),
        pad(ids[b1:b1 + WINDOW], CTX),
        pad(ids[a1:b0] if b0 > a1 else [], CTX),
    ]
    type_id = {t: k + 1 for k, t in enumerate(spec.types)}
    return {
        "types": [type_id.get(a[2], 0), type_id.get(b[2], 0)],
        "span1": pad(ids[a0:a1], SPAN),
        "span2": pad(ids[b0:b1], SPAN),
        "context": context,
        "scalars": [math.log1p(gap), math.log1p(between_entities), math.log1p(between_punct),
                    math.log1p(a1 - a0), math.log1p(b1 - b0)],
        "gap": gap,
        "syntax": between_entities + between_punct,
    }


# Negative-instance filtering as in the DDI literature (Chowdhury & Lavelli 2013; Liu et al.
# 2016): pairs that almost never interact. train.py --negative-filter drops them from training
# (and with "both" predicts them O); src/main/pipeline/pair.ts has no such filter, so no
# shipped model is trained with "both".
COORDINATION = {",", "and", "or", "nor", "/", "&", "(", ")"}


def trivial_negative(sent, entities, i, j):
    """Why the pair (i before j) is a trivial negative, else None: "same" (one name twice),
    "abbreviation" (only "(" between: "drug (ABBR)"), "list" (only other entities and
    coordination between, with a comma or a third entity: "A, B and C")."""
    a, b = entities[i], entities[j]
    text = sent.text
    if text[a[0]:a[1]].lower() == text[b[0]:b[1]].lower():
        return "same"
    others = [(s, e) for k, (s, e, _) in enumerate(entities)
              if k not in (i, j) and s >= a[1] and e <= b[0]]
    words = [text[s:e].lower() for s, e in sent.tokens
             if s >= a[1] and e <= b[0] and not any(os_ <= s and e <= oe for os_, oe in others)]
    if words == ["("]:
        return "abbreviation"
    if words and all(w in COORDINATION for w in words) and (others or "," in words):
        return "list"
    return None


def passes_filter(feats, spec):
    """The candidate-pair filter: max token distance and max syntactic stand-in distance."""
    if spec.max_tokens is not None and feats["gap"] > spec.max_tokens:
        return False
    return spec.max_between is None or feats["syntax"] <= spec.max_between


def featurize(records, vocab, spec, negative_filter=False):
    """All whitelisted pairs of the records: (features, class index, kept by the filter);
    with negative_filter, trivial negatives (see trivial_negative) are not kept either."""
    class_id = {c: k for k, c in enumerate(spec.classes)}
    out = []
    for r in records:
        sent = Sentence(r["text"], vocab)
        for i, j, label in r["pairs"]:
            feats = pair_features(sent, r["entities"], i, j, spec)
            if feats is None:
                continue
            kept = passes_filter(feats, spec) and not (
                negative_filter and trivial_negative(sent, r["entities"], i, j))
            out.append((feats, class_id.get(label, 0), kept))
    return out
