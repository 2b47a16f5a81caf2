"""The imports land whole or not at all, with per-row errors in Dutch."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from ketenzicht.external.models import ExternalFigure, ExternalSeries, PopulationFigure
from ketenzicht.external.services import ImportRejected, population_import, series_import
from ketenzicht.organisations.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

POPULATION = "municipality,year,inhabitants,age_band\n"
SERIES = "indicator,municipality,period,value,source\n"


def _rejected(call, **kwargs):
    with pytest.raises(ImportRejected) as caught:
        call(**kwargs)
    return caught.value.errors


def test_it_imports_population_by_code_and_by_name(region):
    result = population_import(
        data=(
            POPULATION + "GM0505,2025,122598,total\nZwijndrecht,2025,44979,total\n"
            "505,2025,25000,0-17\n"
        ).encode()
    )
    assert (result.created, result.updated) == (3, 0)
    figures = PopulationFigure.objects.order_by("municipality__code", "age_band")
    assert [(f.municipality.code, f.age_band, f.inhabitants) for f in figures] == [
        ("GM0505", "0-17", 25_000),
        ("GM0505", "total", 122_598),
        ("GM0642", "total", 44_979),
    ]


def test_a_second_import_replaces_the_figures_it_repeats(region):
    population_import(data=(POPULATION + "GM0505,2025,1000,total\n").encode())
    result = population_import(data=(POPULATION + "GM0505,2025,1200,total\n").encode())
    assert (result.created, result.updated) == (0, 1)
    assert PopulationFigure.objects.get().inhabitants == 1200


def test_an_unknown_municipality_writes_nothing_and_names_the_line(region):
    with translation.override("nl"):
        errors = _rejected(
            population_import,
            data=(
                POPULATION + "GM0505,2025,1000,total\nGM9999,2025,5,total\nAtlantis,2025,5,\n"
            ).encode(),
        )
    assert [(e.line, e.column) for e in errors] == [(3, "municipality"), (4, "municipality")]
    assert "GM9999" in errors[0].message
    assert PopulationFigure.objects.count() == 0


def test_each_error_names_its_line_and_column_in_words(region):
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        series_import(data=(SERIES + "x,GM0505,2024,veel,Politie\n").encode())
    assert caught.value.messages == [
        "Line 2, column value: “veel” is not a number (e.g. 1234 or 12,5; no thousands separator)."
    ]


def test_one_bad_row_among_good_ones_writes_nothing(region):
    errors = _rejected(
        series_import,
        data=(
            SERIES + "police_incidents,GM0505,2024,512,Politie\n"
            "police_incidents,GM0642,2024,-1,Politie\n"
        ).encode(),
    )
    assert [(e.line, e.column) for e in errors] == [(3, "value")]
    assert ExternalFigure.objects.count() == 0
    assert ExternalSeries.objects.count() == 0


def test_a_code_and_a_name_of_the_same_municipality_are_a_duplicate(region):
    errors = _rejected(
        population_import,
        data=(POPULATION + "GM0505,2025,1,total\nDordrecht,2025,1,total\n").encode(),
    )
    assert [(e.line, e.column) for e in errors] == [(3, "")]


def test_a_name_shared_by_two_municipalities_must_be_given_as_a_code(region):
    MunicipalityFactory(code="GM0999", name="Dordrecht", region=region)
    errors = _rejected(series_import, data=(SERIES + "x,Dordrecht,2024,1,P\n").encode())
    assert errors[0].column == "municipality"
    assert series_import(data=(SERIES + "x,GM0999,2024,1,P\n").encode()).created == 1


def test_it_imports_series_with_national_figures(region):
    result = series_import(
        data=(
            SERIES + "police_incidents,GM0505,2024,512,Politie\n"
            "police_incidents,NL01,2024,88000,Politie\n"
            "police_incidents,NL01,2024-H1,43000,Politie\n"
        ).encode(),
        names={"police_incidents": "Incidenten huiselijk geweld (politie)"},
    )
    assert result.created == 3
    assert ExternalSeries.objects.get().name == "Incidenten huiselijk geweld (politie)"
    national = ExternalFigure.objects.filter(municipality__isnull=True).order_by("period")
    assert [(f.period, f.value) for f in national] == [("2024", 88_000), ("2024-H1", 43_000)]
    again = series_import(data=(SERIES + "police_incidents,NL01,2024,88100,CBS\n").encode())
    assert (again.created, again.updated) == (0, 1)
    assert ExternalFigure.objects.get(municipality__isnull=True, period="2024").value == Decimal(
        88_100
    )


def test_an_importer_with_a_reach_may_not_write_for_other_municipalities(region, municipality_a):
    errors = _rejected(
        series_import,
        data=(SERIES + "x,GM0505,2024,1,P\nx,GM0642,2024,1,P\nx,NL01,2024,1,P\n").encode(),
        reach={municipality_a.pk},
        national_allowed=False,
    )
    assert [(e.line, e.column) for e in errors] == [(3, "municipality"), (4, "municipality")]
    assert ExternalFigure.objects.count() == 0


def test_an_oversized_file_is_refused_before_it_is_read(region, settings):
    settings.KZ_EXTERNAL_MAX_CSV_BYTES = 50
    errors = _rejected(population_import, data=(POPULATION + "GM0505,2025,1,total\n" * 5).encode())
    assert errors[0].line == 0
    assert PopulationFigure.objects.count() == 0


def test_a_file_saved_as_utf16_gets_a_clear_message(region):
    with translation.override("nl"):
        errors = _rejected(
            population_import, data=(POPULATION + "GM0505,2025,1,\n").encode("utf-16")
        )
    assert "UTF-16" in errors[0].message
