"""RE corpus converters: ADE, DDI 2013, ChemProt, PGR and MACCROBAT -> sentence records and
appendix-B rows.

A sentence record is {"corpus", "doc", "text", "entities": [(start, end, type)],
"pairs": [(i, j, label)]} with code-point offsets into `text` (end exclusive) and pairs
over entity indices (i before j in text order); label "O" is the negative class.
`rows()` flattens records into the paper's appendix-B layout. The TypeScript reader
(src/main/evaluation/reCorpora.ts) applies the same rules to score the product.
"""
import argparse
import csv
import glob
import gzip
import os
import random
import sys
import xml.etree.ElementTree as ET

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ner"))
from corpora import (LATERALITY, MACCROBAT_MAP, maccrobat_split,  # noqa: E402
                     sentence_ranges_abstract, sentence_ranges_by_lines)
from tokens import tokenize  # noqa: E402

from spec import SPECS  # noqa: E402

SEED = 13
DEV_FRACTION = 0.2
COLUMNS = ["sentence", "chunk1", "begin1", "end1", "type1",
           "chunk2", "begin2", "end2", "type2", "label"]


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


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
ADE_FIELDS = 8
ADE_LAYOUT = "PMID|sentence|effect or dose|begin|end|drug|begin|end"


def ade_rows(path):
    """(pmid, sentence, other mention, drug) of each non-empty line of a .rel file
    (ADE_LAYOUT; the document offsets are not read). A line without exactly 8 fields raises
    ValueError with its 1-based number: the released files have none, so it means an edited or
    cut file, refused as src/main/evaluation/adeRelations.ts refuses it."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue  # an empty line holds no relation
            parts = line.split("|")
            if len(parts) != ADE_FIELDS:
                raise ValueError(f"{path} is malformed at line {number}: expected {ADE_FIELDS} fields "
                                 f"separated by '|' ({ADE_LAYOUT}), found {len(parts)}. "
                                 "Use the file as released.")
            rows.append((parts[0], parts[1], parts[2], parts[5]))
    return rows


def ade_links(shared, pmids=None):
    """(pmid, sentence) -> [(drug, other mention, other type, label)] from DRUG-AE.rel (the adverse
    effects) then DRUG-DOSE.rel (the doses; every dose sentence is also a DRUG-AE sentence)."""
    by_sentence = {}
    for name, typ, label in (("DRUG-AE.rel", "AdverseEffect", "ADE"), ("DRUG-DOSE.rel", "Dosage", "DOSE")):
        for pmid, text, other, drug in ade_rows(os.path.join(shared, "datasets/ade_corpus_v2", name)):
            if pmids is None or pmid in pmids:
                by_sentence.setdefault((pmid, text), []).append((drug, other, typ, label))
    return by_sentence


def ade_records(shared, pmids=None):
    """ADE sentences: drug, adverse-effect and dose mentions (first occurrence in the sentence);
    negatives are the other drug-AE and drug-dose pairings of the same sentence."""
    spec = SPECS["ade"]
    records = []
    for (pmid, text), links in ade_links(shared, pmids).items():
        entities, index, labels = [], {}, {}
        for drug, other, typ, label in links:
            ids = []
            for mention, mention_type in ((drug, "Drug"), (other, typ)):
                key = (mention, mention_type)
                if key not in index:
                    start = text.find(mention)
                    if start < 0:
                        break
                    index[key] = len(entities)
                    entities.append((start, start + len(mention), mention_type))
                ids.append(index[key])
            if len(ids) == 2:
                labels[(ids[0], ids[1])] = label
        records.append({"corpus": "ade", "doc": pmid, "text": text, "entities": entities,
                        "pairs": whitelisted_pairs(spec, entities, labels)})
    return records


def ade_pmids(shared):
    path = os.path.join(shared, "datasets/ade_corpus_v2/DRUG-AE.rel")
    return sorted({pmid for pmid, _, _, _ in ade_rows(path)})


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


# ---------------------------------------------------------------- ChemProt
CHEMPROT_PARTS = {"train": "chemprot_training", "dev": "chemprot_development",
                  "test": "chemprot_test_gs"}


def chemprot_tsv(shared, part, kind):
    """Rows of chemprot_<part>/*<kind>*.tsv (tab-separated, no header; the official test files
    are named chemprot_test_<kind>_gs.tsv); [] when absent."""
    paths = sorted(glob.glob(os.path.join(shared, "datasets/chemprot", CHEMPROT_PARTS[part],
                                          f"*{kind}*.tsv")))
    if not paths:
        return []
    with open(paths[0], encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def chemprot_records(shared, part):
    """(records, lost): each abstract is title + "\n" + abstract (the entity offsets count one
    separator character), split into sentences as abstracts are for NER; every CHEMICAL-GENE
    pair of a sentence is a candidate, labelled with its gold-standard group (CPR:3/4/5/6/9)
    or O. lost counts gold relations no candidate carries (arguments in two sentences, or
    overlapping spans)."""
    spec = SPECS["chemprot"]
    texts = {r[0]: r[1] + "\n" + r[2] for r in chemprot_tsv(shared, part, "abstracts")}
    ents = {}
    for pmid, tid, typ, start, end, _ in chemprot_tsv(shared, part, "entities"):
        ents.setdefault(pmid, {})[tid] = (int(start), int(end), typ)
    gold = {}
    for pmid, group, a1, a2 in (r[:4] for r in chemprot_tsv(shared, part, "gold_standard")):
        gold.setdefault(pmid, {})[(a1.split(":")[1], a2.split(":")[1])] = group
    records, lost = [], 0
    for pmid in sorted(texts):
        text, by_id = texts[pmid], ents.get(pmid, {})
        carried = 0
        for ls, le in sentence_ranges_abstract(text):
            ids = sorted((t for t, (s, e, _) in by_id.items() if s >= ls and e <= le),
                         key=lambda t: by_id[t][:2])
            local = [(by_id[t][0] - ls, by_id[t][1] - ls, by_id[t][2]) for t in ids]
            labels = {}
            for (a, b), group in gold.get(pmid, {}).items():
                if a in ids and b in ids:
                    labels[(ids.index(a), ids.index(b))] = group
            pairs = whitelisted_pairs(spec, local, labels)
            carried += sum(1 for p in pairs if p[2] != "O")
            if pairs:
                records.append({"corpus": "chemprot", "doc": pmid, "text": text[ls:le],
                                "entities": local, "pairs": pairs})
        lost += len(gold.get(pmid, {})) - carried
    return records, lost


# ---------------------------------------------------------------- PGR
PGR_TRAIN = "datasets/pgr/10_12_2018_corpus/train.tsv"
PGR_TEST = "datasets/pgr/10_12_2018_corpus/test.tsv"
PGR_2019 = "datasets/pgr/11_03_2019_corpus/train.tsv.gz"


def pgr_withheld(shared):
    with open(os.path.join(shared, "datasets/pgr/WITHHELD_TEST_PMIDS.txt"), encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip()}


def pgr_rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def pgr_records(path, pmids=None, exclude=frozenset()):
    """(records, skipped): one record per (PMID, sentence); GENE and PHENOTYPE mentions at their
    offsets (end exclusive); a row whose RELATION is true is "related" (with a CONFIRMATION
    column, as in test.tsv, an I verdict flips the automatic label); every other gene-phenotype
    pairing of the sentence is O. Rows whose offsets do not match their mention are skipped."""
    by_sentence, skipped = {}, 0
    for row in pgr_rows(path):
        pmid, text, gene, pheno = row[0], row[1], row[2], row[3]
        if pmid in exclude or (pmids is not None and pmid not in pmids):
            continue
        gs, ge, ps, pe = (int(x) for x in row[6:10])
        if text[gs:ge] != gene or text[ps:pe] != pheno:
            skipped += 1
            continue
        related = row[10].strip().lower() == "true"
        if len(row) > 11 and row[11].strip().upper().startswith("I"):
            related = not related
        by_sentence.setdefault((pmid, text), []).append(((gs, ge), (ps, pe), related))
    spec = SPECS["pgr"]
    records = []
    for (pmid, text), rows_ in by_sentence.items():
        entities, index, labels = [], {}, {}
        for (gs, ge), (ps, pe), related in rows_:
            ids = []
            for s, e, typ in ((gs, ge, "GENE"), (ps, pe, "PHENOTYPE")):
                if (s, e, typ) not in index:
                    index[(s, e, typ)] = len(entities)
                    entities.append((s, e, typ))
                ids.append(index[(s, e, typ)])
            if related:
                labels[(ids[0], ids[1])] = "related"
        order = sorted(range(len(entities)), key=lambda k: entities[k][:2])
        remap = {old: new for new, old in enumerate(order)}
        entities = [entities[k] for k in order]
        labels = {(remap[a], remap[b]): v for (a, b), v in labels.items()}
        records.append({"corpus": "pgr", "doc": pmid, "text": text, "entities": entities,
                        "pairs": whitelisted_pairs(spec, entities, labels)})
    return records, skipped


# ---------------------------------------------------------------- MACCROBAT
def parse_brat_relations(ann):
    """T spans (first fragment) and every relation as (type, arg1, arg2) with events resolved to
    their trigger T; an n-ary OVERLAP set ("*" line) becomes each of its pairs, in listed order."""
    spans, triggers, rels = {}, {}, []
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
            rels.append((fields[0], fields[1].split(":")[1], fields[2].split(":")[1]))
        elif line.startswith("*"):
            fields = parts[1].split()
            members = fields[1:]
            for x, a in enumerate(members):
                for b in members[x + 1:]:
                    rels.append((fields[0], a, b))
    resolve = lambda x: triggers.get(x, x)  # noqa: E731
    return spans, [(t, resolve(a), resolve(b)) for t, a, b in rels]


def parse_brat_full(ann):
    """T spans (first fragment), and MODIFY links between T ids."""
    spans, rels = parse_brat_relations(ann)
    return spans, [(a, b) for t, a, b in rels if t == "MODIFY"]


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


# The MACCROBAT relations that make each model's positives. Clinical and posology: a
# whitelisted pair linked so is a positive of its rule's category (a duration mostly OVERLAPs
# its drug rather than MODIFYing it); temporal and cause: the relation's own name.
MACCROBAT_READING = {"clinical": {"MODIFY"}, "posology": {"MODIFY", "OVERLAP"},
                     "temporal": {"BEFORE", "AFTER", "OVERLAP"}, "cause": {"CAUSE"}}
INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE"}


def relation_label(spec, relation, first_is_arg1, type_a, type_b):
    """The class of a MACCROBAT relation between two entities (type_a first in text), or None.
    BEFORE/AFTER are read in text order: arg2 before arg1 turns BEFORE into AFTER."""
    if relation not in MACCROBAT_READING[spec.name]:
        return None
    if any(rule["category"] for rule in spec.pairs):
        return spec.category(type_a, type_b)
    if relation in INVERSE and not first_is_arg1:
        return INVERSE[relation]
    return relation


def maccrobat_records(shared, pmids, model="clinical"):
    """(records, lost): lines are sentences; every whitelisted pair of the model's product
    types is a candidate, labelled by MACCROBAT_READING (another label wins over OVERLAP on
    the same pair). A Direction split off a BodyPart span (as NER training derives it)
    inherits the span's links and MODIFYs its own BodyPart. lost counts positive pairs whose
    ends sit on different lines (they cannot be candidates)."""
    spec = SPECS[model]
    d = os.path.join(shared, "datasets/maccrobat2020/MACCROBAT2020")
    records, lost = [], 0
    for pmid in pmids:
        text = read_text(os.path.join(d, pmid + ".txt"))
        spans, rels = parse_brat_relations(read_text(os.path.join(d, pmid + ".ann")))
        tokens = tokenize(text)
        entities, links = [], []  # links: (relation, entity index of arg1, of arg2)
        pieces_of = {}
        for tid, (s, e, typ) in sorted(spans.items(), key=lambda kv: kv[1][:2]):
            label = MACCROBAT_MAP.get(typ)
            if label is None:
                continue
            pieces = [p for p in product_pieces(text, tokens, s, e, label) if p[2] in spec.types]
            ids = list(range(len(entities), len(entities) + len(pieces)))
            entities.extend(pieces)
            pieces_of[tid] = ids
            links.extend(("MODIFY", i, j) for i in ids for j in ids if i != j)
        links.extend((relation, i, j) for relation, a, b in rels
                     for i in pieces_of.get(a, []) for j in pieces_of.get(b, []) if i != j)
        gold = {}  # (first, second) in text order -> class
        for relation, i, j in links:
            first, second = (i, j) if entities[i][:2] < entities[j][:2] else (j, i)
            label = relation_label(spec, relation, first == i, entities[first][2],
                                   entities[second][2])
            if label and gold.get((first, second)) in (None, "OVERLAP"):
                gold[(first, second)] = label
        for ls, le in sentence_ranges_by_lines(text):
            ids = [k for k, (s, e, _) in enumerate(entities) if s >= ls and e <= le]
            local = [(entities[k][0] - ls, entities[k][1] - ls, entities[k][2]) for k in ids]
            labels = {(x, y): gold[(i, j)] for x, i in enumerate(ids) for y, j in enumerate(ids)
                      if (i, j) in gold}
            pairs = whitelisted_pairs(spec, local, labels)
            if pairs:
                records.append({"corpus": "maccrobat", "doc": pmid, "text": text[ls:le],
                                "entities": local, "pairs": pairs})
        lost += sum(1 for (i, j) in gold
                    if "\n" in text[entities[i][0]:max(entities[i][1], entities[j][1])])
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


def load(corpus, shared, pgr_2019=False):
    """(train records, dev records, split facts) of one corpus. pgr_2019: PGR training also
    takes the later silver set's abstracts that the 2018 set lacks (never a withheld one)."""
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
    if corpus in ("posology", "temporal", "cause"):
        train_ids, dev_ids = maccrobat_split(shared)
        train, lost_train = maccrobat_records(shared, train_ids, corpus)
        dev, lost_dev = maccrobat_records(shared, dev_ids, corpus)
        facts = {"split": "MACCROBAT, the NER card's split: sorted PMIDs, "
                          "random.Random(13).shuffle, 128/32",
                 "relations": sorted(MACCROBAT_READING[corpus]),
                 "train_documents": train_ids, "dev_documents": dev_ids,
                 "cross_sentence_positives": {"train": lost_train, "dev": lost_dev}}
        return train, dev, facts
    if corpus == "chemprot":
        train, lost_train = chemprot_records(shared, "train")
        dev, lost_dev = chemprot_records(shared, "dev")
        facts = {"split": "the corpus's own: chemprot_training is train, chemprot_development "
                          "is dev (the test set is withheld)",
                 "train_documents": sorted({r["doc"] for r in train}),
                 "dev_documents": sorted({r["doc"] for r in dev}),
                 "relations_without_candidate": {"train": lost_train, "dev": lost_dev}}
        return train, dev, facts
    if corpus == "pgr":
        withheld = pgr_withheld(shared)
        path = os.path.join(shared, PGR_TRAIN)
        ids = {row[0] for row in pgr_rows(path)} - withheld
        train_ids, dev_ids = split_ids(ids)
        train, skip_train = pgr_records(path, set(train_ids))
        dev, skip_dev = pgr_records(path, set(dev_ids))
        if pgr_2019:
            extra, skip_extra = pgr_records(os.path.join(shared, PGR_2019),
                                            exclude=withheld | ids)
            train, skip_train = train + extra, skip_train + skip_extra
        facts = {"split": "10_12_2018_corpus/train.tsv less the PMIDs of "
                          "WITHHELD_TEST_PMIDS.txt, sorted, random.Random(13).shuffle, last 20% dev",
                 "withheld_pmids_dropped": len(withheld),
                 "train_documents": train_ids, "dev_documents": dev_ids,
                 "rows_with_bad_offsets_skipped": skip_train + skip_dev}
        if pgr_2019:
            facts["split"] += ("; training adds the abstracts of 11_03_2019_corpus/train.tsv.gz "
                               "that are neither withheld nor in the 2018 set "
                               "(train_documents lists the 2018 ones only)")
        return train, dev, facts
    raise ValueError(corpus)


# ---------------------------------------------------------------- CSV entry point
# The CSV name of each data set (the clinical model's data are MACCROBAT's MODIFY pairs).
CSV_NAMES = {"ade": "ade", "ddi2013": "ddi2013", "maccrobat": "clinical",
             "chemprot": "chemprot", "pgr": "pgr", "posology": "posology",
             "temporal": "temporal", "cause": "cause"}


def main():
    from common import default_shared
    ap = argparse.ArgumentParser(description="Write appendix-B CSVs (training/.cache/re/"
                                             "<name>-{train,dev}.csv) without training.")
    ap.add_argument("corpora", nargs="+", choices=sorted(CSV_NAMES))
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", ".cache", "re"))
    args = ap.parse_args()
    for corpus in args.corpora:
        train, dev, facts = load(corpus, args.shared)
        name = CSV_NAMES[corpus]
        n_train = write_csv(os.path.join(args.out, f"{name}-train.csv"), train)
        n_dev = write_csv(os.path.join(args.out, f"{name}-dev.csv"), dev)
        extra = {k: v for k, v in facts.items() if not k.endswith("_documents")}
        print(f"{name}: train {n_train} rows, dev {n_dev} rows; {extra}", flush=True)


if __name__ == "__main__":
    main()

