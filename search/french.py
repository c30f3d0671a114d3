"""French text as search compares it: elision, case and accent folding, a light stemmer.

The one Python implementation of the analysis Elasticsearch applies with its `elision`,
`lowercase`, `stop`, `light_french` and `asciifolding` filters (`search.index_settings`).
The embedded database backend indexes and queries through it (`search.database`), the
highlighting marks words with it (`search.templatetags.search_tags`) and the autocomplete
folds what is typed with it, so « etoile », « Étoiles » and « l'étoile » are one word
everywhere.
"""

import re
import unicodedata

# Articles elided in front of a vowel: « l'étoile » is the word « étoile ».
ELISION_ARTICLES = ("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")

# Words too common to mean anything on their own (folded): never indexed, never required.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous y
    """.split()
)

WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
APOSTROPHE = re.compile(r"['’]")
ELIDED = re.compile(r"^(?:%s)['’]" % "|".join(ELISION_ARTICLES), re.IGNORECASE)


def fold(text):
    """Lower case, accents removed: « Étoiles » → « etoiles », « Œuvre » → « oeuvre »."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def elide(word):
    """« l'étoile » → « étoile », « jusqu'au » → « au »."""
    return ELIDED.sub("", word)


def stem(word):
    """A light French stem of one folded word: plural and feminine endings removed.

    Light on purpose, like Elasticsearch's `light_french`: singular and plural, masculine
    and feminine meet (« étoiles » / « étoile », « châteaux » / « château », « animaux » /
    « animal »), different words stay apart.
    """
    if len(word) > 4 and word.endswith("x"):
        # -aux is the plural of -al (« animaux »), except after an e (« châteaux »).
        word = word[:-2] + "l" if word.endswith("aux") and word[-4] != "e" else word[:-1]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for _ in range(2):  # « observées » → « observee » → « observ », like « observé »
        if len(word) > 4 and word.endswith("e"):
            word = word[:-1]
    return word


def tokens(text):
    """(start, end, folded words) for each word of `text`, elided article dropped.

    An apostrophe left after elision splits the word (« aujourd'hui » → aujourd, hui), as
    Elasticsearch's standard tokenizer does.
    """
    for match in WORD.finditer(text or ""):
        yield match.start(), match.end(), APOSTROPHE.split(fold(elide(match.group())))


def words(text):
    return [word for _, _, parts in tokens(text) for word in parts if word]


def analyse(text):
    """The stems `text` is indexed and searched by: « Les étoiles filantes » → [etoil, filant]."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def autocomplete_terms(text):
    """Folded words for prefix matching (no stemming: « obs » must stay a prefix)."""
    return words(text)
