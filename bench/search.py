"""Finnish and Swedish full-text search (issue 15) against Plone's stock text index.

Both are a ZCTextIndex (Okapi BM25) over the same synthetic texts, in the same
run: ours on ``kp_lexicon`` (``municipality.policy.search.text``: Voikko lemmas
and compound parts, Snowball stems), stock on Plone's ``plone_lexicon`` pipeline
(Unicode Whitespace splitter + Unicode Ignoring Accents Case Normalizer). The
texts are built from the demo's vocabulary (the case templates' titles and
paragraphs, and the Swedish cases: one text in ten is Swedish), with a running
number, a year and a made-up surname in each, so that the vocabulary grows with
the corpus as real records' does.

- ``bench_search_indexing``: index 10 000 documents' text (a document: title and
  two to four paragraphs), each index from empty, analyser caches cold.
- ``bench_search_query``: query latency p50 and p95 over an index of 100 000
  cases' texts (a case: title, public title, a paragraph), for the relevance
  set's queries, as typed and as Plone's site search globs them (``term*``);
  and the index's size (lexicon + index in a FileStorage of their own).
"""

from functools import lru_cache
from harness import ROOT
from harness import pick
from harness import timed
from municipality.policy.demo import cases as demo_cases
from municipality.policy.demo import swedish
from municipality.policy.search import text
from OFS.Folder import Folder
from plone.base.utils import munge_search_term
from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer
from Products.CMFPlone.UnicodeSplitter.splitter import Splitter as PloneSplitter
from Products.ZCTextIndex.ZCTextIndex import PLexicon
from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex
from ZODB import DB
from ZODB.FileStorage import FileStorage
import os
import random
import tempfile
import time
import transaction


SURNAMES = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Holmström", "Björklund",
]  # fmt: skip


class Extra:
    index_type = "Okapi BM25 Rank"
    lexicon_id = "lexicon"
    doc_attr = "SearchableText"


class Text:
    def __init__(self, value, language):
        self.value = value
        self.language = language

    def SearchableText(self):
        return self.value

    def Language(self):
        return self.language


def _fmt(value, variant):
    return value.format(**variant) if value else ""


@lru_cache(maxsize=1)
def vocabulary():
    """(Finnish sentences, Swedish sentences, Finnish titles) of the demo."""
    fi, titles = [], []
    for template in demo_cases.TEMPLATES:
        for variant in template["variants"]:
            titles.append(_fmt(template["title"], variant))
            for document in template["documents"]:
                titles.append(_fmt(document["title"], variant))
                fi.extend(_fmt(p, variant) for p in document["paragraphs"])
    sv = [p for case in swedish.CASES for doc in case["documents"] for p in doc[3]]
    sv += [case["title"] for case in swedish.CASES]
    return fi, sv, titles


def make_texts(count, paragraphs, seed):
    """``count`` synthetic (text, language) pairs."""
    rng = random.Random(seed)
    fi, sv, titles = vocabulary()
    texts = []
    for number in range(count):
        swedish_text = number % 10 == 9
        pool = sv if swedish_text else fi
        title = rng.choice(sv if swedish_text else titles)
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(*paragraphs)))
        unique = f"{rng.choice(SURNAMES)}{number % 997} {number} {2000 + number % 27}"
        texts.append((f"{title} {body} {unique}", "sv" if swedish_text else "fi"))
    return texts


def build(kind, texts):
    """A folder holding a lexicon and ``index`` (ours or stock) over ``texts``."""
    folder = Folder("f")
    if kind == "ours":
        folder._setObject("lexicon", text.make_lexicon("lexicon"))
        factory = text.LanguageTextIndex
    else:
        lexicon = PLexicon("lexicon", "", PloneSplitter(), I18NNormalizer())
        folder._setObject("lexicon", lexicon)
        factory = ZCTextIndex
    folder._setObject("index", factory("SearchableText", extra=Extra(), caller=folder))
    index = folder.index
    for docid, (value, language) in enumerate(texts):
        index.index_object(docid, Text(value, language))
    return folder


def clear_caches():
    for cached in (text.index_words, text.query_words, text._voikko_analyses):
        cached.cache_clear()


def bench_search_indexing(app, report):
    size = pick(10_000, 200)
    texts = make_texts(size, (2, 4), seed=15)
    timings = {}
    for kind in ("ours", "stock"):

        def run(kind=kind):
            clear_caches()
            build(kind, texts)

        timings[kind] = timed(run, repeat=3)
    report.add(
        f"index {size} documents' text (s)", timings["ours"], timings["stock"], unit="s"
    )


def queries():
    """The relevance set's queries (tests/relevance_fi_sv.tsv)."""
    path = ROOT / "tests" / "relevance_fi_sv.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [row[1] for row in rows if len(row) == 4 and not row[0].startswith("#")]


def latencies(folder, terms, repeat):
    found = []
    for _ in range(repeat):
        for term in terms:
            start = time.perf_counter()
            folder.index.query(term, 20)
            found.append(time.perf_counter() - start)
    return found


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def size_mb(folder):
    """The size of the lexicon and the index stored in a FileStorage of their
    own (a throwaway database, its own transaction manager), in MB."""
    with tempfile.TemporaryDirectory(prefix="kp-bench-search-") as tmp:
        path = os.path.join(tmp, "Data.fs")
        db = DB(FileStorage(path))
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        connection.root()["folder"] = folder
        manager.commit()
        size = os.path.getsize(path)
        connection.close()
        db.close()
    return size / 1e6


def bench_search_query(app, report):
    size = pick(100_000, 1_000)
    texts = make_texts(size, (1, 1), seed=100)
    terms = queries()
    globbed = [munge_search_term(term) for term in terms]
    built = {kind: build(kind, texts) for kind in ("ours", "stock")}
    repeat = pick(5, 1)
    for label, query_terms in (("as typed", terms), ("site search term*", globbed)):
        measured = {
            kind: latencies(folder, query_terms, repeat)
            for kind, folder in built.items()
        }
        for name, share in (("p50", 0.5), ("p95", 0.95)):
            report.add(
                f"query {label} at {size} cases, {name} (ms)",
                [percentile(measured["ours"], share)],
                [percentile(measured["stock"], share)],
            )
    words = {kind: len(folder.lexicon._wids) for kind, folder in built.items()}
    print(
        f"  lexicon words at {size} cases: ours {words['ours']}, stock {words['stock']}"
    )
    report.add(
        f"index size at {size} cases (MB, FileStorage)",
        [size_mb(built["ours"])],
        [size_mb(built["stock"])],
        unit="MB",
    )


BENCHMARKS = [bench_search_indexing, bench_search_query]
