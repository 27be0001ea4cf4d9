"""Finnish and Swedish full-text search: the catalog's ``SearchableText`` on a
lexicon that understands inflection and compounds.

Plone's stock lexicon (``plone_lexicon``) indexes word forms: ``asemakaava``
does not find ``asemakaavan``, ``kaava`` does not find ``asemakaava``. Ours:

- **Analyser.** Finnish words go through Voikko (Debian ``libvoikko1`` +
  ``voikko-fi``, the ``libvoikko`` binding): every lemma of the word and the
  lemmas of its compound parts (``asemakaavan`` -> asemakaava, asema, kaava;
  ``päiväkodin`` -> päiväkoti, päivä, koti). Of Voikko's analyses only the
  simplest are kept (fewest morphemes: ``asemakaavan`` is also analysed as
  ``ase+makaava``). Without Voikko, Finnish gets the Snowball Finnish stem;
  Swedish always gets the Snowball Swedish stem (``snowballstemmer``).
  Tokens with a digit or ``_`` (diary numbers split into their parts, task
  class codes, ``diary_12_2026``) are kept as they are, never analysed.
- **Language.** The document's language is its content's ``Language()``, the
  site default otherwise (``LanguageTextIndex.index_object`` tells the
  lexicon through a context variable). A query has no language: it is
  normalized both ways (Finnish lemmas and the Swedish stem) and matches
  either (a Swedish stem is indexed only for Swedish documents).
- **Diacritics.** Every indexed token is folded after lemmatizing
  (``päiväkoti`` -> ``paivakoti``; like Plone's stock normalizer), so one
  token serves both spellings and the index is not doubled. A query word that
  Voikko does not know and that has no diacritics is tried with ``a``/``o``
  restored to ``ä``/``ö`` (``paivakodin`` -> päiväkodin -> päiväkoti).
- **Positions.** A document's word forms stay in order (so quoted phrases and
  the diary number's phrase search work exactly as before), followed by a
  separator and the lemmas, parts and stems of its words. Globs (``kaava*``,
  Plone's site search globs every term) run over all of these words, and a
  ``word*`` pattern also matches ``word``'s lemmas.

The lexicon, its pipeline elements and the index are stored in the ZODB:
their classes' dotted names here must not change.

``text.zcml`` registers the pipeline elements with ZCTextIndex's
``element_factory``; ``search.setup`` puts the lexicon ``kp_lexicon`` and the
index into the catalog.
"""

from contextvars import ContextVar
from functools import lru_cache
from itertools import product
from plone.registry.interfaces import IRegistry
from Products.ZCTextIndex.PipelineFactory import element_factory
from Products.ZCTextIndex.ZCTextIndex import PLexicon
from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex
from zope.component import queryUtility
import contextlib
import logging
import re
import snowballstemmer
import threading
import unicodedata


try:
    import libvoikko  # ctypes over Debian's libvoikko.so.1, loaded on first use
except ImportError:  # pragma: no cover
    libvoikko = None


logger = logging.getLogger("municipality.policy.search")

LEXICON_ID = "kp_lexicon"
INDEX_ID = "SearchableText"
SPLITTER = ("Word Splitter", "Kuntaportaali word splitter")
NORMALIZER = ("Case Normalizer", "Kuntaportaali Finnish and Swedish normalizer")
#: between a document's word forms and their lemmas (no query produces it)
SEPARATOR = "\x00"
DEFAULT_LANGUAGE = "fi"
#: the language of the document being indexed (None: the site default)
current_language = ContextVar("kp_text_language", default=None)

WORD = re.compile(r"\w+")
WORD_GLOB = re.compile(r"\w+[\w*?]*")
#: a token kept as it is: digits (numbers, codes, years) or ``_`` (diary_12_2026)
AS_IS = re.compile(r"[\d_]")
#: at most this many variants of a query word with ä/ö restored
MAX_VARIANTS = 64
VOWELS = "aeiouyåäö"
WORDBASE = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


def fold(word):
    """``word`` in lower case without diacritics (``Päiväkoti`` -> ``paivakoti``)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- the analysers ----------------------------------------------------------


class _Voikko:
    """The process's one Voikko handle (not thread-safe: used under a lock)."""

    lock = threading.Lock()
    handle = None
    tried = False

    @classmethod
    def get(cls):
        if not cls.tried:
            with cls.lock:
                if not cls.tried:
                    try:
                        cls.handle = libvoikko.Voikko("fi")
                    except (
                        Exception
                    ) as error:  # OSError: no libvoikko.so.1 or dictionary
                        logger.warning(
                            "Voikko is not available (%s): Finnish search uses the "
                            "Snowball stemmer (apt-get install libvoikko1 voikko-fi)",
                            error,
                        )
                    cls.tried = True
        return cls.handle


def analyser():
    """Which Finnish analyser is in use: ``"voikko"`` or ``"snowball"``."""
    return "voikko" if _Voikko.get() is not None else "snowball"


_stemmers = threading.local()


def _stem(language, word):
    stemmers = getattr(_stemmers, "by_language", None)
    if stemmers is None:
        stemmers = _stemmers.by_language = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        name = {"fi": "finnish", "sv": "swedish"}[language]
        stemmer = stemmers[language] = snowballstemmer.stemmer(name)
    return stemmer.stemWord(word)


def swedish_stem(word):
    """The Snowball Swedish stem of ``word``, completed for two gaps of the
    algorithm: the definite neuter ``-et`` (``daghemmet``, ``barnet``) and the
    doubled consonant before an ending (``daghemmen`` -> daghem)."""
    stem = _stem("sv", word.lower())
    if len(stem) > 4 and stem.endswith("et"):
        stem = stem[:-2]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        stem = stem[:-1]
    return stem


def _parts(analysis):
    """(complexity, lemmas of the compound parts, pairs) of one Voikko
    analysis; pairs are two adjacent parts as one word, for compounds of
    three or more (kauppa|kirja|luonnos: ``kauppakirja``, ``kirjaluonnos``)."""
    bases = analysis.get("WORDBASES")
    baseform = analysis.get("BASEFORM") or ""
    if not bases:
        return analysis.get("STRUCTURE", "").count("=") or 1, (), ()
    groups = WORDBASE.findall(bases)
    parts = []  # [surface, lemma or None (a derivation: its surface)]
    for surface, base in groups:
        if parts and (not base or base.startswith("+")):
            parts[-1] = [parts[-1][0] + surface, None]
        else:
            parts.append([surface, base or None])
    if len(parts) < 2:
        return len(groups), (), ()
    lemmas = [base or surface for surface, base in parts[:-1]]
    prefix = "".join(surface for surface, _base in parts[:-1])
    last = parts[-1]
    if baseform.lower().startswith(prefix.lower()) and len(baseform) > len(prefix):
        lemmas.append(baseform[len(prefix) :])
    else:
        lemmas.append(last[1] or last[0])
    pairs = ()
    if len(parts) > 2:
        surfaces = [surface for surface, _base in parts[:-1]] + [lemmas[-1]]
        pairs = tuple(a + b for a, b in zip(surfaces, surfaces[1:], strict=False))
    return len(groups), tuple(lemmas), pairs


@lru_cache(maxsize=200_000)
def _voikko_analyses(word):
    """Lemmas and compound parts of a Finnish ``word``: (lemmas, parts), or
    None when Voikko does not know it."""
    voikko = _Voikko.get()
    with _Voikko.lock:
        analyses = voikko.analyze(word)
    if not analyses:
        return None
    scored = [
        (_parts(analysis), analysis.get("BASEFORM") or word) for analysis in analyses
    ]
    simplest = min(complexity for (complexity, _p, _q), _lemma in scored)
    lemmas, parts = [], []
    for (complexity, compound, pairs), lemma in scored:
        if complexity == simplest:
            lemmas.append(lemma)
            parts.extend(compound)
            for pair in pairs:
                found = _voikko_analyses(pair)
                if found is not None:
                    parts.extend(found[0])
    return tuple(dict.fromkeys(lemmas)), tuple(dict.fromkeys(parts))


def _finnish_lemmas(word, parts=True):
    """Folded lemmas (and compound parts) of a Finnish word; () if unknown."""
    if _Voikko.get() is None:
        return (fold(_stem("fi", word.lower())),)
    found = _voikko_analyses(word)
    if found is None:
        return ()
    lemmas, compound = found
    words = lemmas + compound if parts else lemmas
    # Voikko marks a part's inner boundary with "=" (toimeen=tulo)
    return tuple(dict.fromkeys(fold(w.replace("=", "")) for w in words))


@lru_cache(maxsize=200_000)
def index_words(word, language):
    """What one word form of a document adds besides itself: its folded
    lemmas and compound parts (Finnish), or its stem (Swedish)."""
    if AS_IS.search(word) or len(word) < 2:
        return ()
    surface = fold(word)
    extra = (fold(swedish_stem(word)),) if language == "sv" else _finnish_lemmas(word)
    return tuple(w for w in extra if w and w != surface)


def _restorations(word):
    """``word`` with each ``a``/``o`` possibly restored to ``ä``/``ö``."""
    lower = word.lower()
    slots = [i for i, c in enumerate(lower) if c in "ao"]
    if not slots or 2 ** len(slots) > MAX_VARIANTS:
        return ()
    variants = []
    for choice in product((False, True), repeat=len(slots)):
        if not any(choice):
            continue
        chars = list(lower)
        for i, umlaut in zip(slots, choice, strict=True):
            if umlaut:
                chars[i] = "ä" if chars[i] == "a" else "ö"
        variants.append("".join(chars))
    return variants


@lru_cache(maxsize=50_000)
def query_words(word):
    """The folded words one query word matches: itself, its Finnish lemmas
    (not its compound parts: ``asemakaava`` does not find ``asema``), failing
    those the lemmas of its spelling with ä/ö restored, and its Swedish stem."""
    surface = fold(word)
    words = [surface]
    if AS_IS.search(word) or len(word) < 2:
        return tuple(words)
    lemmas = _finnish_lemmas(word, parts=False)
    if not lemmas and _Voikko.get() is not None and word.isascii():
        for variant in _restorations(word):
            lemmas += _finnish_lemmas(variant, parts=False)
    words.extend(lemmas)
    words.append(fold(swedish_stem(word)))
    return tuple(dict.fromkeys(w for w in words if w))


# -- the pipeline elements ----------------------------------------------------


class WordSplitter:
    """Words (``\\w+``) of the text, as Plone's splitter finds them (a diary
    number ``ESIM/12/10.03.02/2026`` gives esim 12 10 03 02 2026 and is found
    as a phrase); glob characters kept in a query."""

    def process(self, lst):
        return [word for text in lst for word in WORD.findall(text)]

    def processGlob(self, lst):
        return [word for text in lst for word in WORD_GLOB.findall(text)]


class Normalizer:
    """Indexing: the folded word forms in order, the separator, then each
    form's lemmas, parts or stem (``index_words``) in the document's
    language. A query's words are only lower-cased here: the lexicon
    (``FinnishSwedishLexicon``) normalizes them, knowing whether a word is
    searched alone (by its lemmas) or in a phrase (by its form)."""

    def process(self, lst):
        language = current_language.get() or DEFAULT_LANGUAGE
        forms = [fold(word) for word in lst]
        extra = [w for word in lst for w in index_words(word, language)]
        if not extra:
            return forms
        return [*forms, SEPARATOR, *extra]

    def processGlob(self, lst):
        return [word.lower() for word in lst]

    def process_post_glob(self, lst):
        return [fold(word) for word in lst]


class FinnishSwedishLexicon(PLexicon):
    """``kp_lexicon``: a ZCTextIndex lexicon that searches a single word by
    its lemmas and stems (``query_words``), a phrase by its word forms, and a
    ``word*`` glob by the words starting with ``word`` and by ``word``'s
    lemmas."""

    def termToWordIds(self, text):
        if isinstance(text, str):  # one word (an AtomNode)
            words = [w for term in self.parseTerms(text) for w in query_words(term)]
            return [self._wids.get(word, 0) for word in dict.fromkeys(words)]
        return super().termToWordIds(text)  # a phrase: word forms in order

    def globToWordIds(self, pattern):
        wids = super().globToWordIds(fold(pattern))
        stem = pattern[:-1]
        if pattern.endswith("*") and stem and not self.isGlob(stem):
            known = set(wids)
            for word in query_words(stem):
                wid = self._wids.get(word, 0)
                if wid and wid not in known:
                    known.add(wid)
                    wids.append(wid)
        return wids


def language_of(obj):
    """The language of ``obj``'s text: its ``Language()``, the site default
    otherwise; ``fi`` or ``sv``."""
    value = getattr(obj, "Language", None)
    if callable(value):
        try:
            value = value()
        except Exception:
            value = None
    if not value:
        value = site_language()
    return "sv" if str(value).lower().startswith("sv") else DEFAULT_LANGUAGE


def site_language():
    registry = queryUtility(IRegistry)
    if registry is None:
        return DEFAULT_LANGUAGE
    return registry.get("plone.default_language") or DEFAULT_LANGUAGE


class LanguageTextIndex(ZCTextIndex):
    """A ZCTextIndex that tells its lexicon the language of the object it
    indexes (``current_language``). Same meta type, same queries."""

    def index_object(self, documentId, obj, threshold=None):
        token = current_language.set(language_of(obj))
        try:
            return super().index_object(documentId, obj, threshold)
        finally:
            current_language.reset(token)


def make_lexicon(id=LEXICON_ID):
    """A new ``kp_lexicon``."""
    return FinnishSwedishLexicon(
        id, "Finnish and Swedish (Voikko, Snowball)", WordSplitter(), Normalizer()
    )


def register_elements():
    """Register the pipeline elements with ZCTextIndex's ``element_factory``
    (so the lexicon's page and GenericSetup know them), as Plone does for
    its own elements: once, on import."""
    for (group, name), factory in ((SPLITTER, WordSplitter), (NORMALIZER, Normalizer)):
        with contextlib.suppress(ValueError):  # already registered
            element_factory.registerFactory(group, name, factory)


def log_analyser(event=None):
    """At Zope's start (``text.zcml``): which Finnish analyser is in use."""
    logger.info(
        "Finnish and Swedish search: Finnish analyser %s, Swedish Snowball", analyser()
    )


register_elements()
