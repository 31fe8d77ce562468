"""Model inputs built from prepared examples: tagged sentences, and relation pairs in the two
marker layouts. The TypeScript runtime builds the same inputs (src/main/pipeline), so keep
the two in step; model folders carry a fixture that checks it.

- NER: [CLS] pieces [SEP]; a token's label sits on its first piece. Sentences longer than
  MAX_PIECES are cut into windows of whole tokens.
- Pair (one pass per pair, Soares et al. 2019): [CLS] ... [E1] head [/E1] ... [E2] tail [/E2]
  ... [SEP], at most PAIR_LEN pieces around the two entities; the pair is read at [E1], [E2].
- Sentence (one pass per sentence): [CLS] text [SEP] then, per entity, [ENT] and [/ENT] that
  take the positions of its first and last piece; text attends to text only (so its states
  do not depend on the markers), a marker to the text and its entity's two markers; a pair
  is read at its two entities' [ENT].
"""
import numpy as np

from settings import CLS, MARKERS, PAD, SEP

MAX_PIECES = 254
PAIR_LEN = 128
NEG = -10000.0


def marker_ids(vocab_size):
    """Marker ids: the vocabulary ends with MARKERS, in that order."""
    first = vocab_size - len(MARKERS)
    return {m: first + k for k, m in enumerate(MARKERS)}


def token_windows(pieces, max_pieces=MAX_PIECES):
    """[(first token, end token)] windows of whole tokens with at most max_pieces pieces each."""
    out, start, used = [], 0, 0
    for k, p in enumerate(pieces):
        n = min(len(p), max_pieces)
        if used + n > max_pieces and k > start:
            out.append((start, k))
            start, used = k, 0
        used += n
    out.append((start, len(pieces)))
    return out


def ner_sequence(pieces):
    """ids, first-piece index of each token (pieces of one window)."""
    ids, first = [CLS], []
    for p in pieces:
        first.append(len(ids))
        ids.extend(p[:MAX_PIECES])
    ids.append(SEP)
    return ids[:MAX_PIECES + 2], first


def pad_batch(rows, value=PAD):
    width = max(len(r) for r in rows)
    out = np.full((len(rows), width), value, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def pair_sequence(pieces, ents, i, j, markers):
    """ids and the [E1]/[E2] indices of one pair, inline markers, at most PAIR_LEN pieces."""
    (a1, b1, _), (a2, b2, _) = ents[i], ents[j]
    ids, head, tail = [], 0, 0
    for k, p in enumerate(pieces):
        if k == a1:
            head = len(ids)
            ids.append(markers["[E1]"])
        if k == a2:
            tail = len(ids)
            ids.append(markers["[E2]"])
        ids.extend(p)
        if k == b1 - 1:
            ids.append(markers["[/E1]"])
        if k == b2 - 1:
            ids.append(markers["[/E2]"])
    lo, hi = min(head, tail), max(head, tail)
    end_of = ids.index(markers["[/E2]"] if hi == tail else markers["[/E1]"], hi) + 1
    budget = PAIR_LEN - 2
    if end_of - lo <= budget:
        spare = budget - (end_of - lo)
        start = max(0, min(lo - spare // 2, len(ids) - budget))
        window = ids[start:start + budget]
        return [CLS] + window + [SEP], head - start + 1, tail - start + 1
    half = budget // 2  # the entities are far apart: keep a half window around each
    s1 = max(0, lo - 8)
    s2 = max(s1 + half, hi - 8)
    window = ids[s1:s1 + half] + ids[s2:s2 + half]
    pos = lambda x: (x - s1) if x < s1 + half else half + (x - s2)  # noqa: E731
    return [CLS] + window + [SEP], pos(head) + 1, pos(tail) + 1


def sentence_layout(pieces, ents, markers):
    """ids, positions, per-row key sets (as a [T, T] bias) and each entity's [ENT] index."""
    text, first, last = [CLS], [], []
    for p in pieces:
        first.append(len(text))
        text.extend(p)
        last.append(len(text) - 1)
    text = text[:MAX_PIECES + 1] + [SEP]
    n = len(text)
    ids, positions = list(text), list(range(n))
    ent_index = []
    for e in ents:
        if e is None or last[e[1] - 1] >= n - 1:
            ent_index.append(None)  # no tokens, or past the text kept
            continue
        ent_index.append(len(ids))
        ids += [markers["[ENT]"], markers["[/ENT]"]]
        positions += [first[e[0]], last[e[1] - 1]]
    t = len(ids)
    bias = np.full((t, t), NEG, dtype=np.float32)
    bias[:, :n] = 0.0
    for k in ent_index:
        if k is not None:
            bias[k:k + 2, k:k + 2] = 0.0
    return ids, positions, bias, ent_index


def stack_bias(biases):
    width = max(b.shape[0] for b in biases)
    out = np.full((len(biases), width, width), NEG, dtype=np.float32)
    for i, b in enumerate(biases):
        t = b.shape[0]
        out[i, :t, :t] = b
        out[i, t:, 0] = 0.0  # padding rows attend to [CLS] so no row is all masked
    return out
