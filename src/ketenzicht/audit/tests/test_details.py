"""The access log's details are shown in the reader's language (``audit.details.describe``).

The first test reads every detail the code writes (every ``detail=`` argument and the
positional detail of the log helpers, in every module outside the tests) and checks that each
word of it is a known phrase, so a new detail cannot slip through in English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from ketenzicht.audit import details
from ketenzicht.audit.details import PHRASES, describe

ROOT = Path(details.__file__).resolve().parent.parent
# Helpers that take the detail as a positional argument (the last string given).
POSITIONAL = {"_log", "_log_view", "_audit", "log", "_client_entry"}
# Names, not words: the same in every language.
NAMES = {
    "OpenID",
    "Connect",
    "MDA++",
    "DUVO",
    "YAML",
    "PDF",
    "V&V",
    "GET",
    "POST",
    "reporting_delivery",
}
PLACEHOLDER = "12"


def _render(node: ast.expr) -> str | None:
    """A detail as the code writes it, every value in it as ``12``; None if not a string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else PLACEHOLDER for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "a" + "b"
        left, right = _render(node.left), _render(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Subscript):  # f"..."[:300]
        return _render(node.value)
    return None


def written_details() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            candidates = [k.value for k in node.keywords if k.arg == "detail"]
            if not candidates and name in POSITIONAL and node.args:
                candidates = [node.args[-1]]
            for candidate in candidates:
                text = _render(candidate)
                if text is not None and text != PLACEHOLDER:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def _leftover_words(text: str) -> list[str]:
    rest = details._PATTERN.sub(" ", text)
    # Keys and file names (message_id=..., manage.py) are shown as stored.
    rest = " ".join(token for token in rest.split() if not re.search(r"[=./]", token))
    words = re.findall(r"[A-Za-z][A-Za-z+&_]*", rest)
    return [word for word in words if word not in NAMES]


def test_the_scan_finds_the_details_of_every_kind_of_writer():
    texts = {text for _where, text in written_details()}
    # services, views, the API, sign-in and the helpers that take the detail positionally
    for expected in (
        "report_register",
        "case page",
        "locked out",
        "plan page",
        "period 12: action 12 created",
        "handover 12 12",
        "figures 12 12 12",
    ):
        assert expected in texts
    assert len(texts) > 150


def test_every_detail_the_code_writes_is_made_of_known_phrases():
    unknown = {
        f"{where}: {text!r} leaves {words}"
        for where, text in written_details()
        if (words := _leftover_words(text))
    }
    assert not unknown, "\n".join(sorted(unknown))


@pytest.mark.parametrize("phrase", sorted(PHRASES))
def test_every_phrase_has_a_dutch_label(phrase):
    label = PHRASES[phrase]
    with translation.override("nl"):
        dutch = str(label)
    with translation.override("en"):
        english = str(label)
    assert dutch
    same_in_both = {"status", "export", "project", "API", "V&V afgerond"}
    assert dutch != english or dutch in same_in_both, phrase


def test_a_detail_is_shown_in_dutch_with_its_ids_and_names_as_stored():
    with translation.override("nl"):
        assert describe("plan 12: member_add") == "gezinsplan 12: gezinslid toegevoegd"
        assert describe("work queue team, page 3") == "werkvoorraad 'Mijn team', pagina 3"
        assert describe("api politie report submitted message_id=corv-note-1") == (
            "API politie melding ingediend message_id=corv-note-1"
        )
        # A file or user name that holds a phrase keeps it.
        assert describe("export note-plan.csv (3 rows)") == "export note-plan.csv (3 rijen)"
        assert describe("access log of user j.plan, 01-01-2026 to 31-01-2026") == (
            "toegangslog van gebruiker j.plan, 01-01-2026 t/m 31-01-2026"
        )


def test_an_unknown_detail_is_shown_as_stored():
    with translation.override("nl"):
        assert describe("something else entirely 42") == "something else entirely 42"
        assert describe("") == ""


def test_in_english_the_verbs_read_as_words():
    with translation.override("en"):
        assert describe("plan 12: member_add") == "plan 12: household member added"
        assert describe("case_assign") == "case assigned"
