"""Our .po catalogues: every translation keeps the ``${...}`` variables of its
message (else the page shows ``${xhtml}`` or drops a value), and each
catalogue compiles without duplicate msgids."""

from pathlib import Path
import ast
import pytest
import re


ROOT = Path(__file__).resolve().parents[1] / "src"
CATALOGUES = sorted(ROOT.glob("*/src/municipality/*/locales/*/LC_MESSAGES/*.po"))
VARIABLE = re.compile(r"\$\{(\w+)\}")


def entries(path):
    """``(line, msgid, default, msgstr, fuzzy)`` of a .po file."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        default, fuzzy = None, False
        parts, current = {"msgid": [], "msgstr": []}, None
        for line in block.splitlines():
            if line.startswith("#. Default:"):
                default = ast.literal_eval(line[len("#. Default:") :].strip())
            elif line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msgid "):
                current = "msgid"
                parts[current].append(line[len("msgid ") :])
            elif line.startswith("msgstr "):
                current = "msgstr"
                parts[current].append(line[len("msgstr ") :])
            elif line.startswith('"') and current:
                parts[current].append(line)
        if parts["msgid"]:
            msgid = "".join(ast.literal_eval(p) for p in parts["msgid"])
            msgstr = "".join(ast.literal_eval(p) for p in parts["msgstr"])
            found.append((msgid, default, msgstr, fuzzy))
    return found


def test_catalogues_found():
    names = {path.name for path in CATALOGUES}
    assert {"municipality.po", "plone.po", "zope.po"} <= names
    langs = {path.parts[-3] for path in CATALOGUES}
    assert langs == {"fi", "sv", "en"}


def variables(text):
    return sorted(set(VARIABLE.findall(text)))


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES]
)
def test_translations_keep_their_variables(path):
    """A message with text (a msgid with ``${...}``, or an id with its
    ``#. Default:``): the translation has exactly its variables."""
    wrong = []
    for msgid, default, msgstr, fuzzy in entries(path):
        if not msgid or not msgstr or fuzzy:
            continue
        if default is None and not VARIABLE.search(msgid):
            continue  # an id without its text: compared across languages below
        source = default if default is not None else msgid
        if variables(source) != variables(msgstr):
            wrong.append((msgid, variables(source), variables(msgstr)))
    assert wrong == []


def groups():
    """Catalogues of one package and domain: ``{(package, domain): {lang: path}}``."""
    found = {}
    for path in CATALOGUES:
        package = path.relative_to(ROOT).parts[0]
        found.setdefault((package, path.stem), {})[path.parts[-3]] = path
    return found


@pytest.mark.parametrize("key", sorted(groups()), ids="/".join)
def test_languages_agree_on_variables(key):
    """An id such as ``msg_document_registered`` has no text of its own: its
    Finnish, Swedish and English translations name the same variables."""
    by_lang = {
        lang: {
            msgid: variables(msgstr)
            for msgid, _default, msgstr, fuzzy in entries(path)
            if msgid and msgstr and not fuzzy
        }
        for lang, path in groups()[key].items()
    }
    disagreeing = []
    for msgid in set().union(*by_lang.values()):
        seen = {lang: found[msgid] for lang, found in by_lang.items() if msgid in found}
        if len({tuple(v) for v in seen.values()}) > 1:
            disagreeing.append((msgid, seen))
    assert disagreeing == []


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES]
)
def test_no_duplicate_msgids(path):
    seen, duplicates = set(), []
    for msgid, _default, _msgstr, _fuzzy in entries(path):
        if msgid in seen:
            duplicates.append(msgid)
        seen.add(msgid)
    assert duplicates == []


def test_the_check_finds_a_dropped_variable(tmp_path):
    """The check itself: Plone's Finnish description_validation (as shipped)
    names variables its page no longer maps."""
    po = tmp_path / "plone.po"
    po.write_text(
        '#. Default: "If this web site does not validate correctly, please '
        'contact the ${site_admin}."\n'
        'msgid "description_validation"\n'
        'msgstr "Sivustolla käytetään ${xhtml} 1.0- ja ${css}-standardeja. '
        'Ota yhteyttä ${site_admin}on."\n',
        encoding="utf-8",
    )
    ((msgid, default, msgstr, _fuzzy),) = entries(po)
    assert set(VARIABLE.findall(default)) != set(VARIABLE.findall(msgstr))
