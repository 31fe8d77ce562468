"""BIO-constrained Viterbi over one window's first-piece emissions, plus a head's CRF scores when
it has them; mirrors src/main/pipeline/viterbi.ts, which decodes the exported models."""
import numpy as np

FORBIDDEN = -1e9


def bio_rules(tags):
    """allowed[prev, next] (I-X only after B-X or I-X) and can_start (never an I- first)."""
    allowed = np.array([[not n.startswith("I-") or (p != "O" and p[2:] == n[2:]) for n in tags]
                        for p in tags])
    return allowed, np.array([not t.startswith("I-") for t in tags])


def log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def viterbi(emissions, rules, crf=None):
    """Best tag path [W] for emissions [W, K]; crf: {"transitions", "start", "end"} or None."""
    allowed, can_start = rules
    k = emissions.shape[1]
    trans = np.asarray(crf["transitions"]) if crf else np.zeros((k, k))
    start = np.asarray(crf["start"]) if crf else np.zeros(k)
    end = np.asarray(crf["end"]) if crf else np.zeros(k)
    move = np.where(allowed, trans, FORBIDDEN)
    score = emissions[0] + np.where(can_start, start, FORBIDDEN)
    back = []
    for t in range(1, len(emissions)):
        cand = score[:, None] + move
        back.append(cand.argmax(0))
        score = cand.max(0) + emissions[t]
    best = [int((score + end).argmax())]
    for ptr in reversed(back):
        best.append(int(ptr[best[-1]]))
    return best[::-1]
