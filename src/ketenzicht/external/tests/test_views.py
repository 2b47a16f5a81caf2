"""The policy officer's pages: reach, protected counts, imports, rates and query budgets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ketenzicht.external.models import ExternalFigure, PopulationFigure, PrevalenceRate
from ketenzicht.external.services import population_import, series_import
from ketenzicht.organisations.models import Municipality, OrganisationKind, Role
from ketenzicht.organisations.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from ketenzicht.reporting.disclosure import protect_count, protect_table

pytestmark = pytest.mark.django_db

# Session, user, device, organisation, region and municipalities, then the page's own reads.
DARK_FIGURE_QUERIES = 16
FIGURES_QUERIES = 17  # with the region overview of the centre municipality (4 reads)

POPULATION = (
    "municipality,year,inhabitants,age_band\n"
    "GM0505,{y},120000,total\nGM0505,{y},24000,0-17\nGM0505,{y},72000,18-64\n"
    "GM0505,{y},24000,65+\nGM0642,{y},45000,total\n"
)
SERIES = (
    "indicator,municipality,period,value,source\n"
    "police_incidents,GM0505,{y},600,Politie\nformal_complaints,GM0505,{y},150,Politie\n"
    "police_incidents,NL01,{y},72000,Politie\npopulation,NL01,{y},18000000,CBS\n"
    "police_incidents,GM0642,{y},99,Politie\n"
)


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def figures(region, year):
    population_import(data=POPULATION.format(y=year).encode())
    series_import(data=SERIES.format(y=year).encode())


@pytest.fixture
def officer_b(region, municipality_b):
    """A policy officer of Zwijndrecht, which is not the centre municipality."""
    return UserFactory(
        username="beleid.zwijndrecht",
        role=Role.POLICY_OFFICER,
        organisation=OrganisationFactory(
            name="Gemeente Zwijndrecht",
            kind=OrganisationKind.MUNICIPALITY,
            region=region,
            municipality=municipality_b,
        ),
    )


def _this_year_at_noon():
    now = timezone.localtime()
    return datetime(now.year, 1, 2, 12, 0, tzinfo=now.tzinfo)


def test_the_centre_sees_the_region_and_every_municipality_as_an_estimate(
    client, policy_officer, figures, make_case, django_assert_max_num_queries
):
    make_case(received_at=_this_year_at_noon())
    client.force_login(policy_officer)
    with django_assert_max_num_queries(DARK_FIGURE_QUERIES):
        response = client.get(reverse("external:dark_figure"))
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("estimate-region", "estimate-GM0505", "estimate-GM0642"):
        assert f'id="{anchor}"' in html
    assert "Jansen" not in html  # no person, ever
    dordrecht = next(t for t in response.context["tables"] if t.anchor == "estimate-GM0505")
    children, adults, _elderly, _unknown = dordrecht.rows
    # 24,000 x 30 / 1,000 and 72,000 x 11 / 1,000, shown as estimates
    assert children["expected"].endswith("720")
    assert adults["expected"].endswith("790")
    protected = protect_table(
        {
            "children": {"reported": 1},
            "adults": {"reported": 1},
            "elderly": {"reported": 0},
            "unknown": {"reported": 0},
        }
    )
    assert children["reported"] == protected.cell("children", "reported").label
    assert dordrecht.total["reported"] == protected.column_total("reported").label
    assert children["reported"] != "1"


def test_a_municipality_that_is_not_the_centre_sees_only_itself(
    client, officer_b, figures, django_assert_max_num_queries
):
    client.force_login(officer_b)
    with django_assert_max_num_queries(DARK_FIGURE_QUERIES):
        html = client.get(reverse("external:dark_figure")).content.decode()
    assert 'id="estimate-GM0642"' in html
    assert 'id="estimate-GM0505"' not in html
    assert 'id="estimate-region"' not in html
    response = client.get(reverse("external:figures"), {"gemeente": "GM0505"})
    assert response.context["municipality"].code == "GM0642"  # not another municipality
    assert response.context["region"] is None


def test_the_external_figures_page_shows_ratios_and_the_national_comparison(
    client, policy_officer, figures, year, make_case, django_assert_max_num_queries
):
    make_case(received_at=_this_year_at_noon())
    client.force_login(policy_officer)
    with django_assert_max_num_queries(FIGURES_QUERIES):
        response = client.get(reverse("external:figures"))
    assert response.status_code == 200
    context = response.context
    assert context["periods"] == [str(year)]
    (_ratio_label, cells), *_rest = context["ratio_lines"]
    assert cells[0].startswith("25")  # 150 complaints of 600 incidents
    incidents = next(c for c in context["comparisons"] if c["period"] == str(year))
    # 600 per 120,000 = 5 per 1,000 against 72,000 per 18,000,000 = 4 per 1,000: index 125
    assert incidents["local"].startswith("5")
    assert incidents["national"].startswith("4")
    assert incidents["index"].startswith("125")
    assert context["own_cells"] == [protect_count(1).label]
    # From the centre: the municipalities of the region side by side.
    region = context["region"]
    dordrecht, zwijndrecht = region.rows
    assert dordrecht["incidents"].startswith("5")  # 600 per 120,000
    assert dordrecht["complaints"].startswith("25")
    assert zwijndrecht["incidents"].startswith("2,2")  # 99 per 45,000
    assert zwijndrecht["complaints"] == "—"
    assert (
        dordrecht["reports"]
        == protect_table({"Dordrecht": {"reported": 1}, "Zwijndrecht": {"reported": 0}})
        .cell("Dordrecht", "reported")
        .label
    )


def test_an_upload_lands_whole_and_is_reported(client, policy_officer, region, year):
    client.force_login(policy_officer)
    upload = SimpleUploadedFile("bevolking.csv", POPULATION.format(y=year).encode())
    response = client.post(reverse("external:upload"), {"kind": "population", "file": upload})
    assert response.status_code == 302
    assert PopulationFigure.objects.count() == 5


def test_a_bad_upload_lists_each_row_and_writes_nothing(client, policy_officer, region, year):
    client.force_login(policy_officer)
    data = f"indicator,municipality,period,value,source\nx,GM0505,{year},1,P\nx,GM9999,{year},1,P\n"
    response = client.post(
        reverse("external:upload"),
        {"kind": "series", "file": SimpleUploadedFile("s.csv", data.encode())},
    )
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["errors"]] == [(3, "municipality")]
    assert ExternalFigure.objects.count() == 0


def test_a_file_full_of_errors_lists_the_first_200_and_counts_the_rest(
    client, policy_officer, region, year
):
    client.force_login(policy_officer)
    data = "municipality,year,inhabitants\n" + f"GM0505,{year},veel\n" * 250
    response = client.post(
        reverse("external:upload"),
        {"kind": "population", "file": SimpleUploadedFile("b.csv", data.encode())},
    )
    assert len(response.context["errors"]) == 200
    assert response.context["more_errors"] == 50


def test_an_officer_outside_the_centre_imports_only_for_their_municipality(
    client, officer_b, region, year
):
    client.force_login(officer_b)
    data = (
        "indicator,municipality,period,value,source\n"
        f"x,GM0642,{year},1,P\nx,GM0505,{year},1,P\nx,NL01,{year},1,P\n"
    )
    response = client.post(
        reverse("external:upload"),
        {"kind": "series", "file": SimpleUploadedFile("s.csv", data.encode())},
    )
    assert [e.line for e in response.context["errors"]] == [3, 4]
    assert ExternalFigure.objects.count() == 0


def test_an_oversized_upload_is_refused_before_it_is_read(client, policy_officer, region, settings):
    settings.KZ_EXTERNAL_MAX_CSV_BYTES = 10
    client.force_login(policy_officer)
    response = client.post(
        reverse("external:upload"),
        {"kind": "population", "file": SimpleUploadedFile("b.csv", b"x" * 11)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_the_centre_sets_a_rate_and_the_estimate_uses_it(client, policy_officer, figures, year):
    client.force_login(policy_officer)
    response = client.post(
        reverse("external:rates"),
        {
            "group": "children",
            "per_1000": "40",
            "source": "Eigen prevalentiestudie 2024",
            "valid_from": f"{year}-01-01",
        },
    )
    assert response.status_code == 302
    assert PrevalenceRate.objects.get().per_1000 == Decimal(40)
    tables = client.get(reverse("external:dark_figure")).context["tables"]
    dordrecht = next(t for t in tables if t.anchor == "estimate-GM0505")
    assert dordrecht.rows[0]["expected"].endswith("960")  # 24,000 x 40 / 1,000


def test_a_municipality_outside_the_centre_cannot_set_rates(client, officer_b, region, year):
    client.force_login(officer_b)
    assert client.get(reverse("external:rates")).status_code == 200
    response = client.post(
        reverse("external:rates"),
        {"group": "adults", "per_1000": "5", "source": "X", "valid_from": f"{year}-01-01"},
    )
    assert response.status_code == 403
    assert PrevalenceRate.objects.count() == 0


def test_the_rates_and_upload_pages_stay_within_their_query_budget(
    client, policy_officer, figures, django_assert_max_num_queries
):
    client.force_login(policy_officer)
    for name in ("external:rates", "external:upload"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_the_pages_need_no_more_queries_for_more_municipalities_and_years(
    client, policy_officer, region, year, make_case, django_assert_max_num_queries
):
    rows = ["municipality,year,inhabitants"]
    series = ["indicator,municipality,period,value,source"]
    for n in range(8):
        code = f"GM{7000 + n}"
        MunicipalityFactory(code=code, name=f"Gemeente {n}", region=region)
        make_case(
            received_at=_this_year_at_noon(), municipality=Municipality.objects.get(code=code)
        )
        for y in range(year - 5, year + 1):
            rows.append(f"{code},{y},{10_000 + n}")
            series.append(f"police_incidents,{code},{y},{40 + n},Politie")
    population_import(data="\n".join(rows).encode())
    series_import(data="\n".join(series).encode())
    client.force_login(policy_officer)
    with django_assert_max_num_queries(DARK_FIGURE_QUERIES):
        response = client.get(reverse("external:dark_figure"))
    assert len(response.context["tables"]) == 10
    with django_assert_max_num_queries(FIGURES_QUERIES):
        response = client.get(reverse("external:figures"), {"gemeente": "GM7003"})
    assert len(response.context["periods"]) == 6
