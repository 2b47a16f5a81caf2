"""Writes to the budget: policy officers of an organisation in the region, one transaction each.

Every write also appends an entry to the access log (``audit.services.access_record``, action
*edit*) in the same transaction, so a change and its record commit or roll back together. The
entries name no person, case or household: the budget holds no personal data, only the region,
the year, the line or the municipality (public reference data) and the amounts in cents.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.external import selectors as external_selectors
from ketenzicht.external import services as external_services
from ketenzicht.finance.models import (
    BudgetLine,
    BudgetYear,
    KeyWeight,
    LineKind,
    Membership,
    SplitKey,
)
from ketenzicht.organisations.access import region_of_member
from ketenzicht.organisations.models import Municipality, Region, Role, User

MAX_AMOUNT = 10**13  # cents: EUR 100 billion, far above any regional budget


def region_of(user: User) -> Region | None:
    """The region whose budget ``user`` edits: a policy officer's, of an organisation in it."""
    if user.role != Role.POLICY_OFFICER:
        return None
    return region_of_member(user)


def may_edit(user: User, region_id: int) -> bool:
    """Policy officers of an organisation in the region change its budget; others only read."""
    region = region_of(user)
    return region is not None and region.pk == region_id


def _require_region(actor: User, region_id: int) -> Region:
    region = region_of(actor)
    if region is None or region.pk != region_id:
        raise PermissionDenied
    return region


def _amount(value: int, field: str, errors: dict[str, str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
        errors[field] = gettext("Enter an amount of at least zero.")


def _log(*, actor: User, detail: str) -> None:
    """The access-log entry of a budget write; call it inside the write's transaction."""
    access_record(request=None, action=AccessAction.EDIT, user=actor, detail=f"finance: {detail}")


@transaction.atomic
def budget_year_create(*, actor: User, year: int, duvo: int) -> BudgetYear:
    region = region_of(actor)
    if region is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = gettext("Enter a year between 2000 and 2100.")
    _amount(duvo, "duvo", errors)
    if BudgetYear.objects.filter(region=region, year=year).exists():
        errors["year"] = gettext("This region already has a budget for that year.")
    if errors:
        raise ValidationError(errors)
    budget_year = BudgetYear.objects.create(region=region, year=year, duvo=duvo)
    _log(actor=actor, detail=f"budget year {region.code} {year} created, DUVO {duvo} cents")
    return budget_year


@transaction.atomic
def budget_year_duvo_set(*, actor: User, budget_year: BudgetYear, duvo: int) -> BudgetYear:
    """Change the national DUVO amount of a budget year (e.g. after the May circular)."""
    region = _require_region(actor, budget_year.region_id)
    errors: dict[str, str] = {}
    _amount(duvo, "duvo", errors)
    if errors:
        raise ValidationError(errors)
    locked = BudgetYear.objects.select_for_update().get(pk=budget_year.pk)
    before = locked.duvo
    locked.duvo = duvo
    locked.save(update_fields=["duvo"])
    _log(
        actor=actor,
        detail=f"budget year {region.code} {locked.year}: DUVO {before} -> {duvo} cents",
    )
    return locked


@transaction.atomic
def budget_line_add(
    *,
    actor: User,
    budget_year: BudgetYear,
    kind: str,
    description: str,
    amount: int,
    key: str,
    weights: dict[int, int] | None = None,
) -> BudgetLine:
    """A budget line; a line with its own key needs a weight for at least one member."""
    region = _require_region(actor, budget_year.region_id)
    errors: dict[str, str] = {}
    if kind not in LineKind.values:
        errors["kind"] = gettext("Choose a kind of budget line.")
    if key not in SplitKey.values:
        errors["key"] = gettext("Choose how the line is split.")
    if not description.strip():
        errors["description"] = gettext("Describe the budget line.")
    _amount(amount, "amount", errors)
    weights = weights or {}
    if key == SplitKey.CUSTOM:
        if not any(w > 0 for w in weights.values()):
            errors["weights"] = gettext("A line with its own key needs a weight above zero.")
        region_ids = set(
            Municipality.objects.filter(
                pk__in=weights, region_id=budget_year.region_id
            ).values_list("pk", flat=True)
        )
        if set(weights) - region_ids or any(w < 0 for w in weights.values()):
            errors["weights"] = gettext("Weights are whole numbers for this region's members.")
    if errors:
        raise ValidationError(errors)
    line = BudgetLine.objects.create(
        budget_year=budget_year,
        kind=kind,
        description=description.strip(),
        amount=amount,
        key=key,
    )
    if key == SplitKey.CUSTOM:
        KeyWeight.objects.bulk_create(
            KeyWeight(line=line, municipality_id=m, weight=w) for m, w in weights.items() if w
        )
    _log(
        actor=actor,
        detail=(
            f"budget line {line.pk} added to {region.code} {budget_year.year}: {kind}, "
            f"{amount} cents, key {key}"
        ),
    )
    return line


@transaction.atomic
def budget_line_remove(*, actor: User, line: BudgetLine) -> None:
    budget_year = line.budget_year
    region = _require_region(actor, budget_year.region_id)
    pk, kind, amount = line.pk, line.kind, line.amount
    line.delete()
    _log(
        actor=actor,
        detail=(
            f"budget line {pk} removed from {region.code} {budget_year.year}: {kind}, "
            f"{amount} cents"
        ),
    )


@transaction.atomic
def membership_set(
    *,
    actor: User,
    municipality: Municipality,
    joined_on: date | None = None,
    left_on: date | None = None,
) -> Membership:
    """A municipality of the actor's region takes part in the arrangement from ``joined_on``
    (None: from before any budget year) up to, not including, ``left_on`` (None: no end).

    Sets both dates of an existing membership, or creates it. A municipality that leaves at the
    end of 2027 has ``left_on`` 1 January 2028: it pays all of 2027 and nothing of 2028.
    """
    region = _require_region(actor, municipality.region_id)
    if joined_on and left_on and left_on <= joined_on:
        raise ValidationError({"left_on": gettext("A municipality leaves after it joins.")})
    membership, created = Membership.objects.select_for_update().get_or_create(
        region=region,
        municipality=municipality,
        defaults={"joined_on": joined_on, "left_on": left_on},
    )
    if not created:
        membership.joined_on, membership.left_on = joined_on, left_on
        membership.save(update_fields=["joined_on", "left_on"])
    _log(
        actor=actor,
        detail=(
            f"membership {region.code}/{municipality.code} {'created' if created else 'set'}: "
            f"joined {joined_on or '-'}, left {left_on or '-'}"
        ),
    )
    return membership


@transaction.atomic
def budget_population_import(*, actor: User, data: bytes) -> external_services.ImportResult:
    """A CBS population CSV imported from the budget page: ``external.services.population_import``
    (all rows or none; :class:`~ketenzicht.external.services.ImportRejected` lists every
    problem) for the municipalities the actor imports figures for — the whole region for the
    centre municipality's policy officer, else their own — logged in the same transaction."""
    region = region_of(actor)
    reach = external_selectors.reach_of(actor)
    if region is None or not reach.municipalities:
        raise PermissionDenied
    result = external_services.population_import(
        data=data, reach={m.pk for m in reach.municipalities}
    )
    _log(
        actor=actor,
        detail=(
            f"population import for the budget of {region.code}: {result.rows} rows "
            f"({result.created} new, {result.updated} replaced)"
        ),
    )
    return result
