"""The categories the figures are counted in (a pure module: plain codes, no Django).

Kinds of violence are grouped as CBS groups them in its Veilig Thuis tables; reporter roles are
grouped into the reporter groups BRIEF section 7 names. Labels live in ``labels.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

#: CBS-style groups of the kinds of violence recorded on a report (intake.ViolenceKind values).
KIND_GROUPS: dict[str, frozenset[str]] = {
    "child": frozenset(
        {
            "child_physical_abuse",
            "child_emotional_abuse",
            "child_physical_neglect",
            "child_emotional_neglect",
            "child_sexual_abuse",
            "child_witnessing",
        }
    ),
    "partner": frozenset({"partner_violence", "ex_partner_violence"}),
    "elder": frozenset({"elder_abuse"}),
    "parents": frozenset({"violence_against_parents"}),
    "honour": frozenset({"honour_related"}),
    "sexual": frozenset({"sexual_violence"}),
    "trafficking": frozenset({"trafficking"}),
    "other": frozenset({"other"}),
}
KIND_CODES: tuple[str, ...] = tuple(KIND_GROUPS)

#: Reporter groups (intake.ReporterRole values).
REPORTER_GROUPS: dict[str, frozenset[str]] = {
    "police_justice": frozenset({"police", "justice"}),
    "medical": frozenset({"gp", "hospital", "youth_health"}),
    "education": frozenset({"school", "childcare"}),
    "care": frozenset({"youth_care", "local_team", "social_work"}),
    "other_professional": frozenset({"other_professional"}),
    "citizen": frozenset({"neighbour", "family", "self"}),
    "anonymous": frozenset({"anonymous_citizen"}),
}
REPORTER_CODES: tuple[str, ...] = tuple(REPORTER_GROUPS)
_GROUP_OF_ROLE = {role: group for group, roles in REPORTER_GROUPS.items() for role in roles}

#: Decisions after the safety assessment (casework.states.Decision values), in CBS order.
DECISION_CODES: tuple[str, ...] = (
    "no_further_steps",
    "handover",
    "vv",
    "investigation",
    "rvdk_request",
    "police_notification",
    "not_admissible",
    "wrongly_addressed",
)
INVESTIGATION_OUTCOME_CODES: tuple[str, ...] = ("confirmed", "not_confirmed", "unknown")

#: Lead times above this many days are counted in one last histogram bucket.
MAX_DAYS = 365


def kind_groups(kinds: Iterable[str]) -> frozenset[str]:
    """The groups a report's kinds fall in; each group once, however many of its kinds apply.

    An unknown code counts as "other", so no report drops out of the kind table.
    """
    groups = set()
    for kind in kinds:
        for group, members in KIND_GROUPS.items():
            if kind in members:
                groups.add(group)
                break
        else:
            groups.add("other")
    return frozenset(groups)


def reporter_group(role: str) -> str:
    return _GROUP_OF_ROLE.get(role, "other_professional")


def half_of(month: int) -> int:
    """1 for January-June, 2 for July-December (the CBS delivery periods)."""
    return 1 if month <= 6 else 2
