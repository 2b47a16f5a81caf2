"""The Dutch catalogue is complete, compiled, and actually used by the pages.

The UI text in code and templates is English (msgids); Dutch comes from
``locale/nl/LC_MESSAGES/django.po``. These tests fail when:

- an entry of the Dutch catalogue is untranslated or marked fuzzy;
- a translation lost a placeholder (``%(ref)s``) of its msgid;
- the committed ``django.mo`` does not match the ``.po`` (edited without ``compilemessages``);
- the code or templates hold a marked string that is not in the ``.po`` (or the ``.po`` holds one
  that is gone) -- only where the gettext tools are installed, as makemessages needs them.

To update: ``cd src/ketenzicht && ../../manage.py makemessages -l nl -l en --ignore 'tests/*'
--ignore '*/tests/*' --ignore conftest.py``, translate, then ``../../manage.py compilemessages``.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
SOURCE_DIR = LOCALE_DIR.parent
NL_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"


# --- a small .po reader (msgctxt, msgid, msgid_plural, msgstr, msgstr[n], flags) --------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def _unquote(literal: str) -> str:
    # A PO string literal uses C escapes (\" \\ \n \t), which a Python literal reads the same.
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header included; obsolete (``#~``) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal current, target, seen_keyword
        if current is not None and seen_keyword:
            entries.append(current)
        current, target, seen_keyword = None, None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # obsolete entry, kept by makemessages for reference only
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue  # translator, extracted, reference and previous-msgid comments
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            seen_keyword = True
            value = _unquote(literal)
            if keyword == "msgstr" and index is not None:
                current.msgstr_plural[int(index)] = value
                target = ("msgstr_plural", int(index))
            else:
                setattr(current, keyword, value)
                target = (keyword, None)
            continue
        if line.startswith('"') and target is not None:
            value = _unquote(line)
            name, index = target
            if name == "msgstr_plural":
                assert index is not None
                current.msgstr_plural[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        raise AssertionError(f"{path}:{number}: cannot read this line: {raw!r}")
    finish()
    return entries


def messages(path: Path) -> list[Entry]:
    return [entry for entry in parse_po(path) if not entry.is_header]


_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{\{?\s*[A-Za-z_.]+\s*\}?\}")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# --- the catalogue itself --------------------------------------------------------------------


def test_the_po_reader_reads_every_kind_of_entry(tmp_path: Path) -> None:
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(name)s"\n\n'
        'msgctxt "menu"\nmsgid ""\n"Two "\n"lines"\nmsgstr "Twee \\"regels\\""\n\n'
        '#, fuzzy\n#| msgid "Old"\nmsgid "one"\nmsgid_plural "%(n)s many"\n'
        'msgstr[0] "een"\nmsgstr[1] ""\n"%(n)s veel"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Weg"\n',
        encoding="utf-8",
    )
    header, hello, lines, plural = parse_po(po)
    assert header.is_header and "Language: nl" in header.msgstr
    assert (hello.msgid, hello.msgstr, hello.flags) == (
        "Hello %(name)s",
        "Hallo %(name)s",
        {"python-format"},
    )
    assert (lines.msgctxt, lines.msgid, lines.msgstr) == ("menu", "Two lines", 'Twee "regels"')
    assert plural.flags == {"fuzzy"}
    assert plural.translations == ["een", "%(n)s veel"]


def test_the_catalogues_exist() -> None:
    for path in (NL_PO, NL_MO, EN_PO, EN_MO):
        assert path.is_file(), f"{path} is missing; see this module's docstring"


def test_every_dutch_entry_is_translated_and_none_is_fuzzy() -> None:
    entries = parse_po(NL_PO)
    header = entries[0]
    assert header.is_header
    assert "fuzzy" not in header.flags, "the header of the Dutch .po is marked fuzzy"
    assert "Language: nl\n" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr

    problems = []
    for entry in entries[1:]:
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.msgid!r}")
        if entry.msgid_plural is not None and sorted(entry.msgstr_plural) != [0, 1]:
            problems.append(f"line {entry.line}: needs msgstr[0] and msgstr[1]: {entry.msgid!r}")
        if any(not text.strip() for text in entry.translations):
            problems.append(f"line {entry.line}: untranslated: {entry.msgid!r}")
    assert not problems, "Dutch catalogue not complete:\n" + "\n".join(problems)
    assert len(entries) > 400  # the whole UI, not a stray fragment


def test_translations_keep_the_placeholders_of_their_msgid() -> None:
    problems = []
    for entry in messages(NL_PO):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid_plural]
        expected = _placeholders(sources[0])
        for text in entry.translations[-1:]:  # the plural form (or the only form) has them all
            if _placeholders(text) != expected:
                problems.append(f"line {entry.line}: {entry.msgid!r} -> {text!r}")
        for text in entry.translations:
            if not set(_placeholders(text)) <= set(expected):
                problems.append(f"line {entry.line}: unknown placeholder in {text!r}")
    assert not problems, "placeholders changed:\n" + "\n".join(problems)


def test_the_compiled_dutch_catalogue_matches_the_po() -> None:
    """An edit to the .po without running compilemessages fails here."""
    with NL_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = messages(NL_PO)
    problems = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                problems.append(f"{entry.msgid!r}: .mo has {got!r}, .po has {entry.msgstr!r}")
        else:
            for count, expected in ((1, entry.msgstr_plural[0]), (2, entry.msgstr_plural[1])):
                if entry.msgctxt is None:
                    got = compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                else:
                    got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                if got != expected:
                    problems.append(
                        f"{entry.msgid!r} (n={count}): .mo has {got!r}, .po has {expected!r}"
                    )
    # Nothing left in the .mo that the .po no longer has (one key per plural form).
    catalog = compiled._catalog  # type: ignore[attr-defined]
    compiled_count = len([key for key in catalog if key != ""])
    po_count = sum(len(entry.translations) for entry in entries)
    if compiled_count != po_count:
        problems.append(f".mo holds {compiled_count} messages, .po {po_count}")
    assert not problems, (
        "django.mo is out of date; run compilemessages in src/ketenzicht:\n" + "\n".join(problems)
    )


def test_the_english_catalogue_has_the_same_messages() -> None:
    assert {e.key for e in messages(EN_PO)} == {e.key for e in messages(NL_PO)}
    header = parse_po(EN_PO)[0]
    assert header.is_header and "Language: en\n" in header.msgstr


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msguniq") and shutil.which("msgmerge")),
    reason="makemessages needs the GNU gettext tools",
)
def test_the_po_holds_every_marked_string_of_code_and_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run makemessages on a copy of the sources and compare the msgids with the committed .po."""
    copy = tmp_path / "ketenzicht"
    shutil.copytree(
        SOURCE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            "tests", "conftest.py", "__pycache__", "static", "migrations", "*.mo"
        ),
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["nl"], verbosity=0)
    fresh = {entry.key for entry in messages(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")}
    committed = {entry.key for entry in messages(NL_PO)}
    missing = sorted(str(key[1]) for key in fresh - committed)
    stale = sorted(str(key[1]) for key in committed - fresh)
    assert not missing and not stale, (
        "src/ketenzicht/locale/nl is not in step with the sources; run makemessages "
        f"(see this module's docstring).\nNot in the .po: {missing}\nNo longer used: {stale}"
    )


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()


@pytest.mark.django_db
def test_the_work_queue_is_dutch_by_default_and_english_on_request(client, vt_worker) -> None:
    client.force_login(vt_worker)

    dutch = client.get(reverse("casework:queue"))
    html = dutch.content.decode()
    assert dutch.status_code == 200
    assert '<html lang="nl">' in html
    assert "Werkvoorraad" in html
    assert "Nieuw contact" in html
    assert "Work queue" not in html

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/zaken/"})
    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    english = client.get(reverse("casework:queue"))
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "Work queue" in html
    assert "New contact" in html
    assert "Werkvoorraad" not in html

    client.post(reverse("set_language"), {"language": "nl", "next": "/zaken/"})
    assert "Werkvoorraad" in client.get(reverse("casework:queue")).content.decode()


@pytest.mark.django_db
def test_the_report_form_speaks_dutch(client, intake_worker) -> None:
    client.force_login(intake_worker)
    html = client.get(reverse("intake:report_new")).content.decode()
    assert "Melding registreren" in html
    assert "Persoon toevoegen" in html
    assert "Woongemeente" in html


SAME_IN_DUTCH = {"project"}  # model names that are the same word in both languages


def test_every_model_of_ours_names_itself_in_the_catalogue() -> None:
    """The admin and its permission names ("Can view ...") use a model's verbose name: every
    model of the project sets one (and its plural) explicitly, so that it is a marked string
    with a Dutch translation rather than a name Django derives from the class in English."""
    from django.apps import apps

    nameless = [
        f"{model._meta.label}: {option}"
        for model in apps.get_models()
        if model.__module__.startswith("ketenzicht.")
        for option in ("verbose_name", "verbose_name_plural")
        if option not in model._meta.original_attrs
    ]
    assert nameless == []
    english, dutch = ({}, {})
    for language, names in (("en", english), ("nl", dutch)):
        with translation.override(language):
            for model in apps.get_models():
                if model.__module__.startswith("ketenzicht."):
                    names[model._meta.label] = str(model._meta.verbose_name)
    untranslated = [
        label
        for label, name in english.items()
        if dutch[label] == name and name not in SAME_IN_DUTCH
    ]
    assert untranslated == []
