"""Read and write a whole action programme as YAML: a pure module (no Django).

The format is documented in ``docs/programme-yaml.md``. :func:`parse` never raises on bad input:
it returns the programme (or None) and every problem it found, each with the line it is on,
taken from the YAML node marks, so a policy officer can fix the file in one go. The programme's
rules themselves are in ``checks`` (the same rules as the pages). Municipalities stay CBS codes
or names here; the import service resolves them. :func:`dump` writes what :func:`parse` reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ketenzicht.programme import checks
from ketenzicht.programme.checks import ActionData, MilestoneData, NoteData

FORMAT = 1
MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # aliases can make a small file expand; this many values at most
MAX_ACTIONS = 2_000

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"\d{1,9}")
_EUROS = re.compile(r"\d{1,11}(\.\d{1,2})?")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True)
class LineProblem:
    """One problem in the file: ``line`` 0 is the file as a whole; ``path`` where in the tree."""

    line: int
    path: str
    code: str
    value: str = ""
    other: str = ""


@dataclass
class ActionDoc:
    data: ActionData
    line: int = 0


@dataclass
class AmbitionDoc:
    title: str
    description: str = ""
    actions: list[ActionDoc] = field(default_factory=list)
    line: int = 0


@dataclass
class LineDoc:
    name: str
    national: str = ""
    ambitions: list[AmbitionDoc] = field(default_factory=list)
    line: int = 0


@dataclass
class ProgrammeDoc:
    name: str
    start_year: int | None
    end_year: int | None
    lines: list[LineDoc] = field(default_factory=list)

    def actions(self) -> list[ActionDoc]:
        return [a for line in self.lines for amb in line.ambitions for a in amb.actions]


class _TooLarge(Exception):
    pass


class _Reader:
    """Walks the composed node tree, collecting values and problems with their lines."""

    def __init__(self) -> None:
        self.problems: list[LineProblem] = []
        self.nodes = 0

    def problem(
        self, node: Node | None, path: str, code: str, value: str = "", other: str = ""
    ) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(LineProblem(line, path, code, value, other))

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge

    def mapping(
        self, node: Node, path: str, allowed: tuple[str, ...]
    ) -> dict[str, tuple[Node, Node]] | None:
        """``{key: (key node, value node)}``, or None (with a problem) when not a mapping."""
        self._count()
        if not self._tagged(node, path):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, path, "not_a_mapping")
            return None
        found: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            self._count()
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "bad_key")
                continue
            key = str(key_node.value)
            where = f"{path}.{key}" if path else key
            if key not in allowed:
                self.problem(key_node, where, "unknown_key", key, ", ".join(allowed))
            elif key in found:
                self.problem(
                    key_node, where, "duplicate_key", key, str(found[key][0].start_mark.line + 1)
                )
            else:
                found[key] = (key_node, value_node)
        return found

    def sequence(self, node: Node | None, path: str) -> list[Node]:
        if node is None or self._null(node):
            return []
        self._count()
        if not self._tagged(node, path):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, path, "not_a_list")
            return []
        return list(node.value)

    def _null(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"

    def _tagged(self, node: Node, path: str) -> bool:
        """Whether ``node`` carries a plain YAML tag; a ``!!python/...`` or own tag is refused."""
        if node.tag in _STANDARD_TAGS:
            return True
        self.problem(node, path, "bad_tag", str(node.tag))
        return False

    def _scalar(self, node: Node, path: str) -> str | None:
        self._count()
        if not self._tagged(node, path):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, path, "not_a_value")
            return None
        return str(node.value)

    def text(self, node: Node | None, path: str) -> str:
        if node is None or self._null(node):
            return ""
        value = self._scalar(node, path)
        return "" if value is None else value.strip()

    def whole(self, node: Node | None, path: str) -> int | None:
        if node is None or self._null(node):
            return None
        value = self._scalar(node, path)
        if value is None:
            return None
        if not _WHOLE.fullmatch(value.strip()):
            self.problem(node, path, "not_whole_number", value)
            return None
        return int(value)

    def boolean(self, node: Node | None, path: str) -> bool:
        if node is None or self._null(node):
            return False
        value = self._scalar(node, path)
        if value is None:
            return False
        if value.lower() in _TRUE:
            return True
        if value.lower() not in _FALSE:
            self.problem(node, path, "not_yes_no", value)
        return False

    def day(self, node: Node | None, path: str) -> date | None:
        if node is None or self._null(node):
            return None
        value = self._scalar(node, path)
        if value is None:
            return None
        try:
            if not _DATE.fullmatch(value.strip()):
                raise ValueError
            return date.fromisoformat(value.strip())
        except ValueError:
            self.problem(node, path, "bad_date", value)
            return None

    def euros(self, node: Node | None, path: str) -> int | None:
        if node is None or self._null(node):
            return None
        value = self._scalar(node, path)
        if value is None:
            return None
        text = value.strip().replace("_", "")
        if not _EUROS.fullmatch(text):
            self.problem(node, path, "bad_amount_text", value)
            return None
        return int(Decimal(text) * 100)


# YAML key -> the field ``checks`` names, for the line of a rule's problem.
_ACTION_FIELDS = {
    "start": "starts_on",
    "end": "ends_on",
    "status": "status",
    "responsibility": "responsibility",
    "cost": "cost",
    "funding": "funding",
    "target": "target",
    "indicator": "indicator",
    "target_value": "target_value",
    "title": "title",
    "description": "description",
    "parties": "parties",
}
_ACTION_KEYS = (
    "title",
    "description",
    "start",
    "end",
    "milestones",
    "lead",
    "parties",
    "responsibility",
    "cost",
    "funding",
    "target",
    "indicator",
    "target_value",
    "status",
    "notes",
)


def _action(
    reader: _Reader, node: Node, path: str, years: tuple[int, int] | None
) -> ActionDoc | None:
    found = reader.mapping(node, path, _ACTION_KEYS)
    if found is None:
        return None
    lines: dict[str, int] = {}

    def get(key: str, target: str | None = None) -> Node | None:
        pair = found.get(key)
        if pair is None:
            return None
        lines[target or _ACTION_FIELDS.get(key, key)] = pair[0].start_mark.line + 1
        return pair[1]

    data = ActionData(title=reader.text(get("title"), f"{path}.title"), lead_organisation="")
    data.description = reader.text(get("description"), f"{path}.description")
    data.starts_on = reader.day(get("start"), f"{path}.start")
    data.ends_on = reader.day(get("end"), f"{path}.end")
    lead = get("lead", "lead_organisation")
    if lead is not None:
        lead_map = reader.mapping(lead, f"{path}.lead", ("name", "organisation"))
        if lead_map:
            for key, target in (("name", "lead_name"), ("organisation", "lead_organisation")):
                if key in lead_map:
                    lines[target] = lead_map[key][0].start_mark.line + 1
                    setattr(data, target, reader.text(lead_map[key][1], f"{path}.lead.{key}"))
    parties = get("parties")
    if parties is not None:
        keys = ("all_municipalities", "municipalities", "police", "veilig_thuis", "other")
        party_map = reader.mapping(parties, f"{path}.parties", keys)
        if party_map:
            for key in keys:
                if key not in party_map:
                    continue
                key_node, value = party_map[key]
                target = "other_parties" if key == "other" else key
                lines[target] = key_node.start_mark.line + 1
                where = f"{path}.parties.{key}"
                if key == "municipalities":
                    data.municipalities = [
                        reader.text(item, f"{where}[{n + 1}]")
                        for n, item in enumerate(reader.sequence(value, where))
                    ]
                elif key == "other":
                    data.other_parties = reader.text(value, where)
                else:
                    setattr(data, key, reader.boolean(value, where))
    data.responsibility = (
        reader.text(get("responsibility"), f"{path}.responsibility") or checks.REGIONAL
    )
    data.cost = reader.euros(get("cost"), f"{path}.cost")
    data.funding = reader.text(get("funding"), f"{path}.funding")
    data.target = reader.text(get("target"), f"{path}.target")
    data.indicator = reader.text(get("indicator"), f"{path}.indicator")
    data.target_value = reader.whole(get("target_value"), f"{path}.target_value")
    data.status = reader.text(get("status"), f"{path}.status") or checks.NOT_STARTED
    where = f"{path}.milestones"
    for n, item in enumerate(reader.sequence(get("milestones"), where)):
        m = reader.mapping(item, f"{where}[{n + 1}]", ("title", "due", "done"))
        if m is None:
            continue
        lines[f"milestones.{n}.title"] = item.start_mark.line + 1
        for key, target in (("title", "title"), ("due", "due_on")):
            if key in m:
                lines[f"milestones.{n}.{target}"] = m[key][0].start_mark.line + 1
        data.milestones.append(
            MilestoneData(
                title=reader.text(m["title"][1], f"{where}[{n + 1}].title") if "title" in m else "",
                due_on=reader.day(m["due"][1], f"{where}[{n + 1}].due") if "due" in m else None,
                done_on=reader.day(m["done"][1], f"{where}[{n + 1}].done") if "done" in m else None,
            )
        )
    where = f"{path}.notes"
    for n, item in enumerate(reader.sequence(get("notes"), where)):
        m = reader.mapping(item, f"{where}[{n + 1}]", ("date", "status", "text"))
        if m is None:
            continue
        base = item.start_mark.line + 1
        for key, target in (("date", "written_on"), ("status", "status"), ("text", "text")):
            lines[f"notes.{n}.{target}"] = m[key][0].start_mark.line + 1 if key in m else base
        data.notes.append(
            NoteData(
                written_on=reader.day(m["date"][1], f"{where}[{n + 1}].date")
                if "date" in m
                else None,
                status=reader.text(m["status"][1], f"{where}[{n + 1}].status")
                if "status" in m
                else "",
                text=reader.text(m["text"][1], f"{where}[{n + 1}].text") if "text" in m else "",
            )
        )
    line = node.start_mark.line + 1
    if years is not None:
        # One problem a line is enough: a value that could not be read is not also "missing".
        seen = {p.line for p in reader.problems}
        for problem in checks.action_problems(data, start_year=years[0], end_year=years[1]):
            name = problem.field if problem.field in lines else _NEAR.get(problem.field, "")
            at = lines.get(name, line)
            if at in seen and at != line:
                continue
            reader.problems.append(
                LineProblem(
                    at,
                    f"{path}.{_yaml_path(problem.field)}",
                    problem.code,
                    problem.value,
                    problem.other,
                )
            )
    return ActionDoc(data=data, line=line)


# Where a rule's problem is shown when its own field is absent from the file.
_NEAR = {
    "funding": "cost",
    "target": "indicator",
    "municipalities": "parties",
    "lead_organisation": "lead_organisation",
    "starts_on": "ends_on",
    "ends_on": "starts_on",
}
_YAML_NAMES = {v: k for k, v in _ACTION_FIELDS.items()} | {
    "lead_organisation": "lead.organisation",
    "lead_name": "lead.name",
    "municipalities": "parties.municipalities",
    "all_municipalities": "parties.all_municipalities",
    "other_parties": "parties.other",
    "due_on": "due",
    "written_on": "date",
}


def _yaml_path(name: str) -> str:
    """A field of ``checks`` as its path in the file: ``milestones.0.due_on`` is
    ``milestones[1].due``."""
    parts = name.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        return f"{parts[0]}[{int(parts[1]) + 1}].{_YAML_NAMES.get(parts[2], parts[2])}"
    return _YAML_NAMES.get(name, name)


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    return raw.decode("utf-8-sig")


def parse(raw: bytes | str) -> tuple[ProgrammeDoc | None, list[LineProblem]]:
    """The programme in ``raw`` and every problem found (the programme is None when the file
    cannot be read at all). Only when the list is empty may the programme be imported."""
    if len(raw) > MAX_BYTES:
        return None, [LineProblem(0, "", "too_large", str(len(raw)), str(MAX_BYTES))]
    try:
        text = _decode(raw)
    except UnicodeDecodeError:
        return None, [LineProblem(0, "", "encoding")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        return None, [LineProblem(line, "", "syntax", str(exc.problem or exc.context or ""))]
    except yaml.YAMLError as exc:
        return None, [LineProblem(0, "", "syntax", str(exc))]
    if root is None:
        return None, [LineProblem(0, "", "empty")]
    reader = _Reader()
    try:
        doc = _programme(reader, root)
    except _TooLarge:
        return None, [LineProblem(0, "", "too_many_nodes", "", str(MAX_NODES))]
    return doc, sorted(reader.problems, key=lambda p: (p.line, p.path))


def _programme(reader: _Reader, root: Node) -> ProgrammeDoc | None:
    top = reader.mapping(root, "", ("format", "name", "start_year", "end_year", "lines"))
    if top is None:
        return None

    def value(key: str, read: Callable[[Node | None, str], Any]) -> Any:
        pair = top.get(key)
        if pair is None:
            reader.problem(root, key, "missing_key", key)
            return None
        return read(pair[1], key)

    version = value("format", reader.whole)
    if version is not None and version != FORMAT:
        reader.problem(top["format"][1], "format", "unknown_format", str(version), str(FORMAT))
    doc = ProgrammeDoc(
        name=value("name", reader.text) or "",
        start_year=value("start_year", reader.whole),
        end_year=value("end_year", reader.whole),
    )
    for problem in checks.period_problems(
        name=doc.name, start_year=doc.start_year, end_year=doc.end_year
    ):
        pair = top.get(problem.field)
        reader.problem(
            pair[0] if pair else root, problem.field, problem.code, problem.value, problem.other
        )
    years = None
    if (
        doc.start_year
        and doc.end_year
        and not any(p.path in ("start_year", "end_year") for p in reader.problems)
    ):
        years = (doc.start_year, doc.end_year)
    lines_node = top.get("lines")
    taken: set[str] = set()
    actions = 0
    for n, node in enumerate(reader.sequence(lines_node[1] if lines_node else None, "lines")):
        path = f"lines[{n + 1}]"
        found = reader.mapping(node, path, ("name", "national", "ambitions"))
        if found is None:
            continue
        line = LineDoc(
            name=reader.text(found["name"][1], f"{path}.name") if "name" in found else "",
            national=reader.text(found["national"][1], f"{path}.national")
            if "national" in found
            else "",
            line=node.start_mark.line + 1,
        )
        for problem in checks.line_problems(name=line.name, national=line.national, taken=taken):
            pair = found.get(problem.field)
            reader.problem(
                pair[0] if pair else node, f"{path}.{problem.field}", problem.code, problem.value
            )
        taken.add(line.national)
        ambitions = found.get("ambitions")
        for m, amb_node in enumerate(
            reader.sequence(ambitions[1] if ambitions else None, f"{path}.ambitions")
        ):
            amb_path = f"{path}.ambitions[{m + 1}]"
            amb = reader.mapping(amb_node, amb_path, ("title", "description", "actions"))
            if amb is None:
                continue
            ambition = AmbitionDoc(
                title=reader.text(amb["title"][1], f"{amb_path}.title") if "title" in amb else "",
                description=(
                    reader.text(amb["description"][1], f"{amb_path}.description")
                    if "description" in amb
                    else ""
                ),
                line=amb_node.start_mark.line + 1,
            )
            for problem in checks.ambition_problems(
                title=ambition.title, description=ambition.description
            ):
                pair = amb.get(problem.field)
                reader.problem(
                    pair[0] if pair else amb_node,
                    f"{amb_path}.{problem.field}",
                    problem.code,
                    problem.value,
                    problem.other,
                )
            acts = amb.get("actions")
            for k, act_node in enumerate(
                reader.sequence(acts[1] if acts else None, f"{amb_path}.actions")
            ):
                actions += 1
                if actions > MAX_ACTIONS:
                    reader.problem(
                        act_node, f"{amb_path}.actions", "too_many_actions", "", str(MAX_ACTIONS)
                    )
                    return doc
                action = _action(reader, act_node, f"{amb_path}.actions[{k + 1}]", years)
                if action is not None:
                    ambition.actions.append(action)
            line.ambitions.append(ambition)
        doc.lines.append(line)
    if not doc.lines and not any(p.code == "not_a_list" for p in reader.problems):
        reader.problem(lines_node[0] if lines_node else root, "lines", "no_lines")
    return doc


# --- writing ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _euros(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", f"{value:.2f}")


_Dumper.add_representer(Decimal, _euros)


def _action_tree(data: ActionData) -> dict[str, Any]:
    tree: dict[str, Any] = {"title": data.title}
    if data.description:
        tree["description"] = data.description
    if data.starts_on:
        tree["start"] = data.starts_on
    if data.ends_on:
        tree["end"] = data.ends_on
    if data.milestones:
        tree["milestones"] = [
            {"title": m.title, "due": m.due_on, **({"done": m.done_on} if m.done_on else {})}
            for m in data.milestones
        ]
    tree["lead"] = {"name": data.lead_name, "organisation": data.lead_organisation}
    if not data.lead_name:
        del tree["lead"]["name"]
    parties: dict[str, Any] = {}
    if data.all_municipalities:
        parties["all_municipalities"] = True
    if data.municipalities:
        parties["municipalities"] = list(data.municipalities)
    if data.police:
        parties["police"] = True
    if data.veilig_thuis:
        parties["veilig_thuis"] = True
    if data.other_parties:
        parties["other"] = data.other_parties
    tree["parties"] = parties
    tree["responsibility"] = data.responsibility
    if data.cost is not None:
        tree["cost"] = Decimal(data.cost) / 100
    if data.funding:
        tree["funding"] = data.funding
    if data.target:
        tree["target"] = data.target
    if data.indicator:
        tree["indicator"] = data.indicator
    if data.target_value is not None:
        tree["target_value"] = data.target_value
    tree["status"] = data.status
    if data.notes:
        tree["notes"] = [
            {"date": n.written_on, **({"status": n.status} if n.status else {}), "text": n.text}
            for n in data.notes
        ]
    return tree


def dump(doc: ProgrammeDoc) -> str:
    """``doc`` as YAML in the documented format (UTF-8 text; :func:`parse` reads it back)."""
    tree: dict[str, Any] = {
        "format": FORMAT,
        "name": doc.name,
        "start_year": doc.start_year,
        "end_year": doc.end_year,
        "lines": [
            {
                **({"national": line.national} if line.national else {}),
                "name": line.name,
                "ambitions": [
                    {
                        "title": amb.title,
                        **({"description": amb.description} if amb.description else {}),
                        "actions": [_action_tree(a.data) for a in amb.actions],
                    }
                    for amb in line.ambitions
                ],
            }
            for line in doc.lines
        ],
    }
    header = "# Ketenzicht action programme (docs/programme-yaml.md)\n"
    return header + yaml.dump(
        tree,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
