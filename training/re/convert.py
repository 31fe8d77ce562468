"""RE corpus converters: ADE, DDI 2013 and MACCROBAT -> sentence records and appendix-B rows.

A sentence record is {"corpus", "doc", "text", "entities": [(start, end, type)],
"pairs": [(i, j, label)]} with code-point offsets into `text` (end exclusive) and pairs
over entity indices (i before j in text order); label "O" is the negative class.
`rows()` flattens records into the paper's appendix-B layout. The TypeScript reader
(src/main/evaluation/reCorpora.ts) applies the same rules to score the product.
"""
import csv
import glob
import os
import random
import sys
import xml.etree.ElementTree as ET

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ner"))
from corpora import LATERALITY, MACCROBAT_MAP, maccrobat_split, sentence_ranges_by_lines  # noqa: E402
from tokens import tokenize  # noqa: E402

from spec import SPECS  # noqa: E402

SEED = 13
DEV_FRACTION = 0.2
COLUMNS = ["sentence", "chunk1", "begin1", "end1", "type1",
           "chunk2", "begin2", "end2", "type2", "label"]


def split_ids(ids, seed=SEED, dev_fraction=DEV_FRACTION):
    """Document split: sorted ids shuffled with a fixed seed; the last fraction is dev."""
    ids = sorted(set(ids))
    random.Random(seed).shuffle(ids)
    n_dev = round(len(ids) * dev_fraction)
    return sorted(ids[:-n_dev]), sorted(ids[-n_dev:])


def whitelisted_pairs(spec, entities, labels):
    """Every pair of non-overlapping entities whose types the spec pairs; labels maps (i, j) -> label."""
    pairs = []
    order = sorted(range(len(entities)), key=lambda k: (entities[k][0], entities[k][1]))
    for x, i in enumerate(order):
        for j in order[x + 1:]:
            a, b = entities[i], entities[j]
            if a[1] > b[0] or spec.roles(a[2], b[2]) is None:
                continue  # overlapping spans are never paired
            pairs.append((i, j, labels.get((i, j)) or labels.get((j, i)) or "O"))
    return pairs


# ---------------------------------------------------------------- ADE
def ade_records(shared, pmids=None):
    """DRUG-AE.rel sentences: drug and AE mentions (first occurrence in the sentence);
    negatives are the other drug-AE pairings of the same sentence."""
    path = os.path.join(shared, "datasets/ade_corpus_v2/DRUG-AE.rel")
    by_sentence = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("|")
            if len(parts) < 8:
                continue
            pmid, text, effect, drug = parts[0], parts[1], parts[2], parts[5]
            if pmids is not None and pmid not in pmids:
                continue
            by_sentence.setdefault((pmid, text), []).append((drug, effect))
    spec = SPECS["ade"]
    records = []
    for (pmid, text), links in by_sentence.items():
        entities, index, labels = [], {}, {}
        for drug, effect in links:
            ids = []
            for mention, typ in ((drug, "Drug"), (effect, "AdverseEffect")):
                key = (mention, typ)
                if key not in index:
                    start = text.find(mention)
                    if start < 0:
                        break
                    index[key] = len(entities)
                    entities.append((start, start + len(mention), typ))
                ids.append(index[key])
            if len(ids) == 2:
                labels[(ids[0], ids[1])] = "ADE"
        records.append({"corpus": "ade", "doc": pmid, "text": text, "entities": entities,
                        "pairs": whitelisted_pairs(spec, entities, labels)})
    return records


def ade_pmids(shared):
    path = os.path.join(shared, "datasets/ade_corpus_v2/DRUG-AE.rel")
    with open(path, encoding="utf-8") as f:
        return sorted({line.split("|", 1)[0] for line in f if "|" in line})


# ---------------------------------------------------------------- DDI 2013
def ddi_files(shared):
    return sorted(glob.glob(os.path.join(shared, "datasets/ddi2013/DDICorpus/Train/*/*.xml")))


def ddi_records(paths):
    """The corpus's own pair elements: type when ddi="true" (int, advise, effect, mechanism), else O."""
    records = []
    for path in paths:
        root = ET.parse(path).getroot()
        for s in root.iter("sentence"):
            text = s.get("text")
            entities, index = [], {}
            for e in s.iter("entity"):
                a, b = e.get("charOffset").split(";")[0].split("-")
                index[e.get("id")] = len(entities)
                entities.append((int(a), int(b) + 1, e.get("type")))  # DDI ends are inclusive
            pairs = []
            for p in s.iter("pair"):
                i, j = index[p.get("e1")], index[p.get("e2")]
                if entities[i][1] > entities[j][0] and entities[j][1] > entities[i][0]:
                    continue
                if (entities[j][0], entities[j][1]) < (entities[i][0], entities[i][1]):
                    i, j = j, i
                label = (p.get("type") or "int") if p.get("ddi") == "true" else "O"
                pairs.append((i, j, label))
            if pairs:
                records.append({"corpus": "ddi2013", "doc": root.get("id"), "text": text,
                                "entities": entities, "pairs": pairs})
    return records


# ---------------------------------------------------------------- MACCROBAT
def parse_brat_full(ann):
    """T spans (first fragment), E -> T triggers, and MODIFY links between T ids."""
    spans, triggers, links = {}, {}, []
    for line in ann.split("\n"):
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if line.startswith("T"):
            typ, _, offs = parts[1].partition(" ")
            first = offs.split(";")[0].split()
            spans[parts[0]] = (int(first[0]), int(first[1]), typ)
        elif line.startswith("E"):
            triggers[parts[0]] = parts[1].split()[0].split(":")[1]
        elif line.startswith("R"):
            fields = parts[1].split()
            if fields[0] == "MODIFY":
                links.append(tuple(f.split(":")[1] for f in fields[1:3]))
    resolve = lambda x: triggers.get(x, x)  # noqa: E731
    return spans, [(resolve(a), resolve(b)) for a, b in links]


def product_pieces(text, tokens, start, end, label):
    """A mapped MACCROBAT span -> product entities: a laterality word at the start/end of a
    BodyPart or Modifier span becomes its own Direction (as NER training derives it);
    a Modifier remainder is dropped (Modifier is no NER label). Returns [(start, end, label)]."""
    if label not in ("BodyPart", "Modifier"):
        return [(start, end, label)]
    toks = [(s, e) for s, e in tokens if s >= start and e <= end]
    if not toks:
        return []
    low = [text[s:e].lower() for s, e in toks]
    pieces = []
    if low[0] in LATERALITY:
        if low[1:] in ([], ["sided"], ["-", "sided"]):
            return [(start, end, "Direction")]
        pieces.append((toks[0][0], toks[0][1], "Direction"))
        toks, low = toks[1:], low[1:]
    tail = None
    if len(toks) >= 2 and low[-1] in LATERALITY:
        tail = (toks[-1][0], toks[-1][1], "Direction")
        toks = toks[:-1]
    if label == "BodyPart":
        pieces.append((toks[0][0], toks[-1][1], "BodyPart"))
    if tail:
        pieces.append(tail)
    return pieces


def maccrobat_records(shared, pmids):
    """Lines are sentences; MODIFY links between whitelisted product types are positives,
    labelled with the spec's category of the pair; every other whitelisted pair is O.
    A derived Direction inherits its parent span's links and links to its own BodyPart."""
    spec = SPECS["clinical"]
    d = os.path.join(shared, "datasets/maccrobat2020/MACCROBAT2020")
    records, lost = [], 0
    for pmid in pmids:
        text = open(os.path.join(d, pmid + ".txt"), encoding="utf-8").read()
        spans, links = parse_brat_full(open(os.path.join(d, pmid + ".ann"), encoding="utf-8").read())
        tokens = tokenize(text)
        entities, pieces_of = [], {}
        for tid, (s, e, typ) in sorted(spans.items(), key=lambda kv: kv[1][:2]):
            label = MACCROBAT_MAP.get(typ)
            if label is None:
                continue
            pieces_of[tid] = []
            for piece in product_pieces(text, tokens, s, e, label):
                if piece[2] in spec.types:
                    pieces_of[tid].append(len(entities))
                    entities.append(piece)
        linked = set()
        for a, b in links:
            for i in pieces_of.get(a, []):
                for j in pieces_of.get(b, []):
                    linked.add((i, j))
        for ids in pieces_of.values():  # a split span's Direction modifies its BodyPart
            for i in ids:
                for j in ids:
                    if i != j:
                        linked.add((i, j))
        for ls, le in sentence_ranges_by_lines(text):
            ids = [k for k, (s, e, _) in enumerate(entities) if s >= ls and e <= le]
            local = [(entities[k][0] - ls, entities[k][1] - ls, entities[k][2]) for k in ids]
            labels = {}
            for x, i in enumerate(ids):
                for y, j in enumerate(ids):
                    if (i, j) in linked:
                        cat = spec.category(local[x][2], local[y][2])
                        if cat:
                            labels[(x, y)] = cat
            pairs = whitelisted_pairs(spec, local, labels)
            if pairs:
                records.append({"corpus": "maccrobat", "doc": pmid, "text": text[ls:le],
                                "entities": local, "pairs": pairs})
        # Positives whose two ends sit on different lines cannot be candidates: counted, lost.
        lost += sum(1 for i, j in linked if spec.category(entities[i][2], entities[j][2])
                    and "\n" in text[min(entities[i][0], entities[j][0]):max(entities[i][1], entities[j][1])])
    return records, lost


# ---------------------------------------------------------------- rows
def rows(records):
    """Appendix-B rows: sentence, chunk1, begin1, end1, type1, chunk2, begin2, end2, type2, label
    (code-point offsets into the sentence, end exclusive)."""
    for r in records:
        text, ents = r["text"], r["entities"]
        for i, j, label in r["pairs"]:
            (s1, e1, t1), (s2, e2, t2) = ents[i], ents[j]
            yield [text, text[s1:e1], s1, e1, t1, text[s2:e2], s2, e2, t2, label]


def write_csv(path, records):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        n = 0
        for row in rows(records):
            w.writerow(row)
            n += 1
    return n


def load(corpus, shared):
    """(train records, dev records, split facts) of one corpus."""
    if corpus == "ade":
        train_ids, dev_ids = split_ids(ade_pmids(shared))
        facts = {"split": "ADE PMIDs sorted, random.Random(13).shuffle, last 20% dev",
                 "train_documents": train_ids, "dev_documents": dev_ids}
        return ade_records(shared, set(train_ids)), ade_records(shared, set(dev_ids)), facts
    if corpus == "ddi2013":
        files = ddi_files(shared)
        doc_of = {p: ET.parse(p).getroot().get("id") for p in files}
        train_ids, dev_ids = split_ids(doc_of.values())
        dev = set(dev_ids)
        facts = {"split": "DDI Train documents sorted, random.Random(13).shuffle, last 20% dev",
                 "train_documents": train_ids, "dev_documents": dev_ids}
        return (ddi_records([p for p in files if doc_of[p] not in dev]),
                ddi_records([p for p in files if doc_of[p] in dev]), facts)
    if corpus == "maccrobat":
        train_ids, dev_ids = maccrobat_split(shared)
        train, lost_train = maccrobat_records(shared, train_ids)
        dev, lost_dev = maccrobat_records(shared, dev_ids)
        facts = {"split": "the NER card's split: sorted PMIDs, random.Random(13).shuffle, 128/32",
                 "train_documents": train_ids, "dev_documents": dev_ids,
                 "cross_sentence_positives": {"train": lost_train, "dev": lost_dev}}
        return train, dev, facts
    raise ValueError(corpus)

