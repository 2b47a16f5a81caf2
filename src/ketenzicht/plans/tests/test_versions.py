"""versions.py is pure: these tests need no database."""

from __future__ import annotations

from ketenzicht.plans import versions

OLD = {
    "status": "draft",
    "case_director": "Aisha Wijkteam",
    "process_director": "",
    "approach": "",
    "participants": ["Sociaal Wijkteam Dordrecht"],
    "members": [{"id": 1, "kind": "household", "name": "Anna", "date_of_birth": "1990-05-17"}],
    "safety_conditions": [
        {"id": 7, "description": "Vader woont elders.", "watcher": "", "ended": False},
        {"id": 8, "description": "Geen alcohol.", "watcher": "", "ended": False},
    ],
    "tasks": [],
}


def _new():
    new = {**OLD, "status": "active", "approach": "Eerst veiligheid."}
    new["participants"] = ["Politie", "Sociaal Wijkteam Dordrecht"]
    new["safety_conditions"] = [
        {"id": 7, "description": "Vader woont elders.", "watcher": "Politie", "ended": False},
    ]
    new["tasks"] = [{"id": 3, "description": "Huisbezoek", "due_on": "2026-12-10"}]
    return new


def _section(sections, name):
    return next(s for s in sections if s.name == name)


def test_sections_come_in_the_plans_order_with_safety_before_tasks():
    names = [s.name for s in versions.compare(OLD, _new())]
    assert names.index("plan") == 0
    assert names.index("safety_conditions") < names.index("results") < names.index("tasks")


def test_plain_values_are_compared_field_by_field():
    plan = _section(versions.compare(OLD, _new()), "plan")
    (item,) = plan.items
    assert item.status == versions.CHANGED
    changed = {f.name: (f.old, f.new) for f in item.fields if f.changed}
    assert changed == {"status": ("draft", "active"), "approach": ("", "Eerst veiligheid.")}


def test_items_are_matched_by_id_and_marked_added_removed_or_changed():
    sections = versions.compare(OLD, _new())
    conditions = _section(sections, "safety_conditions")
    by_key = {i.key: i for i in conditions.items}
    assert by_key["id:7"].status == versions.CHANGED
    watcher = next(f for f in by_key["id:7"].fields if f.name == "watcher")
    assert (watcher.old, watcher.new, watcher.changed) == ("", "Politie", True)
    assert by_key["id:8"].status == versions.REMOVED
    tasks = _section(sections, "tasks")
    assert [(i.status, i.label) for i in tasks.items] == [(versions.ADDED, "Huisbezoek")]
    participants = _section(sections, "participants")
    assert [(i.status, i.label) for i in participants.items] == [
        (versions.SAME, "Sociaal Wijkteam Dordrecht"),
        (versions.ADDED, "Politie"),
    ]


def test_the_summary_counts_what_changed_and_equal_snapshots_show_no_change():
    assert versions.summary(versions.compare(OLD, _new())) == {
        "added": 2,
        "removed": 1,
        "changed": 2,
    }
    same = versions.compare(OLD, OLD)
    assert not any(section.changed for section in same)
    assert versions.summary(same) == {"added": 0, "removed": 0, "changed": 0}


def test_a_section_missing_from_an_older_snapshot_counts_as_added():
    new = {**OLD, "notes_section": [{"id": 1, "description": "Nieuw"}]}
    section = _section(versions.compare(OLD, new), "notes_section")
    assert [i.status for i in section.items] == [versions.ADDED]


def test_a_long_label_is_shortened():
    long = {"tasks": [{"id": 1, "description": "x" * 200}]}
    (item,) = _section(versions.compare({}, long), "tasks").items
    assert len(item.label) == 80 and item.label.endswith("…")
