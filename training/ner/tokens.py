"""Tokenization and normalization shared with the TypeScript side.

Named tokens.py (not tokenize.py) so it never shadows the stdlib `tokenize`
module that torch/inspect import when this folder is first on sys.path.

The product tokenizes with the JS regex TOKEN_PATTERN below. Python's `re`
has no \\p{..} classes, so we scan code points with unicodedata categories,
which reproduces the JS regex exactly (including combining marks and JS's
definition of \\s). APPROX_RE is the stdlib-regex approximation; the unit
tests check that both agree on ASCII text.
"""
import re
import unicodedata

TOKEN_PATTERN = r"[\p{L}\p{M}]+|\p{Nd}+|[^\s\p{L}\p{M}\p{Nd}]"  # JS, flags "gu"
APPROX_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]|_")
MAX_CHARS = 16

# JS \s (ECMAScript WhiteSpace + LineTerminator), which differs from str.isspace().
_JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200B)
}

LETTER, DIGIT, SPACE, OTHER = 0, 1, 2, 3


def char_class(ch):
    if ch in _JS_SPACE:
        return SPACE
    cat = unicodedata.category(ch)
    if cat[0] in "LM":
        return LETTER
    if cat == "Nd":
        return DIGIT
    return OTHER


def tokenize(text):
    """Return [(start, end)] code-point offsets of tokens, same as the JS regex."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = char_class(text[i])
        if c == SPACE:
            i += 1
            continue
        j = i + 1
        if c in (LETTER, DIGIT):
            while j < n and char_class(text[j]) == c:
                j += 1
        out.append((i, j))
        i = j
    return out


def normalize_word(tok):
    """Word-vocabulary key: lowercase, then every decimal digit (\\p{Nd}) -> '0'."""
    return "".join("0" if unicodedata.category(ch) == "Nd" else ch for ch in tok.lower())
