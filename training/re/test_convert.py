"""Unit tests of the ADE, ChemProt, PGR and MACCROBAT (posology, temporal, cause) converters and of
the DDI negative-instance filter, on small files in each corpus's released format. The same
cases are checked on the TypeScript readers in test/unit/main/evaluation/re/reReaders.test.ts."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert  # noqa: E402
import features  # noqa: E402
from spec import SPECS  # noqa: E402


def write(root, files):
    for path, content in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(content)


def label(record, i, j):
    """The record's label of entities i and j, either order; None when not a candidate."""
    for a, b, lab in record["pairs"]:
        if {a, b} == {i, j}:
            return lab
    return None


class AdeTest(unittest.TestCase):
    TEXT = "Gastric bleeding followed aspirin and heparin 5000 units; aspirin was stopped."

    def line(self, pmid, other, drug):
        # PMID|sentence|effect or dose|begin|end|drug|begin|end (document offsets, unused).
        return f"{pmid}|{self.TEXT}|{other}|0|0|{drug}|0|0"

    def records(self, pmids, extra_ae=()):
        d = "datasets/ade_corpus_v2/"
        with tempfile.TemporaryDirectory() as shared:
            write(shared, {
                d + "DRUG-AE.rel": "\n".join([
                    self.line("11", "Gastric bleeding", "aspirin"),
                    self.line("11", "melena", "aspirin"),  # not in the sentence: no pair
                    "",  # an empty line holds no relation
                    self.line("12", "Gastric bleeding", "heparin"),  # another abstract
                    *extra_ae]),
                d + "DRUG-DOSE.rel": self.line("11", "5000 units", "heparin") + "\n",
            })
            return convert.ade_records(shared, pmids)

    def test_ae_and_dose_with_negatives(self):
        (r,) = self.records({"11"})
        # Each mention at its first occurrence: the first "aspirin" (26), not the second (58).
        self.assertEqual(r["entities"], [(26, 33, "Drug"), (0, 16, "AdverseEffect"),
                                         (38, 45, "Drug"), (46, 56, "Dosage")])
        t, e = r["text"], r["entities"]
        pairs = sorted((t[e[i][0]:e[i][1]], t[e[j][0]:e[j][1]], lab) for i, j, lab in r["pairs"])
        self.assertEqual(pairs, [("Gastric bleeding", "aspirin", "ADE"),
                                 ("Gastric bleeding", "heparin", "O"),
                                 ("aspirin", "5000 units", "O"),
                                 ("heparin", "5000 units", "DOSE")])

    def test_every_abstract_without_pmids(self):
        self.assertEqual([r["doc"] for r in self.records(None)], ["11", "12"])

    def test_malformed_line_is_refused_with_its_number(self):
        # Too few fields, or a "|" inside a field (9 fields): refused even outside the wanted PMIDs.
        for bad, found in (("11|too few columns", 2), (self.line("12", "a|b", "heparin"), 9)):
            with self.assertRaisesRegex(ValueError, rf"DRUG-AE\.rel is malformed at line 5: "
                                                    rf"expected 8 fields .* found {found}\."):
                self.records({"11"}, extra_ae=[bad])


class ChemprotTest(unittest.TestCase):
    def test_sentences_and_groups(self):
        title, body = "Aspirin inhibits COX-1.", "Caffeine binds ADORA2A. Nothing here."
        with tempfile.TemporaryDirectory() as shared:
            d = "datasets/chemprot/chemprot_development/chemprot_development_"
            write(shared, {
                d + "abstracts.tsv": f"100\t{title}\t{body}\n",
                d + "entities.tsv": "100\tT1\tCHEMICAL\t0\t7\tAspirin\n100\tT2\tGENE-Y\t17\t22\tCOX-1\n"
                                    "100\tT3\tCHEMICAL\t24\t32\tCaffeine\n"
                                    "100\tT4\tGENE-N\t39\t46\tADORA2A\n",
                d + "gold_standard.tsv": "100\tCPR:4\tArg1:T1\tArg2:T2\n",
            })
            records, lost = convert.chemprot_records(shared, "dev")
        self.assertEqual([r["text"] for r in records], [title, "Caffeine binds ADORA2A."])
        self.assertEqual(records[0]["pairs"], [(0, 1, "CPR:4")])
        self.assertEqual(records[1]["entities"][1], (15, 22, "GENE-N"))
        self.assertEqual(records[1]["pairs"], [(0, 1, "O")])
        self.assertEqual(lost, 0)


class PgrTest(unittest.TestCase):
    HEADER = ("FILE_ID\tSENTENCE\tGENE\tPHENOTYPE\tGENE_ID\tPHENOTYPE_ID\tGENE_START_POSITION\t"
              "GENE_END_POSITION\tPHENOTYPE_START_POSITION\tPHENOTYPE_END_POSITION\tRELATION")
    TEXT = "BRCA1 and TP53 variants cause cancer."

    def row(self, gene, start, relation, extra=""):
        return (f"7\t{self.TEXT}\t{gene}\tcancer\t1\tHP_1\t{start}\t{start + len(gene)}\t30\t36\t"
                f"{relation}{extra}")

    def records(self, lines, **kw):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.tsv")
            write(d, {"x.tsv": "\n".join(lines) + "\n"})
            return convert.pgr_records(path, **kw)

    def test_pairs(self):
        (record,), skipped = self.records([self.HEADER, self.row("BRCA1", 0, "True"),
                                           self.row("TP53", 10, "FALSE")])
        self.assertEqual([e[2] for e in record["entities"]], ["GENE", "GENE", "PHENOTYPE"])
        self.assertEqual(record["pairs"], [(0, 2, "related"), (1, 2, "O")])
        self.assertEqual(skipped, 0)

    def test_confirmation_flips_and_bad_offsets_skip(self):
        (record,), skipped = self.records([self.HEADER + "\tCONFIRMATION",
                                           self.row("BRCA1", 0, "TRUE", "\tI"),
                                           self.row("TP53", 10, "FALSE", "\tI"),
                                           self.row("TP53", 11, "TRUE", "\tC")])
        self.assertEqual(record["pairs"], [(0, 2, "O"), (1, 2, "related")])
        self.assertEqual(skipped, 1)

    def test_withheld_documents_are_left_out(self):
        records, _ = self.records([self.HEADER, self.row("BRCA1", 0, "True")], exclude={"7"})
        self.assertEqual(records, [])


class MaccrobatReadingsTest(unittest.TestCase):
    TEXT = "Fever began after aspirin 81 mg orally for 3 days; rash followed.\n"
    ANN = "\n".join([
        "T1\tSign_symptom 0 5\tFever", "E1\tSign_symptom:T1 ",
        "T2\tMedication 18 25\taspirin", "E2\tMedication:T2 ",
        "T3\tDosage 26 31\t81 mg", "T4\tAdministration 32 38\torally",
        "T5\tDuration 43 49\t3 days", "E3\tDuration:T5 ",
        "T6\tSign_symptom 51 55\trash", "E4\tSign_symptom:T6 ",
        "R1\tMODIFY Arg1:T3 Arg2:E2\t", "R2\tMODIFY Arg1:T4 Arg2:E2\t",
        "R3\tBEFORE Arg1:E2 Arg2:E1\t", "R4\tCAUSE Arg1:E2 Arg2:E4\t",
        "*\tOVERLAP E2 E3 E1",
    ])

    def records(self, model):
        with tempfile.TemporaryDirectory() as shared:
            d = "datasets/maccrobat2020/MACCROBAT2020/"
            write(shared, {d + "1.txt": self.TEXT, d + "1.ann": self.ANN})
            records, _ = convert.maccrobat_records(shared, ["1"], model)
        return records[0]

    def test_posology(self):
        r = self.records("posology")
        self.assertEqual([e[2] for e in r["entities"]], ["Drug", "Dosage", "Route", "Duration"])
        self.assertEqual([label(r, 0, j) for j in (1, 2, 3)],
                         ["drug_dosage", "drug_route", "drug_duration"])

    def test_temporal(self):
        r = self.records("temporal")
        fever, aspirin, days, rash = 0, 1, 2, 3
        self.assertEqual(label(r, fever, aspirin), "AFTER")  # aspirin BEFORE fever, text order
        self.assertEqual(label(r, aspirin, days), "OVERLAP")
        self.assertEqual(label(r, fever, days), "OVERLAP")
        self.assertEqual(label(r, aspirin, rash), "O")

    def test_cause(self):
        r = self.records("cause")
        self.assertEqual([e[2] for e in r["entities"]], ["Symptom", "Drug", "Symptom"])
        self.assertEqual(label(r, 1, 2), "CAUSE")
        self.assertEqual(label(r, 0, 1), "O")


class NegativeFilterTest(unittest.TestCase):
    def test_trivial_negatives(self):
        text = "Aspirin (ASA), warfarin, heparin and aspirin; warfarin increases heparin effects."
        names = ["Aspirin", "ASA", "warfarin", "heparin", "aspirin"]
        ents, at = [], 0
        for n in names:
            at = text.index(n, at)
            ents.append((at, at + len(n), "drug"))
            at += len(n)
        w = text.index("warfarin increases")
        ents += [(w, w + 8, "drug"), (text.index("heparin effects"), text.index(" effects"), "drug")]
        sent = features.Sentence(text, {})
        why = lambda i, j: features.trivial_negative(sent, ents, i, j)  # noqa: E731
        self.assertEqual(why(0, 1), "abbreviation")
        self.assertEqual(why(0, 4), "same")
        self.assertEqual(why(2, 4), "list")  # warfarin, heparin and aspirin
        self.assertEqual(why(2, 3), "list")  # a comma between
        self.assertIsNone(why(5, 6))  # "increases" between
        self.assertEqual(SPECS["ddi2013"].classes[0], "O")


if __name__ == "__main__":
    unittest.main()
