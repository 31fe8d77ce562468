"""Corpus readers -> sentences of tokens with product-label spans.

Every reader produces documents as (doc_id, text, sentence char ranges, char
spans [(start, end, label)]) and `doc_to_sentences` turns them into sentences:
  {"corpus", "doc", "tokens": [str], "spans": [(tok_start, tok_end, label)]}
with token-level spans (end exclusive). BIO tags come from `bio_tags`.
"""
import glob
import gzip
import os
import random
import re
import xml.etree.ElementTree as ET

from tokens import tokenize

MAX_SENT_TOKENS = 128

# Product label set, in the order the tag list is built.
LABELS = ["Problem", "Symptom", "Procedure", "Test", "TestResult", "BodyPart", "Drug",
          "Dosage", "Frequency", "Route", "Duration", "Date", "Severity", "Modifier",
          "Direction"]

MACCROBAT_MAP = {
    "Disease_disorder": "Problem", "Sign_symptom": "Symptom",
    "Therapeutic_procedure": "Procedure", "Diagnostic_procedure": "Test",
    "Lab_value": "TestResult", "Biological_structure": "BodyPart",
    "Medication": "Drug", "Dosage": "Dosage", "Frequency": "Frequency",
    "Administration": "Route", "Duration": "Duration", "Date": "Date",
    "Severity": "Severity", "Detailed_description": "Modifier",
}
LATERALITY = {"left", "right", "bilateral", "bilaterally", "unilateral", "lt", "rt",
              "ipsilateral", "contralateral"}

# What each literature corpus annotates, for the partial-label loss: a token that
# corpus tags O may still be any label it does not annotate. Their "Disease" spans
# cover signs/symptoms too (BC5CDR guidelines), so a disease span may be
# Problem or Symptom in the product's scheme.
CORPUS_ANNOTATES = {
    "maccrobat": None,  # fully labelled for the product's labels
    "bc5cdr": {"Drug", "Problem", "Symptom"},
    "ncbi": {"Problem"},
    "ddi": {"Drug"},
}
SPAN_ALIASES = {"Problem": ["Problem", "Symptom"]}  # used for literature corpora only


# ---------------------------------------------------------------- generic
def sentence_ranges_by_lines(text):
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_SENT_END = re.compile(r"\.\s+(?=[A-Z])|\n")


def sentence_ranges_abstract(text):
    """Abstract splitting: on '. ' + capital letter, or on a newline."""
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.start() + (1 if text[m.start()] == "." else 0)
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def snap_spans(tok_offsets, spans):
    """Char spans -> token spans, snapping boundaries outward to whole tokens."""
    out = []
    for s, e, label in spans:
        idx = [i for i, (ts, te) in enumerate(tok_offsets) if ts < e and te > s]
        if idx:
            out.append((idx[0], idx[-1] + 1, label, e - s, s))
    return out


def resolve_overlaps(tspans):
    """Overlapping spans: keep the longer (in chars), then the earlier one."""
    kept, used = [], set()
    for ts, te, label, clen, cs in sorted(tspans, key=lambda x: (-x[3], x[4])):
        if any(i in used for i in range(ts, te)):
            continue
        used.update(range(ts, te))
        kept.append((ts, te, label))
    return sorted(kept)


def split_direction(tspans, toks, keep_modifier=True):
    """Derive Direction: a laterality word at the start/end of a BodyPart or
    Modifier span becomes its own Direction span; the rest keeps its label
    (or becomes O if Modifier is not a product label)."""
    out = []
    for ts, te, label in tspans:
        if label not in ("BodyPart", "Modifier"):
            out.append((ts, te, label))
            continue
        low = [t.lower() for t in toks[ts:te]]
        pieces = []
        if low[0] in LATERALITY:
            rest = low[1:]
            if rest in ([], ["sided"], ["-", "sided"]):  # "right-sided" is all Direction
                pieces.append((ts, te, "Direction"))
                ts = te
            else:
                pieces.append((ts, ts + 1, "Direction"))
                ts += 1
        tail = None
        if te - ts >= 2 and toks[te - 1].lower() in LATERALITY:
            tail = (te - 1, te, "Direction")
            te -= 1
        if te > ts and (label != "Modifier" or keep_modifier):
            pieces.append((ts, te, label))
        if tail:
            pieces.append(tail)
        out.extend(pieces)
    return sorted(out)


def doc_to_sentences(corpus, doc_id, text, sent_ranges, spans, keep_modifier=True):
    tok_offsets = [(s, e) for s, e in tokenize(text)]
    toks = [text[s:e] for s, e in tok_offsets]
    tspans = snap_spans(tok_offsets, spans)
    if corpus == "maccrobat" and not keep_modifier:
        # Modifier is not a product label: only its laterality words matter, so
        # drop the other Modifier spans before they can shadow overlapping spans.
        tspans = [t for t in tspans if t[2] != "Modifier" or
                  toks[t[0]].lower() in LATERALITY or toks[t[1] - 1].lower() in LATERALITY]
    tspans = resolve_overlaps(tspans)
    if corpus == "maccrobat":
        tspans = split_direction(tspans, toks, keep_modifier)
    # Assign tokens to sentences (a token belongs to the range containing its start).
    sents = []
    ti = 0
    for ss, se in sent_ranges:
        while ti < len(tok_offsets) and tok_offsets[ti][0] < ss:
            ti += 1
        tj = ti
        while tj < len(tok_offsets) and tok_offsets[tj][0] < se:
            tj += 1
        for cs in range(ti, tj, MAX_SENT_TOKENS):  # long sentences -> 128-token chunks
            ce = min(cs + MAX_SENT_TOKENS, tj)
            sp = [(max(a, cs) - cs, min(b, ce) - cs, l) for a, b, l in tspans if a < ce and b > cs]
            sents.append({"corpus": corpus, "doc": doc_id, "tokens": toks[cs:ce], "spans": sp})
        ti = tj
    return sents


def bio_tags(n, spans):
    tags = ["O"] * n
    for s, e, label in spans:
        tags[s] = "B-" + label
        for i in range(s + 1, e):
            tags[i] = "I-" + label
    return tags


def spans_from_bio(tags):
    """BIO chunks (an I- without a matching open chunk starts a new one)."""
    spans, start, label = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if label is not None:
                spans.append((start, i, label))
            start, label = (i, t[2:]) if t != "O" else (None, None)
    return spans


# ---------------------------------------------------------------- MACCROBAT
def parse_brat(ann_text):
    """T lines -> [(start, end, type)], first fragment of discontinuous spans."""
    out = []
    for line in ann_text.split("\n"):
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        typ, _, offs = parts[1].partition(" ")
        first = offs.split(";")[0].split()
        out.append((int(first[0]), int(first[1]), typ))
    return out


def maccrobat_pmids(shared):
    d = os.path.join(shared, "datasets/maccrobat2020/MACCROBAT2020")
    return sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(d, "*.ann")))


def maccrobat_split(shared, seed=13, n_dev=32):
    """Document split: sorted PMIDs, shuffled with a fixed seed, last n_dev = dev."""
    pmids = maccrobat_pmids(shared)
    rng = random.Random(seed)
    rng.shuffle(pmids)
    return sorted(pmids[:-n_dev]), sorted(pmids[-n_dev:])


def read_maccrobat(shared, pmids, keep_modifier=True):
    d = os.path.join(shared, "datasets/maccrobat2020/MACCROBAT2020")
    sents = []
    for pmid in pmids:
        text = open(os.path.join(d, pmid + ".txt"), encoding="utf-8").read()
        ann = open(os.path.join(d, pmid + ".ann"), encoding="utf-8").read()
        spans = [(s, e, MACCROBAT_MAP[t]) for s, e, t in parse_brat(ann) if t in MACCROBAT_MAP]
        sents += doc_to_sentences("maccrobat", pmid, text, sentence_ranges_by_lines(text),
                                  spans, keep_modifier)
    return sents


# ---------------------------------------------------------------- PubTator (BC5CDR, NCBI)
def read_pubtator_docs(path):
    opener = gzip.open if path.endswith(".gz") else open
    docs, cur = [], None
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    docs.append(cur)
                cur = None
                continue
            m = re.match(r"^(\d+)\|([ta])\|(.*)$", line)
            if m:
                if cur is None:
                    cur = {"pmid": m.group(1), "t": "", "a": "", "ann": []}
                cur[m.group(2)] = m.group(3)
                continue
            parts = line.split("\t")
            if cur and len(parts) >= 5 and parts[1].isdigit():
                cur["ann"].append((int(parts[1]), int(parts[2]), parts[4]))
    if cur:
        docs.append(cur)
    return docs


def read_pubtator(path, corpus, type_map):
    sents = []
    for d in read_pubtator_docs(path):
        text = d["t"] + "\n" + d["a"]  # the abstract starts at len(title)+1 in PubTator offsets
        spans = [(s, e, type_map(t)) for s, e, t in d["ann"] if type_map(t)]
        sents += doc_to_sentences(corpus, d["pmid"], text, sentence_ranges_abstract(text), spans)
    return sents


def read_bc5cdr(shared, part="Training"):
    p = os.path.join(shared, f"datasets/bc5cdr/CDR_{part}Set.PubTator.txt")
    return read_pubtator(p, "bc5cdr", {"Chemical": "Drug", "Disease": "Problem"}.get)


def read_ncbi(shared, part="trainset"):
    p = os.path.join(shared, f"datasets/ncbi_disease/NCBI{part}_corpus.txt")
    return read_pubtator(p, "ncbi", lambda t: "Problem")


# ---------------------------------------------------------------- DDI 2013 (train only)
def read_ddi(shared, paths=None):
    """Drug-name sentences of the DDI Train XML files (or of the given ones)."""
    sents = []
    if paths is None:
        paths = sorted(glob.glob(os.path.join(shared, "datasets/ddi2013/DDICorpus/Train/*/*.xml")))
    for path in paths:
        root = ET.parse(path).getroot()
        for s in root.iter("sentence"):
            text = s.get("text")
            spans = []
            for e in s.iter("entity"):
                a, b = e.get("charOffset").split(";")[0].split("-")
                spans.append((int(a), int(b) + 1, "Drug"))  # DDI offsets are end-inclusive
            if text.strip():
                sents += doc_to_sentences("ddi", root.get("id"), text, [(0, len(text))], spans)
    return sents
