"""Marks the words of a result that answer the query, the way the index matched them.

The index folds accents and case and stems French plurals, so « etoile » finds
« étoiles »: the highlighting compares words the same way (folded, a crude French
plural/feminine stem), otherwise a reader could not see why a result came up.
Works identically for both backends and needs no extra round-trip to the server.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

WORD = re.compile(r"\w+", re.UNICODE)
ELIDED = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
# Short words that should never light up a whole summary (articles, prepositions…).
IGNORED = {
    "au", "aux", "ce", "ces", "dans", "de", "des", "du", "en", "et", "la", "le", "les",
    "ou", "par", "pour", "sur", "un", "une",
}


def fold(text):
    """Lower case, accents removed: « Étoiles » -> « etoiles »."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word):
    """A crude French stem, enough to match singular and plural, masculine and feminine."""
    word = fold(ELIDED.sub("", word))
    for suffix in ("es", "s", "x", "e"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word


def query_stems(query):
    return {stem(word) for word in WORD.findall(query or "") if fold(word) not in IGNORED}


def highlight(text, query, length=None):
    """HTML-escaped `text`, optionally truncated, with matching words in <mark>."""
    text = text or ""
    if length:
        text = Truncator(text).chars(length)
    stems = query_stems(query)
    if not stems:
        return escape(text)
    parts, last = [], 0
    for match in WORD.finditer(text):
        if stem(match.group()) in stems:
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
