"""The CSV linkage of data migrations (a pure module: no database)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenzicht.linkage import synthetic
from ketenzicht.linkage.csvlink import (
    CLUSTERS_HEADER,
    EARLIEST_YEAR,
    FIELDS,
    LINK_CLUSTERS_HEADER,
    PAIRS_HEADER,
    BadDate,
    ColumnMapping,
    CsvLinkError,
    InputError,
    Job,
    MappingError,
    OutputError,
    UnknownDate,
    date_format,
    link_csv,
    load_mapping,
    main,
    mapping_from_dict,
    parse_date,
    read_records,
    with_overrides,
    write_atomically,
)
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import MATCH_THRESHOLD

TODAY = date(2026, 6, 1)
REPO = Path(__file__).resolve().parents[4]

# An export of another case-management system, with Dutch column names.
DUTCH_HEADER = (
    "clientnummer",
    "achternaam",
    "voorvoegsel",
    "voornamen",
    "geboortedatum",
    "geslacht",
    "bsn",
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "woonplaats",
    "gemeentecode",
)
DUTCH_MAPPING = {
    "file": {"delimiter": ";"},
    "columns": {
        "record_id": "clientnummer",
        "surname": "achternaam",
        "surname_prefix": "voorvoegsel",
        "first_names": "voornamen",
        "date_of_birth": "geboortedatum",
        "sex": "geslacht",
        "bsn": "bsn",
        "street": "straat",
        "house_number": "huisnummer",
        "house_number_suffix": "toevoeging",
        "postcode": "postcode",
        "city": "woonplaats",
        "municipality_code": "gemeentecode",
    },
    "dates": {"date_of_birth": "dd-mm-jjjj"},
}
JANSEN = ("C001", "Jansen", "", "Jan Pieter", "03-04-1980", "M", "", "Kerkstraat", "12", "a")
JANSEN_PLACE = ("3311AB", "Dordrecht", "0505")


def dutch_row(*values: str) -> tuple[str, ...]:
    return (*values, *("" for _ in range(len(DUTCH_HEADER) - len(values))))


def write(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = DUTCH_HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def dutch(**changes: object) -> ColumnMapping:
    data = json.loads(json.dumps(DUTCH_MAPPING))
    for section, value in changes.items():
        data.setdefault(section, {}).update(value)
    return mapping_from_dict(data, origin="test mapping")


def read_one(path: Path, mapping: ColumnMapping | None = None) -> list[PersonRecord]:
    (dataset,) = read_records([(path, mapping or dutch())], today=TODAY)
    return list(dataset.records)


def problems_of(path: Path, mapping: ColumnMapping | None = None, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        read_records([(path, mapping or dutch())], today=TODAY, **kwargs)  # type: ignore[arg-type]
    return caught.value


def identity_mapping(**file: object) -> ColumnMapping:
    """A mapping for the synthetic population's CSV: its columns are our field names."""
    return mapping_from_dict({"columns": {f: f for f in FIELDS}, "file": file})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


# --- the mapping -------------------------------------------------------------------------------


def test_it_refuses_an_unknown_field_and_lists_the_valid_fields() -> None:
    with pytest.raises(MappingError) as caught:
        mapping_from_dict({"columns": {"achternaam": "achternaam", "surname": "naam"}})
    report = caught.value.report()
    assert "unknown field 'achternaam'" in report
    assert ", ".join(FIELDS) in report


def test_it_lists_every_mistake_of_a_mapping_at_once() -> None:
    with pytest.raises(MappingError) as caught:
        mapping_from_dict(
            {
                "colums": {},
                "columns": {"surname": ""},
                "dates": {"surname": "%d", "date_of_birth": "%d-%m"},
                "file": {"encoding": "klingon", "delimiter": ";;", "bad_dates": "maybe"},
            }
        )
    messages = caught.value.messages
    assert len(messages) == 7
    assert any("unknown sections ['colums']" in m for m in messages)
    assert any("surname is not a date field" in m for m in messages)
    assert any("does not give a day, a month and a year" in m for m in messages)
    assert any("unknown encoding 'klingon'" in m for m in messages)


def test_a_mapping_needs_the_record_id_and_the_surname() -> None:
    with pytest.raises(MappingError) as caught:
        ColumnMapping(columns={}).check()
    report = caught.value.report()
    assert "record_id is not mapped" in report
    assert "row_ids = true" in report
    assert "surname is not mapped" in report


def test_a_mapping_reads_the_same_from_toml_and_from_json(tmp_path: Path) -> None:
    toml = tmp_path / "mapping.toml"
    toml.write_text(
        """
format = "ketenzicht-csv-mapping/1"

[file]
delimiter = ";"

[columns]
record_id = "clientnummer"
surname = "achternaam"
surname_prefix = "voorvoegsel"
first_names = "voornamen"
date_of_birth = "geboortedatum"
sex = "geslacht"
bsn = "bsn"
street = "straat"
house_number = "huisnummer"
house_number_suffix = "toevoeging"
postcode = "postcode"
city = "woonplaats"
municipality_code = "gemeentecode"

[dates]
date_of_birth = "dd-mm-jjjj"
""",
        encoding="utf-8",
    )
    as_json = tmp_path / "mapping.json"
    as_json.write_text(json.dumps(DUTCH_MAPPING), encoding="utf-8")
    from_toml, from_json = load_mapping(toml), load_mapping(as_json)
    assert from_toml.columns == from_json.columns == dutch().columns
    assert from_toml.date_formats == {"date_of_birth": ("%d-%m-%Y",)}
    assert from_toml.origin == str(toml)


def test_a_mapping_file_that_is_not_valid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text("[columns\nsurname = 'x'\n", encoding="utf-8")
    with pytest.raises(MappingError, match="not valid TOML"):
        load_mapping(path)
    with pytest.raises(MappingError, match="cannot read the mapping file"):
        load_mapping(tmp_path / "absent.toml")


def test_the_example_mapping_in_the_docs_is_valid() -> None:
    mapping = load_mapping(REPO / "docs" / "examples" / "linkage-mapping.toml")
    mapping.check()
    assert mapping.columns["surname"].columns == ("achternaam",)
    assert mapping.date_formats["date_of_birth"] == ("%d-%m-%Y",)


def test_map_options_win_over_the_mapping_file_and_can_join_columns() -> None:
    mapping = with_overrides(
        dutch(), maps=["street=straat,huisnummer", "bsn=sofinummer"], delimiter="tab"
    )
    assert mapping.columns["street"].columns == ("straat", "huisnummer")
    assert mapping.columns["bsn"].columns == ("sofinummer",)
    assert mapping.delimiter == "\t"
    assert mapping.columns["surname"].columns == ("achternaam",)
    with pytest.raises(MappingError, match="unknown field 'naam'"):
        with_overrides(dutch(), maps=["naam=achternaam"])
    with pytest.raises(MappingError, match="write --map field=column"):
        with_overrides(dutch(), maps=["surname"])


def test_readable_date_formats_become_strptime_formats() -> None:
    assert date_format("dd-mm-jjjj") == "%d-%m-%Y"
    assert date_format("DD/MM/YYYY") == "%d/%m/%Y"
    assert date_format("yyyymmdd") == "%Y%m%d"
    assert date_format("%d.%m.%Y") == "%d.%m.%Y"
    with pytest.raises(ValueError, match="day, a month and a year"):
        date_format("mm-jjjj")


# --- dates -------------------------------------------------------------------------------------


def test_it_parses_dates_and_tells_unparseable_from_impossible_ones() -> None:
    formats = ("%d-%m-%Y",)
    assert parse_date("03-04-1980", formats, today=TODAY) == date(1980, 4, 3)
    assert parse_date("3-4-1980", formats, today=TODAY) == date(1980, 4, 3)
    kinds = {}
    for value in ("31-02-1980", "13-13-1980", "1980-04-03", "gisteren", "01-01-2030", "01-01-0001"):
        with pytest.raises(BadDate) as caught:
            parse_date(value, formats, today=TODAY)
        kinds[value] = caught.value.kind
    assert kinds == {
        "31-02-1980": "impossible_date",
        "13-13-1980": "impossible_date",
        "1980-04-03": "bad_date",
        "gisteren": "bad_date",
        "01-01-2030": "future_date",
        "01-01-0001": "implausible_date",
    }


def test_a_date_with_day_or_month_00_is_partly_unknown() -> None:
    for value in ("00-04-1980", "00-00-1980", "00-00-0000"):
        with pytest.raises(UnknownDate):
            parse_date(value, ("%d-%m-%Y",), today=TODAY)


def test_several_date_formats_are_tried_in_turn() -> None:
    formats = ("%d-%m-%Y", "%Y-%m-%d")
    assert parse_date("1980-04-03", formats, today=TODAY) == date(1980, 4, 3)
    with pytest.raises(BadDate, match="dd-mm-yyyy or yyyy-mm-dd"):
        parse_date("03/04/1980", formats, today=TODAY)


@given(
    day=st.dates(min_value=date(1880, 1, 1), max_value=TODAY),
    fmt=st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y"]),
)
def test_any_date_written_in_a_format_reads_back(day: date, fmt: str) -> None:
    assert parse_date(day.strftime(fmt), (fmt,), today=TODAY) == day


@given(
    value=st.text("0123456789-/. ", max_size=12),
    fmt=st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d"]),
)
def test_dates_read_the_same_as_with_strptime(value: str, fmt: str) -> None:
    try:
        expected: date | str = datetime.strptime(value, fmt).date()
    except ValueError:
        expected = "no date"
    try:
        found: date | str = parse_date(value, (fmt,), today=date.max)
    except BadDate:
        found = "no date"
    if found != expected and isinstance(expected, date):
        assert expected.year < EARLIEST_YEAR  # refused on purpose
    else:
        assert found == expected


# --- reading and validating --------------------------------------------------------------------


def test_it_reads_a_dutch_export_through_the_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", [(*JANSEN, "3311 ab", "Dordrecht", "0505")])
    (record,) = read_one(path)
    assert record == PersonRecord(
        record_id="C001",
        surname="Jansen",
        first_names="Jan Pieter",
        date_of_birth=date(1980, 4, 3),
        sex="M",
        street="Kerkstraat",
        house_number="12",
        house_number_suffix="a",
        postcode="3311 ab",
        city="Dordrecht",
        municipality_code="0505",
    )


def test_it_lists_the_missing_columns_and_the_header_it_found(tmp_path: Path) -> None:
    header = ("clientnr", "achternaam", "voornaam", "geboortedatum")
    path = write(tmp_path / "export.csv", [("1", "Jansen", "Jan", "03-04-1980")], header=header)
    mapping = mapping_from_dict(
        {
            "columns": {
                "record_id": "clientnummer",
                "surname": "achternaam",
                "first_names": "voornamen",
                "date_of_birth": "geboortedatum",
                "city": "woonplaats",
            }
        }
    )
    error = problems_of(path, mapping)
    (problem,) = error.problems
    assert problem.kind == "missing_column"
    assert "'clientnummer', 'voornamen', 'woonplaats'" in problem.message
    assert "semicolon-separated" in problem.message
    assert "'clientnr', 'achternaam', 'voornaam', 'geboortedatum'" in problem.message
    assert "'voornamen' -> 'voornaam'?" in problem.message


def test_it_reports_every_bad_date_with_its_line_number(tmp_path: Path) -> None:
    rows = [
        dutch_row("C1", "Jansen", "", "Jan", "03-04-1980"),
        dutch_row("C2", "Bakker", "", "Piet", "31-02-1980"),
        # A quoted value over two lines: line numbers count lines of the file, not rows.
        dutch_row("C3", "Visser", "", "Anna\nMaria", "1980-04-03"),
        dutch_row("C4", "Smit", "", "Kees", "01-01-2031"),
        dutch_row("C5", "Mulder", "", "Els", ""),
        dutch_row("C6", "de Boer", "", "Truus", "01-01-1800"),
    ]
    error = problems_of(write(tmp_path / "export.csv", rows))
    found = [(p.line, p.column, p.value, p.kind) for p in error.problems]
    assert found == [
        (3, "geboortedatum", "31-02-1980", "impossible_date"),
        (4, "geboortedatum", "1980-04-03", "bad_date"),
        (6, "geboortedatum", "01-01-2031", "future_date"),
        (8, "geboortedatum", "01-01-1800", "implausible_date"),
    ]
    report = error.report()
    assert report.startswith("Bad input: 4 problems in export.csv; nothing was written.")
    assert (
        "export.csv, line 3, column 'geboortedatum' ('31-02-1980'): no such date "
        "(expected dd-mm-yyyy)" in report
    )


def test_it_reports_bytes_that_are_not_utf8_with_line_and_byte_and_suggests_cp1252(
    tmp_path: Path,
) -> None:
    rows = [
        dutch_row("C1", "Jansen", "", "Jan"),
        dutch_row("C2", "Brontë", "", "Chloë"),
        dutch_row("C3", "Müller", "", "Jürgen"),
    ]
    path = write(tmp_path / "export.csv", rows, encoding="cp1252")
    error = problems_of(path)
    assert [(p.line, p.kind) for p in error.problems] == [(3, "encoding"), (4, "encoding")]
    first = error.problems[0].message
    data = path.read_bytes()
    position = data.index("ë".encode("cp1252"))
    line_start = data.index(b"C2;")
    assert f"byte {position - line_start + 1} of the line (byte {position} of the file)" in first
    assert "is not valid utf-8" in first
    assert "EB would be 'ë' in cp1252: try --encoding cp1252" in first
    # Read with the right encoding, the same file is fine.
    records = read_one(path, with_overrides(dutch(), encoding="cp1252"))
    assert [r.surname for r in records] == ["Jansen", "Brontë", "Müller"]


def test_a_utf8_file_read_as_cp1252_gets_a_warning(tmp_path: Path) -> None:
    rows = [dutch_row("C1", "Jansen"), dutch_row("C2", "Brontë")]
    path = write(tmp_path / "export.csv", rows, encoding="utf-8")
    (dataset,) = read_records([(path, with_overrides(dutch(), encoding="cp1252"))], today=TODAY)
    assert dataset.records[1].surname == "BrontÃ«"
    assert dict(dataset.warnings) == {("export.csv", None, "looks_like_utf8"): 1}
    assert dataset.warning_lines["export.csv", None, "looks_like_utf8"] == (3,)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", [dutch_row("C1", "Jansen")], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [r.record_id for r in read_one(path)] == ["C1"]
    assert [r.record_id for r in read_one(path, with_overrides(dutch(), encoding="utf-8-sig"))] == [
        "C1"
    ]


def test_a_utf16_export_reads_as_well(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.txt", [dutch_row("C1", "Çelik")], delimiter="\t", encoding="utf-16"
    )
    mapping = with_overrides(dutch(file={"delimiter": "tab"}), encoding="utf-16")
    assert [r.surname for r in read_one(path, mapping)] == ["Çelik"]


def test_it_reports_duplicate_record_ids_with_the_line_of_the_first(tmp_path: Path) -> None:
    rows = [dutch_row("C1", "Jansen"), dutch_row("C2", "Bakker"), dutch_row(" C1 ", "Visser")]
    error = problems_of(write(tmp_path / "export.csv", rows))
    (problem,) = error.problems
    assert (problem.line, problem.column, problem.value) == (4, "clientnummer", "C1")
    assert problem.message == "duplicate record id (first on line 2)"


def test_it_reports_missing_record_ids_and_surnames(tmp_path: Path) -> None:
    rows = [dutch_row("", "Jansen"), dutch_row("C2", " "), dutch_row("C3", "onbekend")]
    error = problems_of(
        write(tmp_path / "export.csv", rows), dutch(file={"missing_values": ["onbekend"]})
    )
    assert [(p.line, p.column, p.message) for p in error.problems] == [
        (2, "clientnummer", "record id missing"),
        (3, "achternaam", "surname missing"),
        (4, "achternaam", "surname missing"),
    ]


def test_it_reports_rows_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        ";".join(DUTCH_HEADER)
        + "\n"
        + "C1;Jansen\n"
        + ";".join(dutch_row("C2", "Bakker"))
        + ";x\n",
        encoding="utf-8",
    )
    error = problems_of(path)
    assert [(p.line, p.message) for p in error.problems] == [
        (2, "2 fields, the header has 13 (a delimiter or quote in a value?)"),
        (3, "14 fields, the header has 13 (a delimiter or quote in a value?)"),
    ]


def test_it_reports_a_broken_quote(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(";".join(DUTCH_HEADER) + '\nC1;"Jansen"x;' + ";" * 11 + "\n", encoding="utf-8")
    error = problems_of(path)
    assert [(p.line, p.kind) for p in error.problems] == [(2, "csv_syntax")]


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"")
    assert [p.kind for p in problems_of(path).problems] == ["header"]
    assert [p.kind for p in problems_of(tmp_path / "absent.csv").problems] == ["file"]


def test_the_report_lists_the_first_problems_and_counts_them_all(tmp_path: Path) -> None:
    rows = [dutch_row(f"C{i}", "", "", "", "31-02-1980") for i in range(300)]
    error = problems_of(write(tmp_path / "export.csv", rows), max_listed=25)
    assert error.total == 600
    assert len(error.problems) == 25
    report = error.report()
    assert "... and 575 more (the first 25 of 600 are listed)." in report
    assert "300  no such date: export.csv, column 'geboortedatum'" in report
    assert "300  required value missing: export.csv, column 'achternaam'" in report


def test_values_linkage_ignores_are_warnings_not_errors(tmp_path: Path) -> None:
    rows = [
        dutch_row("C1", "Jansen", "", "Jan", "", "M", "123456789"),  # fails the eleven-test
        dutch_row("C2", "Bakker", "", "Piet", "", "onbekend", "111222333"),  # passes
        dutch_row("C3", "Visser", "", "Anna", "00-05-1980", "", "", "", "", "", "33111AB"),
        (),
        dutch_row("C4", "Smit", "", "", "", "", "", "", "", "", "", "", "Dordrecht"),
    ]
    (dataset,) = read_records([(write(tmp_path / "export.csv", rows), dutch())], today=TODAY)
    assert [r.record_id for r in dataset.records] == ["C1", "C2", "C3", "C4"]
    assert dataset.records[0].bsn == "123456789"  # kept as written; linkage ignores it
    assert dataset.records[2].date_of_birth is None
    assert dict(dataset.warnings) == {
        ("export.csv", "bsn", "invalid_bsn"): 1,
        ("export.csv", "geslacht", "unknown_sex"): 1,
        ("export.csv", "geboortedatum", "partly_unknown_date"): 1,
        ("export.csv", "postcode", "invalid_postcode"): 1,
        ("export.csv", None, "empty_row"): 1,
        ("export.csv", "gemeentecode", "invalid_municipality_code"): 1,
    }
    assert dataset.warning_lines["export.csv", "bsn", "invalid_bsn"] == (2,)


def test_bad_dates_can_be_taken_for_missing_dates(tmp_path: Path) -> None:
    rows = [
        dutch_row("C1", "Jansen", "", "Jan", "31-02-1980"),
        dutch_row("C2", "Bakker", "", "", "2031"),
    ]
    (dataset,) = read_records(
        [(write(tmp_path / "export.csv", rows), dutch(file={"bad_dates": "missing"}))], today=TODAY
    )
    assert [r.date_of_birth for r in dataset.records] == [None, None]
    assert set(dataset.warnings) == {
        ("export.csv", "geboortedatum", "ignored_impossible_date"),
        ("export.csv", "geboortedatum", "ignored_bad_date"),
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_detects_the_delimiter(tmp_path: Path, delimiter: str) -> None:
    rows = [(*JANSEN, *JANSEN_PLACE), dutch_row("C2", "Bakker, de", "", "Piet; Jan")]
    path = write(tmp_path / "export.csv", rows, delimiter=delimiter)
    records = read_one(path, dutch(file={"delimiter": None}))
    assert [r.surname for r in records] == ["Jansen", "Bakker, de"]
    assert records[1].first_names == "Piet; Jan"


def test_a_custom_date_format_reads_dutch_dates(tmp_path: Path) -> None:
    rows = [dutch_row("C1", "Jansen", "", "Jan", "03.04.1980")]
    path = write(tmp_path / "export.csv", rows)
    assert [
        r.date_of_birth for r in read_one(path, with_overrides(dutch(), date_formats=["%d.%m.%Y"]))
    ] == [date(1980, 4, 3)]
    assert [p.kind for p in problems_of(path).problems] == ["bad_date"]


def test_joined_columns_make_one_field(tmp_path: Path) -> None:
    header = ("id", "naam", "straat", "huisnr", "dag", "maand", "jaar")
    rows = [
        ("1", "Jansen", "Lange Geldersekade", "12 a", "3", "4", "1980"),
        ("2", "Bakker", "Markt", "", "", "", ""),
    ]
    mapping = mapping_from_dict(
        {
            "columns": {
                "record_id": "id",
                "surname": "naam",
                "street": ["straat", "huisnr"],
                "date_of_birth": {"columns": ["dag", "maand", "jaar"], "separator": "-"},
            },
            "dates": {"date_of_birth": "%d-%m-%Y"},
        }
    )
    records = read_one(write(tmp_path / "export.csv", rows, header=header), mapping)
    assert records[0].street == "Lange Geldersekade 12 a"
    assert records[0].date_of_birth == date(1980, 4, 3)
    assert records[1].street == "Markt"
    assert records[1].date_of_birth is None
    rows[1] = ("2", "Bakker", "Markt", "", "31", "2", "1980")
    error = problems_of(write(tmp_path / "export.csv", rows, header=header), mapping)
    assert [(p.column, p.value) for p in error.problems] == [("dag+maand+jaar", "31-2-1980")]


def test_line_numbers_can_be_the_record_ids(tmp_path: Path) -> None:
    header = ("naam", "voornaam")
    rows = [("Jansen", "Jan"), ("Bakker", "Piet")]
    mapping = mapping_from_dict({"columns": {"surname": "naam"}, "file": {"row_ids": True}})
    records = read_one(write(tmp_path / "export.csv", rows, header=header), mapping)
    assert [r.record_id for r in records] == ["2", "3"]
    with pytest.raises(MappingError, match="choose one"):
        with_overrides(dutch(), row_ids=True).check()


def test_it_collects_the_problems_of_both_files_before_failing(tmp_path: Path) -> None:
    left = write(tmp_path / "a.csv", [dutch_row("C1", "")])
    right = write(tmp_path / "b.csv", [dutch_row("C1", "Jansen", "", "", "99-99-1999")])
    with pytest.raises(InputError) as caught:
        read_records([(left, dutch()), (right, dutch())], today=TODAY)
    assert [(p.file, p.line, p.kind) for p in caught.value.problems] == [
        ("a.csv", 2, "missing_value"),
        ("b.csv", 2, "impossible_date"),
    ]
    assert "Bad input: 2 problems in a.csv, b.csv" in caught.value.report()


@st.composite
def records_text(draw: st.DrawFn, alphabet: st.SearchStrategy[str]) -> PersonRecord:
    text = st.text(alphabet, max_size=12).map(str.strip)
    return PersonRecord(
        record_id="",  # numbered below
        surname=draw(text.filter(bool)),
        first_names=draw(text),
        surname_prefix=draw(text),
        date_of_birth=draw(st.none() | st.dates(min_value=date(1880, 1, 1), max_value=TODAY)),
        sex=draw(st.sampled_from(["", "F", "M", "X"])),
        street=draw(text),
        house_number=draw(text),
        city=draw(text),
    )


LATIN = st.characters(codec="cp1252", exclude_characters="\x00", exclude_categories=("Cs",))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(records_text(LATIN), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    fmt=st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]),
)
def test_any_records_written_as_csv_read_back_unchanged(
    tmp_path: Path,
    people: list[PersonRecord],
    delimiter: str,
    encoding: str,
    fmt: str,
) -> None:
    people = [replace(p, record_id=f"X{i}") for i, p in enumerate(people)]
    columns = (
        "record_id",
        "surname",
        "first_names",
        "surname_prefix",
        "date_of_birth",
        "sex",
        "street",
        "house_number",
        "city",
    )

    def cell(person: PersonRecord, column: str) -> str:
        value = getattr(person, column)
        if isinstance(value, date):
            return value.strftime(fmt)
        return "" if value is None else str(value)

    rows = [[cell(p, c) for c in columns] for p in people]
    path = write(tmp_path / "any.csv", rows, header=columns, delimiter=delimiter, encoding=encoding)
    mapping = mapping_from_dict(
        {
            "columns": {c: c for c in columns},
            "dates": {"date_of_birth": fmt},
            "file": {"encoding": encoding, "delimiter": delimiter},
        }
    )
    (dataset,) = read_records([(path, mapping)], today=TODAY)
    assert list(dataset.records) == people


# --- linking and writing -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def population() -> list[synthetic.SyntheticRecord]:
    return list(synthetic.generate(persons=1500, seed=5))


def test_a_dedupe_of_a_synthetic_csv_finds_the_known_duplicates(
    tmp_path: Path, population: list[synthetic.SyntheticRecord]
) -> None:
    source = tmp_path / "people.csv"
    synthetic.write_csv(population, source)
    job = Job(
        mode="dedupe",
        inputs=(source,),
        mappings=(identity_mapping(bad_dates="missing"),),
        pairs_path=tmp_path / "pairs.csv",
        clusters_path=tmp_path / "clusters.csv",
    )
    summary = link_csv(job, today=TODAY)
    pairs = read_csv(tmp_path / "pairs.csv")
    assert tuple(pairs[0]) == PAIRS_HEADER
    assert len(pairs) == summary.pairs_written
    matched = {
        (p["left_id"], p["right_id"]) for p in pairs if float(p["probability"]) >= MATCH_THRESHOLD
    }
    truth = synthetic.truth_pairs(population)
    true_positives = len(matched & truth)
    assert true_positives / len(matched) >= 0.97  # precision
    assert true_positives / len(truth) >= 0.85  # recall
    clusters = read_csv(tmp_path / "clusters.csv")
    assert tuple(clusters[0]) == CLUSTERS_HEADER
    assert len({c["cluster_id"] for c in clusters}) == summary.clusters
    assert summary.records == (("people.csv", len(population)),)
    assert f"{len(population):,} records read from people.csv" in summary.report()


def test_the_pairs_csv_explains_every_pair(tmp_path: Path) -> None:
    rows = [
        (*JANSEN, *JANSEN_PLACE),
        (
            "C002",
            "Janssen",
            "",
            "J.P.",
            "03-04-1980",
            "M",
            "",
            "Kerkstr.",
            "12",
            "A",
            "3311 AB",
            "Dordrecht",
            "GM0505",
        ),
        (
            "C003",
            "Jansen",
            "",
            "Pieter",
            "12-12-2012",
            "M",
            "",
            "Kerkstraat",
            "12",
            "a",
            *JANSEN_PLACE,
        ),
        ("C004", "Jansen", "", "Kees", "03-04-1980", "M", "", "Kerkstraat", "12", "a",
         *JANSEN_PLACE),
    ]  # fmt: skip
    job = Job(
        mode="dedupe",
        inputs=(write(tmp_path / "export.csv", rows),),
        mappings=(dutch(),),
        pairs_path=tmp_path / "pairs.csv",
        min_probability=0.0,
    )
    link_csv(job, today=TODAY)
    pairs = {(p["left_id"], p["right_id"]): p for p in read_csv(tmp_path / "pairs.csv")}
    same = pairs["C001", "C002"]
    assert same["strength"] in {"likely", "very_likely"}
    assert same["surname_level"] != "exact"
    assert same["date_of_birth_level"] == "exact"
    assert same["address_level"] == "same_address"
    assert same["evidence"].startswith("bsn=missing(0.0); surname=")
    assert "date_of_birth=exact(+" in same["evidence"]
    # Father and son share only the address, and their dates of birth have neither the year
    # nor the day and month in common: co-residents, never compared as one person.
    assert ("C001", "C003") not in pairs
    twin = pairs["C001", "C004"]  # the same birthday, another first name, one address
    assert twin["co_resident"] == "yes"
    assert "; household=co_resident(-" in twin["evidence"]
    assert float(twin["probability"]) < 0.01


def test_link_mode_pairs_records_across_two_files_only(
    tmp_path: Path, population: list[synthetic.SyntheticRecord]
) -> None:
    left = [r for i, r in enumerate(population) if i % 2 == 0]
    right = [r for i, r in enumerate(population) if i % 2 == 1]
    synthetic.write_csv(left, tmp_path / "a.csv")
    synthetic.write_csv(right, tmp_path / "b.csv")
    mapping = identity_mapping(bad_dates="missing")
    job = Job(
        mode="link",
        inputs=(tmp_path / "a.csv", tmp_path / "b.csv"),
        mappings=(mapping, mapping),
        pairs_path=tmp_path / "pairs.csv",
        clusters_path=tmp_path / "clusters.csv",
    )
    link_csv(job, today=TODAY)
    left_ids = {r.record.record_id for r in left}
    right_ids = {r.record.record_id for r in right}
    pairs = read_csv(tmp_path / "pairs.csv")
    assert pairs
    assert all(p["left_id"] in left_ids and p["right_id"] in right_ids for p in pairs)
    matched = {
        (p["left_id"], p["right_id"]) for p in pairs if float(p["probability"]) >= MATCH_THRESHOLD
    }
    across = {
        (a, b) if a in left_ids else (b, a)
        for a, b in synthetic.truth_pairs(population)
        if (a in left_ids) != (b in left_ids)
    }
    assert len(matched & across) / len(matched) >= 0.97
    clusters = read_csv(tmp_path / "clusters.csv")
    assert tuple(clusters[0]) == LINK_CLUSTERS_HEADER
    for c in clusters:
        assert c["record_id"] in (left_ids if c["source"] == "left" else right_ids)


def test_clusters_keep_the_sides_apart_when_both_files_use_the_same_ids(tmp_path: Path) -> None:
    a = write(
        tmp_path / "a.csv", [(*JANSEN, *JANSEN_PLACE), dutch_row("C002", "Bakker", "", "Piet")]
    )
    b_rows = [("C002", *JANSEN[1:], *JANSEN_PLACE), dutch_row("C001", "Visser", "", "Anna")]
    b = write(tmp_path / "b.csv", b_rows)
    job = Job(
        mode="link",
        inputs=(a, b),
        mappings=(dutch(), dutch()),
        clusters_path=tmp_path / "clusters.csv",
        singletons=True,
    )
    summary = link_csv(job, today=TODAY)
    rows = [
        (c["cluster_id"], c["source"], c["record_id"], c["cluster_size"])
        for c in read_csv(tmp_path / "clusters.csv")
    ]
    assert rows == [
        ("1", "left", "C001", "2"),
        ("1", "right", "C002", "2"),
        ("2", "left", "C002", "1"),
        ("3", "right", "C001", "1"),
    ]
    assert (summary.clusters, summary.singletons) == (1, 2)


def test_singletons_are_only_listed_when_asked(tmp_path: Path) -> None:
    rows = [
        (*JANSEN, *JANSEN_PLACE),
        ("C002", *JANSEN[1:], *JANSEN_PLACE),
        dutch_row("C003", "Bakker"),
    ]
    path = write(tmp_path / "export.csv", rows)
    job = Job(mode="dedupe", inputs=(path,), mappings=(dutch(),), clusters_path=tmp_path / "c.csv")
    link_csv(job, today=TODAY)
    assert [c["record_id"] for c in read_csv(tmp_path / "c.csv")] == ["C001", "C002"]
    clusters = read_csv(tmp_path / "c.csv")
    assert clusters[0]["best_probability"] == clusters[0]["weakest_probability"]
    link_csv(replace(job, singletons=True), today=TODAY)
    last = read_csv(tmp_path / "c.csv")[-1]
    assert (last["cluster_id"], last["record_id"], last["cluster_size"]) == ("2", "C003", "1")
    assert last["best_probability"] == ""


def test_nothing_is_written_on_bad_input_and_existing_outputs_stay(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.csv",
        [(*JANSEN, *JANSEN_PLACE), dutch_row("C1", "", "", "", "31-02-1980")],
    )
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    job = Job(
        mode="dedupe", inputs=(path,), mappings=(dutch(),), pairs_path=pairs, clusters_path=clusters
    )
    with pytest.raises(InputError):
        link_csv(job, today=TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    pairs.write_text("earlier pairs\n", encoding="utf-8")
    clusters.write_text("earlier clusters\n", encoding="utf-8")
    with pytest.raises(InputError):
        link_csv(job, today=TODAY)
    assert pairs.read_text(encoding="utf-8") == "earlier pairs\n"
    assert clusters.read_text(encoding="utf-8") == "earlier clusters\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters.csv", "export.csv", "pairs.csv"]


def test_a_failure_while_writing_leaves_the_targets_untouched(tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    second.write_text("earlier\n", encoding="utf-8")

    def complete(out: io.TextIOBase) -> None:
        out.write("complete\n")

    def failing(out: io.TextIOBase) -> None:
        out.write("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically([(first, complete), (second, failing)])  # type: ignore[list-item]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["second.csv"]
    assert second.read_text(encoding="utf-8") == "earlier\n"
    write_atomically([(first, complete), (second, complete)])  # type: ignore[list-item]
    assert second.read_text(encoding="utf-8") == "complete\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.csv", "second.csv"]


def test_output_paths_are_checked_before_anything_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", [dutch_row("C1", "Jansen")])
    job = Job(mode="dedupe", inputs=(path,), mappings=(dutch(),))
    with pytest.raises(OutputError, match="nothing to write"):
        link_csv(job)
    with pytest.raises(OutputError, match="is an input file"):
        link_csv(replace(job, pairs_path=path))
    with pytest.raises(OutputError, match="does not exist"):
        link_csv(replace(job, pairs_path=tmp_path / "absent" / "pairs.csv"))
    with pytest.raises(OutputError, match="different files"):
        link_csv(replace(job, pairs_path=tmp_path / "o.csv", clusters_path=tmp_path / "o.csv"))
    with pytest.raises(CsvLinkError, match="link takes 2 CSV files, 1 given"):
        link_csv(replace(job, mode="link", pairs_path=tmp_path / "o.csv"))
    assert path.read_text(encoding="utf-8").startswith("clientnummer")


def test_the_module_runs_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(DUTCH_MAPPING), encoding="utf-8")
    good = write(
        tmp_path / "good.csv", [(*JANSEN, *JANSEN_PLACE), ("C002", *JANSEN[1:], *JANSEN_PLACE)]
    )
    arguments = ["dedupe", str(good), "--mapping", str(mapping), "--quiet"]
    assert main([*arguments, "--pairs", str(tmp_path / "pairs.csv")]) == 0
    assert "1 pair with probability >= 0.25" in capsys.readouterr().out
    bad = write(tmp_path / "bad.csv", [dutch_row("C1", "Jansen", "", "", "1-1-3000")])
    arguments[1] = str(bad)
    assert main([*arguments, "--clusters", str(tmp_path / "clusters.csv")]) == 1
    assert "bad.csv, line 2, column 'geboortedatum'" in capsys.readouterr().err
    assert not (tmp_path / "clusters.csv").exists()
