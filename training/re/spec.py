"""Per-model RE specs: entity types, the whitelist of typed pairs (with head/tail roles and, for
the clinical model, the relation category each pair gets), the classes and the pair filter.

Written to labels.json at export; the TypeScript pair step reads it from there, so the
whitelist exists once per model.
"""
CORE = ["Problem", "Symptom", "Procedure", "Test"]
DDI_TYPES = ["drug", "brand", "group", "drug_n"]
CHEMPROT_GENES = ["GENE-Y", "GENE-N"]


class Spec:
    def __init__(self, name, types, pairs, classes, max_tokens, max_between):
        self.name = name
        self.types = types
        self.pairs = pairs  # [{"head": [...], "tail": [...], "category": str|None}]
        self.classes = classes  # "O" first
        self.max_tokens = max_tokens  # tokens strictly between the two entities
        self.max_between = max_between  # entities + clause punctuation between (syntax stand-in)

    def roles(self, type_a, type_b):
        """(entry, a_is_head) of the first whitelist entry pairing the two types, else None."""
        for entry in self.pairs:
            if type_a in entry["head"] and type_b in entry["tail"]:
                return entry, True
            if type_b in entry["head"] and type_a in entry["tail"]:
                return entry, False
        return None

    def category(self, type_a, type_b):
        found = self.roles(type_a, type_b)
        return found[0]["category"] if found else None

    def to_json(self):
        return {"types": self.types, "pairs": self.pairs, "classes": self.classes,
                "maxTokens": self.max_tokens, "maxBetween": self.max_between}


CLINICAL_PAIRS = [
    {"head": ["Problem", "Symptom"], "tail": ["BodyPart"], "category": "bodypart_problem"},
    {"head": ["Procedure", "Test"], "tail": ["BodyPart"], "category": "bodypart_procedure"},
    {"head": CORE, "tail": ["Direction"], "category": "direction_finding"},
    {"head": CORE, "tail": ["Severity"], "category": "severity_finding"},
    {"head": ["BodyPart"], "tail": ["Direction"], "category": "bodypart_direction"},
    {"head": ["Test"], "tail": ["TestResult"], "category": "test_result"},
]

POSOLOGY_PAIRS = [
    {"head": ["Drug"], "tail": ["Dosage"], "category": "drug_dosage"},
    {"head": ["Drug"], "tail": ["Frequency"], "category": "drug_frequency"},
    {"head": ["Drug"], "tail": ["Route"], "category": "drug_route"},
    {"head": ["Drug"], "tail": ["Duration"], "category": "drug_duration"},
]
# Temporal relations hold between events and time expressions; classes read in text order:
# BEFORE = the first entity happens before the second.
EVENTS = ["Problem", "Symptom", "Procedure", "Test", "Drug"]
TEMPORAL_TYPES = EVENTS + ["Date", "Duration"]
CAUSE_TYPES = ["Problem", "Symptom", "Procedure", "Drug"]

SPECS = {
    "clinical": Spec("clinical", ["BodyPart", "Direction", "Severity", "TestResult"] + CORE,
                     CLINICAL_PAIRS, ["O"] + [p["category"] for p in CLINICAL_PAIRS],
                     max_tokens=20, max_between=6),
    # ADE corpus v2: drug -> adverse effect (DRUG-AE.rel) and drug -> dose (DRUG-DOSE.rel).
    "ade": Spec("ade", ["Drug", "AdverseEffect", "Dosage"],
                [{"head": ["Drug"], "tail": ["AdverseEffect"], "category": None},
                 {"head": ["Drug"], "tail": ["Dosage"], "category": None}],
                ["O", "ADE", "DOSE"], max_tokens=None, max_between=None),
    "ddi2013": Spec("ddi2013", DDI_TYPES, [{"head": DDI_TYPES, "tail": DDI_TYPES, "category": None}],
                    ["O", "advise", "effect", "int", "mechanism"], max_tokens=None, max_between=None),
    # The five groups BioCreative VI evaluates; the other CPR groups are O (as in the track).
    "chemprot": Spec("chemprot", ["CHEMICAL"] + CHEMPROT_GENES,
                     [{"head": ["CHEMICAL"], "tail": CHEMPROT_GENES, "category": None}],
                     ["O", "CPR:3", "CPR:4", "CPR:5", "CPR:6", "CPR:9"],
                     max_tokens=None, max_between=None),
    "pgr": Spec("pgr", ["GENE", "PHENOTYPE"],
                [{"head": ["GENE"], "tail": ["PHENOTYPE"], "category": None}],
                ["O", "related"], max_tokens=None, max_between=None),
    # MACCROBAT: a drug's dosage, route (Administration), frequency and duration.
    "posology": Spec("posology", ["Drug", "Dosage", "Frequency", "Route", "Duration"],
                     POSOLOGY_PAIRS, ["O"] + [p["category"] for p in POSOLOGY_PAIRS],
                     max_tokens=None, max_between=None),
    "temporal": Spec("temporal", TEMPORAL_TYPES,
                     [{"head": TEMPORAL_TYPES, "tail": TEMPORAL_TYPES, "category": None}],
                     ["O", "BEFORE", "AFTER", "OVERLAP"], max_tokens=None, max_between=None),
    # Undirected: MACCROBAT has too few CAUSE links (131) to learn cause vs. effect apart.
    "cause": Spec("cause", CAUSE_TYPES,
                  [{"head": CAUSE_TYPES, "tail": CAUSE_TYPES, "category": None}],
                  ["O", "CAUSE"], max_tokens=None, max_between=None),
}
