"""Reads of the figures endpoints: the steering tables of P4, for the client's scope.

Every figure comes from ``reporting.dashboard.build`` — the dashboard's own tables, after the
dashboard's own disclosure control (``reporting.disclosure``: counts rounded to multiples of 5,
small counts suppressed, secondary suppression; shares and lead times suppressed on small
denominators) — and is only put into JSON here. Nothing here counts anything itself.

Who sees what (:func:`figure_scope_of`, from the client's organisation):

- a **municipality**: its own municipality; the region and each of its municipalities only when
  it is the region's centre municipality, which reports for the region (exactly the policy
  officer's scope on the dashboard, ``reporting.selectors.scope_for``);
- **Veilig Thuis**: its region and each of its municipalities (its own work);
- a **local team** with a municipality: that municipality (it is the municipality's own team);
- any other organisation (police, RvdK, MDA++, shelter, care provider, process desk): none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ketenzicht.organisations.models import Municipality, Organisation, OrganisationKind, Region
from ketenzicht.reporting import dashboard as board
from ketenzicht.reporting.dashboard import Dashboard
from ketenzicht.reporting.disclosure import Shown, ShownShare
from ketenzicht.reporting.figures import UNKNOWN, FigureTable, Period, ShareSeries, period_key

WAITING = "waiting"


@dataclass(frozen=True)
class FigureScope:
    region: Region
    own: Municipality | None  # the default rows; None: the region
    municipalities: list[Municipality]  # each may be asked for on its own
    region_allowed: bool


def figure_scope_of(organisation: Organisation) -> FigureScope | None:
    """What a client of ``organisation`` may see (the module's docstring), or None."""
    region = organisation.region
    everyone = list(region.municipalities.order_by("name"))
    if organisation.kind == OrganisationKind.VEILIG_THUIS:
        return FigureScope(region=region, own=None, municipalities=everyone, region_allowed=True)
    own = organisation.municipality
    if own is None or own.region_id != region.pk:
        return None
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        centre = region.centre_municipality_id == own.pk
        return FigureScope(
            region=region,
            own=own,
            municipalities=everyone if centre else [own],
            region_allowed=centre,
        )
    if organisation.kind == OrganisationKind.LOCAL_TEAM:
        return FigureScope(region=region, own=own, municipalities=[own], region_allowed=False)
    return None


class OutOfScope(Exception):
    """The municipality or region asked for is not in the client's scope."""


def figures_build(
    scope: FigureScope, *, municipality: str = "", whole_region: bool = False, period: Period | None
) -> Dashboard:
    """The dashboard of the municipality (CBS code; default the scope's own) or of the region."""
    if whole_region or (scope.own is None and not municipality):
        if not scope.region_allowed:
            raise OutOfScope
        return board.build(
            title=_("Region %(name)s") % {"name": scope.region.name},
            region_id=scope.region.pk,
            municipalities=scope.municipalities,
            whole_region=True,
            period=period,
        )
    chosen = next((m for m in scope.municipalities if m.code == municipality), None)
    if municipality and chosen is None:
        raise OutOfScope
    chosen = chosen or scope.own
    assert chosen is not None
    return board.build(
        title=_("Municipality %(name)s") % {"name": chosen.name},
        region_id=scope.region.pk,
        municipalities=[chosen],
        whole_region=False,
        period=period,
    )


# --- into JSON ----------------------------------------------------------------------------------


def catalogue(dash: Dashboard) -> list[dict[str, str]]:
    """The tables of a dashboard: key, title and kind (counts, shares, waiting)."""
    items = [{"key": t.key, "title": t.title, "kind": "counts"} for t in dash.tables]
    items += [{"key": s.key, "title": s.title, "kind": "shares"} for s in dash.shares]
    if dash.waiting is not None:
        items.append({"key": WAITING, "title": dash.waiting.title, "kind": "waiting"})
    return items


def _cell(shown: Shown | ShownShare | None) -> dict[str, Any] | None:
    """A protected figure: its value (None when not shown) and its label as on the dashboard."""
    return None if shown is None else {"value": shown.value, "label": shown.label}


def _codes(dash_rows: list[str], scope: FigureScope) -> dict[str, str | None]:
    codes: dict[str, str | None] = {str(m.pk): m.code for m in scope.municipalities}
    return {row: (None if row == UNKNOWN else codes.get(row)) for row in dash_rows}


def _counts(table: FigureTable, scope: FigureScope) -> dict[str, Any]:
    codes = _codes(table.protected.rows, scope)
    totals = table.display_totals()
    return {
        "kind": "counts",
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "total_label": table.total_label,
        "extra_label": table.extra_label,
        "rows": [
            {
                "municipality": codes[row],
                "label": line["label"],
                "cells": [_cell(c) for c in line["cells"]],  # type: ignore[attr-defined]
                "total": _cell(line["total"]),  # type: ignore[arg-type]
                "extra": _cell(line["extra"]),  # type: ignore[arg-type]
            }
            for row, line in zip(table.protected.rows, table.display_rows(), strict=True)
        ],
        "totals": {
            "cells": [_cell(c) for c in totals["cells"]],  # type: ignore[attr-defined]
            "total": _cell(totals["total"]),  # type: ignore[arg-type]
            "extra": _cell(totals["extra"]),  # type: ignore[arg-type]
        },
    }


def _shares(series: ShareSeries) -> dict[str, Any]:
    return {
        "kind": "shares",
        "norm": series.norm,
        "periods": [period_key(p) for p in series.periods],
        "lines": [
            {"label": label, "values": [_cell(v) for v in values]} for label, values in series.lines
        ],
        "medians": [_cell(v) for v in series.medians],
        "p90s": [_cell(v) for v in series.p90s],
    }


def figure_table(dash: Dashboard, key: str, scope: FigureScope) -> dict[str, Any] | None:
    """Table ``key`` of ``dash`` as JSON, or None when the dashboard has no such table."""
    common = {"key": key, "scope": dash.title, "period": period_key(dash.period)}
    table = dash.table(key)
    if table is not None:
        head = {"title": table.title, "note": table.note, "direction": table.direction}
        return {**common, **head, "reading": table.reading, **_counts(table, scope)}
    series = dash.share(key)
    if series is not None:
        head = {"title": series.title, "note": series.note, "direction": series.direction}
        return {**common, **head, "reading": series.reading, **_shares(series)}
    waiting = dash.waiting
    if key == WAITING and waiting is not None:
        head = {"title": waiting.title, "note": waiting.note, "direction": waiting.direction}
        return {
            **common,
            **head,
            "reading": str(board.DIRECTION_LABELS[waiting.direction]),
            "kind": "waiting",
            "band": list(waiting.band),
            "points": [{"on": on, **(_cell(shown) or {})} for on, shown in waiting.points],
        }
    return None
