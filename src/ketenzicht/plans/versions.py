"""Comparing two plan versions section by section (pure: no Django, tested without a database).

A snapshot (``services._snapshot``) is a dict of sections: plain values (status, directors,
approach), a list of names (participants), or a list of items (dicts with an ``id``). Two
snapshots compare into one :class:`SectionDiff` per section, each with :class:`ItemDiff` rows
(added / removed / changed / same) and, per item, :class:`FieldDiff` rows field by field; the
compare page shows them side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
SAME = "same"

#: The sections of a snapshot in the plan's order (BRIEF §4: safety first). Unknown sections of
#: a later snapshot format are compared too, after these.
SECTION_ORDER = (
    "plan",
    "participants",
    "members",
    "safety_conditions",
    "results",
    "tasks",
    "assessments",
    "evaluations",
    "involvement",
)
#: Plain values of a snapshot, compared together as the section "plan".
PLAN_FIELDS = ("status", "case_director", "process_director", "approach")


@dataclass(frozen=True)
class FieldDiff:
    name: str
    old: Any
    new: Any

    @property
    def changed(self) -> bool:
        return bool(self.old != self.new)


@dataclass(frozen=True)
class ItemDiff:
    key: str
    status: str
    label: str
    fields: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True)
class SectionDiff:
    name: str
    items: tuple[ItemDiff, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return any(item.status != SAME for item in self.items)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)


def _label(item: Mapping[str, Any]) -> str:
    for name in ("name", "description", "member", "planned_on"):
        value = item.get(name)
        if value:
            text = str(value)
            return text if len(text) <= 80 else text[:79] + "…"
    return str(item.get("id", ""))


def _key(item: Any, position: int) -> str:
    if isinstance(item, Mapping):
        if "id" in item:
            return f"id:{item['id']}"
        return f"pos:{position}"
    return f"value:{item}"


def _fields(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> tuple[FieldDiff, ...]:
    old, new = old or {}, new or {}
    names = [n for n in old if n != "id"] + [n for n in new if n != "id" and n not in old]
    return tuple(FieldDiff(n, old.get(n), new.get(n)) for n in names)


def compare_items(old: Sequence[Any], new: Sequence[Any]) -> tuple[ItemDiff, ...]:
    """Items matched by their ``id`` (else by position, or by value for plain strings): old
    order first, then the items that were added."""
    old_by = {_key(item, i): item for i, item in enumerate(old)}
    new_by = {_key(item, i): item for i, item in enumerate(new)}
    rows = []
    for key, before in old_by.items():
        after = new_by.get(key)
        shown = after if after is not None else before
        label = _label(shown) if isinstance(shown, Mapping) else str(shown)
        if after is None:
            status = REMOVED
        elif after == before:
            status = SAME
        else:
            status = CHANGED
        fields = (
            _fields(before, after if after is not None else None)
            if isinstance(before, Mapping)
            else ()
        )
        rows.append(ItemDiff(key, status, label, fields))
    for key, after in new_by.items():
        if key in old_by:
            continue
        label = _label(after) if isinstance(after, Mapping) else str(after)
        fields = _fields(None, after) if isinstance(after, Mapping) else ()
        rows.append(ItemDiff(key, ADDED, label, fields))
    return tuple(rows)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SectionDiff]:
    """Compare two snapshots, section by section in the plan's order."""
    plan_fields = tuple(FieldDiff(n, old.get(n, ""), new.get(n, "")) for n in PLAN_FIELDS)
    plan_status = CHANGED if any(f.changed for f in plan_fields) else SAME
    sections = [SectionDiff("plan", (ItemDiff("plan", plan_status, "", plan_fields),))]
    names = [n for n in SECTION_ORDER if n != "plan"]
    names += sorted((set(old) | set(new)) - set(names) - set(PLAN_FIELDS))
    for name in names:
        before, after = old.get(name, []), new.get(name, [])
        if not isinstance(before, list) or not isinstance(after, list):
            item = ItemDiff(
                name, SAME if before == after else CHANGED, "", (FieldDiff(name, before, after),)
            )
            sections.append(SectionDiff(name, (item,)))
            continue
        sections.append(SectionDiff(name, compare_items(before, after)))
    return sections


def summary(sections: Sequence[SectionDiff]) -> dict[str, int]:
    """How many items were added, removed and changed in all sections together."""
    return {
        status: sum(section.count(status) for section in sections)
        for status in (ADDED, REMOVED, CHANGED)
    }
