"""Helpers for the merge tests: every link of every person, and everything a refusal must leave
unchanged."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.models import (
    MergeProposal,
    PersonKey,
    PersonMerge,
    ProposalMember,
    ProposalPair,
)


def links() -> dict[str, set[tuple[Any, ...]]]:
    """Every link row to a person, by table, as (row id, person id, what it links to)."""
    through = Person.households.through
    orders = apps.get_model("casework", "RestrainingOrder")
    return {
        "involvements": set(
            ReportPerson.objects.values_list("pk", "person_id", "report_id", "role")
        ),
        "households": set(through.objects.values_list("pk", "person_id", "household_id")),
        "restraining_orders": set(orders.objects.values_list("pk", "subject_id", "case_id")),
    }


def keys() -> set[tuple[int, str]]:
    return set(PersonKey.objects.values_list("person_id", "key"))


def world() -> dict[str, Any]:
    """Everything the merge and review services may change."""
    return {
        "links": links(),
        "keys": keys(),
        "persons": list(Person.objects.order_by("pk").values()),
        "merges": list(PersonMerge.objects.order_by("pk").values()),
        "proposals": list(MergeProposal.objects.order_by("pk").values()),
        "members": list(ProposalMember.objects.order_by("pk").values()),
        "pairs": list(ProposalPair.objects.order_by("pk").values()),
    }
