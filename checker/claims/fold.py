"""Full-width digits (１２３．４５％), as some reports type them, read like ASCII ones.

The extractor's patterns are written for ASCII digits. Folding is one character for one
character, so every offset in the folded text is the same in the report; claims are
extracted from the folded document and their sentence and value are then taken back from
the report as written (excerpts stay verbatim).
"""

from __future__ import annotations

from checker.claims.model import Extraction
from checker.document import Document

FOLD = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


def needs_fold(doc: Document) -> bool:
    return any(b.text != b.text.translate(FOLD) for b in doc.blocks if b.kind != "table")


def fold_document(doc: Document) -> Document:
    blocks = [
        b if b.kind == "table" else b.model_copy(update={"text": b.text.translate(FOLD)}) for b in doc.blocks
    ]
    return doc.model_copy(update={"blocks": blocks})


def restore(ex: Extraction, original: Document) -> Extraction:
    """Put the report's own characters back into sentences, values and uncovered numbers."""
    # One string of all narrative blocks (NUL-separated, so no match spans two): a sentence
    # is found by one C-level search instead of a Python loop over every block, which
    # was sentences × blocks on a document of many paragraphs.
    original_text = "\x00".join(b.text for b in original.blocks if b.kind != "table")
    folded_text = original_text.translate(FOLD)

    def verbatim(folded: str) -> str:
        if "\x00" in folded:
            return folded
        k = folded_text.find(folded)
        return original_text[k : k + len(folded)] if k >= 0 else folded

    for c in ex.claims:
        c.sentence = verbatim(c.sentence)
        c.value_text = c.sentence[c.span.start : c.span.end] or c.value_text
    for s in ex.sentences:
        s.text = verbatim(s.text)
    for u in ex.uncovered:
        u.sentence = verbatim(u.sentence)
    return ex
