from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ketenzicht.api.services import api_client_create
from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.organisations.models import OrganisationKind
from ketenzicht.organisations.tests.factories import OrganisationFactory
from ketenzicht.reporting import dashboard as board
from ketenzicht.reporting.disclosure import SUPPRESSED
from ketenzicht.reporting.services import facts_rebuild

pytestmark = pytest.mark.django_db

URL = "/api/v1/figures"


def _client(organisation, client_id, scopes=("figures:read",)):
    client, token = api_client_create(
        name=client_id, organisation=organisation, client_id=client_id, scopes=list(scopes)
    )
    client.token = token
    return client


@pytest.fixture
def figures(make_case, municipality_b):
    """2026-H1: 12 reports from a school in Dordrecht, 2 from the police there, 3 in
    Zwijndrecht; the small ones must never come out as they are."""
    for day in range(1, 13):
        make_case(received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM))
    for day in (14, 15):
        make_case(
            received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM),
            reporter_role="police",
            reporter_name="Agent Smit",
            reporter_organisation="Politie",
        )
    for day in (16, 17, 18):
        make_case(
            received_at=datetime(2026, 3, day, 10, tzinfo=AMSTERDAM), municipality=municipality_b
        )
    facts_rebuild()


@pytest.fixture
def gemeente(municipality_org):
    """Dordrecht: the region's centre municipality."""
    return _client(municipality_org, "gemeente-dordrecht")


@pytest.fixture
def zwijndrecht(region, municipality_b):
    org = OrganisationFactory(
        name="Gemeente Zwijndrecht",
        kind=OrganisationKind.MUNICIPALITY,
        region=region,
        municipality=municipality_b,
    )
    return _client(org, "gemeente-zwijndrecht")


def _error(response):
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1
    return body["errors"][0]


def _row(body, code):
    return next(row for row in body["rows"] if row["municipality"] == code)


def _column(body, key):
    return [c["key"] for c in body["columns"]].index(key)


def test_a_small_count_comes_out_suppressed_and_a_large_one_rounded(call, gemeente, figures):
    reporters = call("GET", f"{URL}/reporters?period=2026-H1", token=gemeente.token)
    reports = call("GET", f"{URL}/reports?period=2026-H1", token=gemeente.token)

    assert reporters.status_code == reports.status_code == 200
    body = reporters.json()
    assert body["kind"] == "counts" and body["period"] == "2026-H1"
    row = _row(body, "GM0505")
    police = row["cells"][_column(body, "police_justice")]
    assert police == {"value": None, "label": SUPPRESSED}  # 2 reports by the police
    # Not derivable: the row (cells and total) never holds exactly one hidden figure.
    line = [*row["cells"], row["total"]]
    assert sum(1 for c in line if c["value"] is None) != 1
    assert all(c["value"] % 5 == 0 for c in line if c["value"] is not None)
    trend = reports.json()
    # 14 reports in Dordrecht in 2026-H1, rounded to a multiple of 5.
    assert _row(trend, "GM0505")["cells"][_column(trend, "2026-H1")] == {
        "value": 15,
        "label": "15",
    }


def test_every_figure_is_the_dashboards_own(call, gemeente, figures, municipality_a):
    dash = board.build(
        title="Municipality Dordrecht",
        region_id=municipality_a.region_id,
        municipalities=[municipality_a],
        whole_region=False,
        period=(2026, 1),
    )

    for table in dash.tables:
        body = call("GET", f"{URL}/{table.key}?period=2026-H1", token=gemeente.token).json()
        expected = [[(c.value, c.label) for c in cells] for _label, cells, _t in table.lines()]
        shown = [[(c["value"], c["label"]) for c in row["cells"]] for row in body["rows"]]
        assert shown == expected, table.key
        cells, _total = table.totals()
        assert [(c["value"], c["label"]) for c in body["totals"]["cells"]] == [
            (c.value, c.label) for c in cells
        ]
    for series in dash.shares:
        body = call("GET", f"{URL}/{series.key}?period=2026-H1", token=gemeente.token).json()
        assert body["kind"] == "shares"
        assert [[v["label"] for v in line["values"]] for line in body["lines"]] == [
            [v.label for v in values] for _label, values in series.lines
        ], series.key


def test_the_api_gives_what_the_dashboards_export_gives(
    call, gemeente, figures, policy_officer, in_english
):
    browser = Client()
    browser.force_login(policy_officer)
    exported = browser.get(
        reverse("reporting:export"),
        {"tabel": "reporters", "format": "csv", "regio": "1", "periode": "2026-H1"},
    )
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))

    body = call("GET", f"{URL}/reporters?period=2026-H1&region=true", token=gemeente.token).json()

    for row in body["rows"]:
        line = next(line for line in lines if line and line[0] == row["label"])
        values = [c["label"] for c in row["cells"]] + [row["total"]["label"]]
        assert line[1:] == values
    zwijndrecht_total = _row(body, "GM0642")["total"]
    assert zwijndrecht_total == {"value": None, "label": SUPPRESSED}  # 3 reports


def test_the_catalogue_lists_the_tables_periods_and_scope(call, gemeente, figures):
    response = call("GET", URL, token=gemeente.token)

    assert response.status_code == 200
    body = response.json()
    assert body["region_allowed"] is True
    assert body["own"] == {"code": "GM0505", "name": "Dordrecht"}
    assert [m["code"] for m in body["municipalities"]] == ["GM0505", "GM0642"]
    assert "2026-H1" in body["periods"]
    assert body["disclosure"] == {"rounding_base": 5, "threshold": 10}
    keys = {item["key"]: item["kind"] for item in body["tables"]}
    assert keys["reports"] == "counts" and keys["assessment"] == "shares"
    assert keys["waiting"] == "waiting"


def test_a_call_is_logged_without_any_person(call, gemeente, figures):
    last = AccessLogEntry.objects.order_by("-pk").first()

    call("GET", f"{URL}/kinds", token=gemeente.token)

    (entry,) = AccessLogEntry.objects.filter(pk__gt=last.pk)
    assert entry.action == AccessAction.VIEW
    assert entry.user == gemeente.user
    assert entry.case_ids == [] and entry.person_ids == [] and entry.household_ids == []
    assert "aggregates only" in entry.detail


def test_a_municipality_that_is_not_the_centre_sees_only_itself(call, zwijndrecht, figures):
    own = call("GET", f"{URL}/reports", token=zwijndrecht.token)
    region = call("GET", f"{URL}/reports?region=true", token=zwijndrecht.token)
    other = call("GET", f"{URL}/reports?municipality=GM0505", token=zwijndrecht.token)

    assert own.status_code == 200
    assert [row["municipality"] for row in own.json()["rows"]] == ["GM0642"]
    assert region.status_code == other.status_code == 403
    assert _error(other)["code"] == "permission_denied"


def test_veilig_thuis_sees_its_region(call, vt_org, figures):
    client = _client(vt_org, "vt-zhz")

    body = call("GET", f"{URL}/reports", token=client.token).json()

    assert {row["municipality"] for row in body["rows"]} == {"GM0505", "GM0642"}


def test_a_local_team_sees_its_municipality(call, local_team_a, figures):
    client = _client(local_team_a, "wijkteam-figures")

    own = call("GET", f"{URL}/reports", token=client.token)
    region = call("GET", f"{URL}/reports?region=1", token=client.token)

    assert [row["municipality"] for row in own.json()["rows"]] == ["GM0505"]
    assert region.status_code == 403


def test_other_organisations_get_no_figures(call, police_org, figures):
    client = _client(police_org, "politie-figures")

    response = call("GET", URL, token=client.token)

    assert response.status_code == 403
    assert _error(response)["code"] == "permission_denied"


def test_the_scope_figures_read_is_needed(call, police_client, figures):
    assert call("GET", URL, token=police_client.token).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=2026-H3", "period"),
        ("period=26", "period"),
        ("period=1900", "period"),
        ("municipality=GM05", "municipality"),
        ("municipality=GM0505&region=true", "municipality"),
        ("region=maybe", "region"),
    ],
)
def test_a_bad_query_is_refused_in_the_error_shape(call, gemeente, query, field):
    response = call("GET", f"{URL}/reports?{query}", token=gemeente.token)

    assert response.status_code == 400
    assert _error(response)["field"] == field


def test_an_unknown_table_is_not_found(call, gemeente):
    response = call("GET", f"{URL}/salaries", token=gemeente.token)

    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_municipality_of_another_region_is_outside_the_scope(call, gemeente, other_municipality):
    response = call("GET", f"{URL}/reports?municipality=GM0599", token=gemeente.token)

    assert response.status_code == 403
