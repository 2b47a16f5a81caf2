"""``manage.py linkage_csv``: the thin command around the CSV linkage.

No test here is marked ``django_db``: the command needs no database, and pytest-django makes any
query fail the test.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ketenzicht.linkage import synthetic
from ketenzicht.linkage.csvlink import FIELDS

HEADER = ("clientnummer", "achternaam", "voornamen", "geboortedatum", "postcode", "huisnummer")
MAPPING = {
    "file": {"delimiter": ";"},
    "columns": {
        "record_id": "clientnummer",
        "surname": "achternaam",
        "first_names": "voornamen",
        "date_of_birth": "geboortedatum",
        "postcode": "postcode",
        "house_number": "huisnummer",
    },
    "dates": {"date_of_birth": "dd-mm-jjjj"},
}
JANSEN = ("Jansen", "Jan", "03-04-1980", "3311 AB", "12")


def write(path: Path, *rows: tuple[str, ...], encoding: str = "utf-8") -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows([HEADER, *rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def mapping(tmp_path: Path, name: str = "mapping.json", **changes: dict[str, object]) -> str:
    data = json.loads(json.dumps(MAPPING))
    for section, values in changes.items():
        data[section].update(values)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args: str, **options: object) -> str:
    out = io.StringIO()
    call_command(
        "linkage_csv",
        *args,
        stdout=out,
        verbosity=0 if "quiet" in options else 1,
        **{k: v for k, v in options.items() if k != "quiet"},
    )
    return out.getvalue()


def test_it_deduplicates_a_synthetic_csv_and_prints_a_summary(tmp_path: Path) -> None:
    records = list(synthetic.generate(persons=400, seed=2))
    synthetic.write_csv(records, tmp_path / "people.csv")
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    output = run(
        "dedupe",
        str(tmp_path / "people.csv"),
        map=[f"{f}={f}" for f in FIELDS],
        bad_dates="missing",
        pairs=str(pairs),
        clusters=str(clusters),
        singletons=True,
    )
    assert f"{len(records):,} records read from people.csv" in output
    assert "pairs with probability >= 0.25 written to" in output
    assert "clusters (" in output and "single records written to" in output
    assert output.rstrip().endswith(" s")
    with clusters.open(encoding="utf-8") as source:
        listed = [row["record_id"] for row in csv.DictReader(source)]
    assert sorted(listed) == sorted(r.record.record_id for r in records)


def test_it_links_two_csvs_each_with_its_own_mapping(tmp_path: Path) -> None:
    left = write(tmp_path / "a.csv", ("A1", *JANSEN), ("A2", "Bakker", "Piet", "", "", ""))
    right_path = tmp_path / "b.csv"
    right_path.write_text(
        "id,naam,voornaam,geboren,pc,nr\nB7,Janssen,J.,1980-04-03,3311AB,12\n", encoding="utf-8"
    )
    right_mapping = tmp_path / "b.toml"
    right_mapping.write_text(
        "[columns]\nrecord_id = 'id'\nsurname = 'naam'\nfirst_names = 'voornaam'\n"
        "date_of_birth = 'geboren'\npostcode = 'pc'\nhouse_number = 'nr'\n",
        encoding="utf-8",
    )
    pairs = tmp_path / "pairs.csv"
    output = run(
        "link",
        str(left),
        str(right_path),
        mapping=mapping(tmp_path),
        mapping_right=str(right_mapping),
        pairs=str(pairs),
        quiet=True,
    )
    assert output == ""  # verbosity 0
    with pairs.open(encoding="utf-8") as source:
        (pair,) = list(csv.DictReader(source))
    assert (pair["left_id"], pair["right_id"]) == ("A1", "B7")
    assert pair["strength"] in {"likely", "very_likely"}


def test_bad_input_is_a_command_error_with_the_report_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    source = write(
        tmp_path / "export.csv",
        ("C1", *JANSEN),
        ("C1", "Müller", "Jürgen", "31-02-1980", "", ""),
        encoding="cp1252",
    )
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("earlier\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("dedupe", str(source), mapping=mapping(tmp_path), pairs=str(pairs), quiet=True)
    report = str(caught.value)
    # The wrong encoding, and every other problem too.
    assert report.startswith("Bad input: 3 problems in export.csv; nothing was written.")
    assert "export.csv, line 3: byte 5 of the line" in report
    assert "try --encoding cp1252" in report
    with pytest.raises(CommandError) as caught:
        run(
            "dedupe",
            str(source),
            mapping=mapping(tmp_path),
            encoding="cp1252",
            pairs=str(pairs),
            quiet=True,
        )
    report = str(caught.value)
    assert report.startswith("Bad input: 2 problems in export.csv")
    assert "export.csv, line 3, column 'clientnummer' ('C1'): duplicate record id" in report
    assert "export.csv, line 3, column 'geboortedatum' ('31-02-1980'): no such date" in report
    assert pairs.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "mapping.json", "pairs.csv"]


def test_a_mapping_naming_missing_columns_is_a_command_error(tmp_path: Path) -> None:
    source = write(tmp_path / "export.csv", ("C1", *JANSEN))
    with pytest.raises(CommandError, match=r"columns not in the header: 'woonplaats'"):
        run(
            "dedupe",
            str(source),
            mapping=mapping(tmp_path, columns={"city": "woonplaats"}),
            clusters=str(tmp_path / "clusters.csv"),
            quiet=True,
        )
    with pytest.raises(CommandError, match=r"unknown field 'naam'; the fields are: record_id"):
        run("dedupe", str(source), map=["naam=achternaam"], pairs=str(tmp_path / "p.csv"))
    assert not (tmp_path / "clusters.csv").exists()


def test_it_refuses_a_wrong_number_of_files_or_no_output(tmp_path: Path) -> None:
    source = write(tmp_path / "export.csv", ("C1", *JANSEN))
    with pytest.raises(CommandError, match="link takes 2 CSV files, 1 given"):
        run("link", str(source), mapping=mapping(tmp_path), pairs=str(tmp_path / "p.csv"))
    with pytest.raises(CommandError, match="nothing to write"):
        run("dedupe", str(source), mapping=mapping(tmp_path))
    with pytest.raises(CommandError, match="--mapping-right is for link mode"):
        run(
            "dedupe",
            str(source),
            mapping=mapping(tmp_path),
            mapping_right=mapping(tmp_path),
            pairs=str(tmp_path / "p.csv"),
        )


def test_a_formula_in_a_record_id_is_written_neutralised(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","x")'
    source = write(tmp_path / "export.csv", (evil, *JANSEN), ("C2", *JANSEN))
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    run(
        "dedupe",
        str(source),
        mapping=mapping(tmp_path),
        pairs=str(pairs),
        clusters=str(clusters),
        quiet=True,
    )
    for path in (pairs, clusters):
        text = path.read_text(encoding="utf-8")
        assert "'" + evil.replace('"', '""') in text, path.name
        assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())
