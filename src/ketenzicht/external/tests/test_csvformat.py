"""Reading the CSV files: every kind of bad row is found, with its line and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ketenzicht.external.csvformat import (
    CsvRejected,
    decode,
    municipality_key,
    parse_period,
    parse_population,
    parse_series,
)

LATEST = 2026
SERIES_HEADER = "indicator,municipality,period,value,source\n"


def _problems(parse, text):
    with pytest.raises(CsvRejected) as caught:
        parse(text, latest_year=LATEST)
    return [(p.line, p.column, p.code) for p in caught.value.problems]


def test_it_reads_a_good_population_file_with_semicolons_and_age_bands():
    rows = parse_population(
        "gemeente;jaar;inwoners;leeftijd\nGM0505;2025;122598;totaal\n"
        "GM0505;2025;24000;0-17\nGM0505;2025;73000;18-64\nGM0505;2025;25598;65+\n",
        latest_year=LATEST,
    )
    assert [(r.line, r.municipality, r.year, r.inhabitants, r.age_band) for r in rows] == [
        (2, "GM0505", 2025, 122_598, "total"),
        (3, "GM0505", 2025, 24_000, "0-17"),
        (4, "GM0505", 2025, 73_000, "18-64"),
        (5, "GM0505", 2025, 25_598, "65+"),
    ]


def test_it_reads_a_good_series_file_with_decimal_commas_and_half_years():
    rows = parse_series(
        "indicator;gemeente;periode;waarde;bron\npolice_incidents;Dordrecht;2024;512;Politie\n"
        'formal_complaints;0505;2024h1;"71,5";Politie\n',
        latest_year=LATEST,
    )
    assert [(r.indicator, r.municipality, r.period, r.value) for r in rows] == [
        ("police_incidents", "Dordrecht", "2024", Decimal(512)),
        ("formal_complaints", "0505", "2024-H1", Decimal("71.5")),
    ]


def test_it_refuses_bad_numbers_with_line_and_column():
    problems = _problems(
        parse_population,
        "municipality,year,inhabitants\nGM0505,2025,12.000\nGM0642,2025,-5\nGM0482,2025,veel\n",
    )
    assert problems == [
        (2, "inhabitants", "not_whole_number"),
        (3, "inhabitants", "negative"),
        (4, "inhabitants", "not_whole_number"),
    ]
    problems = _problems(
        parse_series, SERIES_HEADER + "x,GM0505,2024,1.234.5,P\nx,GM0505,2023,-3,P\n"
    )
    assert problems == [(2, "value", "not_a_number"), (3, "value", "negative")]


def test_it_refuses_bad_years_and_periods():
    problems = _problems(
        parse_population,
        "municipality,year,inhabitants\nGM0505,25,1\nGM0505,1850,1\nGM0505,2031,1\n",
    )
    assert problems == [
        (2, "year", "bad_year"),
        (3, "year", "year_out_of_range"),
        (4, "year", "year_out_of_range"),
    ]
    problems = _problems(
        parse_series,
        SERIES_HEADER + "x,GM0505,2024-Q1,1,P\nx,GM0505,jan 2024,1,P\nx,GM0505,2040,1,P\n",
    )
    assert problems == [
        (2, "period", "bad_period"),
        (3, "period", "bad_period"),
        (4, "period", "year_out_of_range"),
    ]


def test_it_refuses_duplicate_rows_naming_the_first_line():
    with pytest.raises(CsvRejected) as caught:
        parse_series(
            SERIES_HEADER + "x,GM0505,2024,1,P\ny,GM0505,2024,1,P\nX,gm0505,2024,2,P\n",
            latest_year=LATEST,
        )
    (problem,) = caught.value.problems
    assert (problem.line, problem.code, problem.other) == (4, "duplicate_row", "2")
    problems = _problems(
        parse_population, "municipality,year,inhabitants\nGM0505,2025,1\nGM0505,2025,2\n"
    )
    assert problems == [(3, "", "duplicate_row")]


def test_it_refuses_a_wrong_header():
    assert _problems(parse_population, "municipality,jaar\nGM0505,2025\n") == [
        (1, "inhabitants", "missing_column")
    ]
    assert _problems(
        parse_population, "municipality,year,inhabitants,remark\nGM0505,2025,1,x\n"
    ) == [(1, "remark", "unknown_column")]
    assert _problems(parse_population, "municipality,year,jaar,inhabitants\n") == [
        (1, "year", "duplicate_column")
    ]


def test_it_refuses_lines_with_the_wrong_number_of_fields_and_empty_values():
    problems = _problems(parse_series, SERIES_HEADER + "x,GM0505,2024,1\nx,GM0505,2024,,P\n\n")
    assert problems == [(2, "", "field_count"), (3, "value", "required")]


def test_it_refuses_bad_age_bands_overlaps_and_bands_that_do_not_add_up():
    problems = _problems(
        parse_population,
        "municipality,year,inhabitants,age_band\nGM0505,2025,10,kinderen\nGM0505,2025,10,17-0\n"
        "GM0642,2025,100,total\nGM0642,2025,30,0-17\nGM0642,2025,60,18-64\nGM0642,2025,20,65+\n"
        "GM0482,2025,5,0-17\nGM0482,2025,5,10-20\n",
    )
    assert problems == [
        (2, "age_band", "bad_age_band"),
        (3, "age_band", "bad_age_band"),
        (4, "inhabitants", "bands_do_not_add_up"),
        (9, "age_band", "overlapping_age_band"),
    ]


def test_it_refuses_a_national_population_row():
    assert _problems(parse_population, "municipality,year,inhabitants\nNL01,2025,18000000\n") == [
        (2, "municipality", "national_population")
    ]


def test_it_counts_lines_of_quoted_values_over_several_lines():
    problems = _problems(
        parse_series, SERIES_HEADER + 'x,GM0505,2024,1,"Politie,\nregio"\nx,GM0505,2024,nul,P\n'
    )
    assert problems == [(4, "value", "not_a_number")]


def test_it_refuses_files_that_are_too_large_empty_or_not_utf8():
    with pytest.raises(CsvRejected) as caught:
        decode(b"x" * 101, max_bytes=100)
    assert caught.value.problems[0].code == "too_large"
    for data, code in [
        (b"", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        ("municipality".encode("utf-16"), "utf16"),
        ("a,b\nGM0505,Súdwest\n".encode("cp1252"), "encoding"),
    ]:
        with pytest.raises(CsvRejected) as caught:
            decode(data)
        assert caught.value.problems[0].code == code, data
    with pytest.raises(CsvRejected) as caught:
        decode("a\nb\nGM0505,Súdwest\n".encode("latin-1"))
    assert caught.value.problems[0].line == 3


def test_a_utf8_byte_order_mark_is_accepted():
    text = decode("\ufeffmunicipality,year,inhabitants\nGM0505,2025,1\n".encode())
    assert parse_population(text, latest_year=LATEST)[0].inhabitants == 1


def test_it_refuses_a_file_with_only_a_header_and_too_many_rows():
    assert _problems(parse_population, "municipality,year,inhabitants\n") == [(0, "", "no_rows")]
    with pytest.raises(CsvRejected) as caught:
        parse_population(
            "municipality,year,inhabitants\n" + "GM0505,2025,1\n" * 3,
            latest_year=LATEST,
            max_rows=2,
        )
    assert caught.value.problems[-1].code == "too_many_rows"


def test_municipality_cells_and_periods_are_normalised():
    assert municipality_key("GM0505") == ("code", "GM0505")
    assert municipality_key("505") == ("code", "GM0505")
    assert municipality_key(" Hendrik-Ido-Ambacht ") == ("name", "hendrik-ido-ambacht")
    assert municipality_key("Nederland") == ("national", "NL01")
    assert parse_period("2023") == "2023"
    assert parse_period("2023 H2") == "2023-H2"
    assert parse_period("2023-H3") is None
