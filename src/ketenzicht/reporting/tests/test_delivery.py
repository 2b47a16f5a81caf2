"""The CBS delivery file on a hand-built dataset: one coded row per item, BSNs, period edges."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import Case
from ketenzicht.intake.models import AdviceRequest, PersonRole
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.reporting import categories
from ketenzicht.reporting.delivery import (
    COLUMNS,
    DECISION_NUMBERS,
    KIND_NUMBERS,
    OUTCOME_NUMBERS,
    REPORTER_NUMBERS,
    UNKNOWN_BSN,
    DeliveryError,
    Item,
    Person,
    coded_bsn,
    coded_row,
    half_year_bounds,
)

BSN = "111222333"  # passes the eleven test


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# --- the pure module ------------------------------------------------------------------------


def test_the_code_lists_cover_the_categories_exactly_with_distinct_numbers():
    for numbers, codes in (
        (KIND_NUMBERS, categories.KIND_CODES),
        (REPORTER_NUMBERS, categories.REPORTER_CODES),
        (DECISION_NUMBERS, categories.DECISION_CODES),
        (OUTCOME_NUMBERS, categories.INVESTIGATION_OUTCOME_CODES),
    ):
        assert set(numbers) == set(codes)
        assert sorted(numbers.values()) == list(range(1, len(codes) + 1))


def test_the_half_years_run_from_local_midnight_to_local_midnight():
    assert half_year_bounds("2026-H1", AMSTERDAM) == (local(2026, 1, 1, 0), local(2026, 7, 1, 0))
    assert half_year_bounds("2026-H2", AMSTERDAM) == (local(2026, 7, 1, 0), local(2027, 1, 1, 0))


@pytest.mark.parametrize("text", ["2026", "2026-H3", "26-H1", "2026H1", "", "2026-H1x"])
def test_it_refuses_anything_but_a_half_year(text):
    with pytest.raises(DeliveryError):
        half_year_bounds(text, AMSTERDAM)


@pytest.mark.parametrize(
    ("raw", "coded"), [(BSN, BSN), ("", UNKNOWN_BSN), ("12345", UNKNOWN_BSN), (" 111222333 ", BSN)]
)
def test_an_unknown_bsn_is_nine_zeros(raw, coded):
    assert coded_bsn(raw) == coded


def test_a_report_row_is_coded_column_by_column():
    item = Item(
        record_type="M",
        reference="M0000007",
        report_reference="",
        municipality_code="GM0505",
        received_at=local(2026, 6, 30, 23, 59),  # 21:59 UTC: still 30 June in Amsterdam
        reporter_role="police",
        kinds=("partner_violence", "ex_partner_violence", "child_witnessing"),
        decision="vv",
        assessed_at=local(2026, 7, 6),
        people=(
            Person(role="child_in_household", bsn="999999990"),
            Person(role="victim", bsn=""),
            Person(role="victim", bsn=BSN),
            Person(role="child_in_household", bsn=""),
        ),
    )
    row = dict(
        zip(
            COLUMNS,
            coded_row(item, region_code="zhz", period="2026-H1", zone=AMSTERDAM),
            strict=True,
        )
    )
    assert row["received_on"] == "2026-06-30"
    assert row["reporter_group"] == REPORTER_NUMBERS["police_justice"]
    assert row["from_police"] == 1
    assert (row["kind_child"], row["kind_partner"], row["kind_elder"]) == (1, 1, 0)
    assert row["decision"] == DECISION_NUMBERS["vv"] == 3
    assert row["assessed_on"] == "2026-07-06"
    assert row["investigation_started_on"] == "" and row["investigation_outcome"] == 0
    assert (row["victims"], row["alleged_perpetrators"], row["children"]) == (2, 0, 2)
    # The first victim has no BSN: nine zeros, not the next victim's number.
    assert row["bsn_victim"] == UNKNOWN_BSN
    assert row["bsn_alleged_perpetrator"] == UNKNOWN_BSN


# --- the command on the database ------------------------------------------------------------


def perpetrator(**kw):
    return victim_adult(role=PersonRole.ALLEGED_PERPETRATOR, first_names="Kees", **kw)


@pytest.fixture
def dataset(
    make_case, municipality_a, municipality_b, vt_org, intake_worker, other_case, other_vt_org
):
    last_minute = make_case(
        received_at=local(2026, 6, 30, 23, 59),
        municipality=municipality_b,
        reporter_role="police",
        kinds=["elder_abuse"],
        people=[victim_adult(surname="Bakker", bsn=BSN), perpetrator(surname="Bakker")],
    )
    first_minute_h2 = make_case(received_at=local(2026, 7, 1, 0, 0))
    new_year = make_case(received_at=local(2026, 1, 1, 0, 0))
    Case.objects.filter(pk=new_year.pk).update(
        assessed_at=local(2026, 1, 7),
        decision="investigation",
        investigation_started_at=local(2026, 1, 9),
        investigation_concluded_at=local(2026, 3, 2),
        investigation_outcome="confirmed",
    )
    # Decided for an investigation in H1 but started only in H2: not an H1 investigation.
    started_late = make_case(received_at=local(2026, 6, 1), people=[child(surname="Visser")])
    Case.objects.filter(pk=started_late.pk).update(
        assessed_at=local(2026, 6, 29),
        decision="investigation",
        investigation_started_at=local(2026, 7, 2),
    )
    advice = AdviceRequest.objects.create(
        organisation=vt_org,
        received_at=local(2026, 3, 4),
        channel="phone",
        reporter_role="school",
        question="Zorgen over een leerling.",
        advice="Meldcode.",
        municipality=municipality_a,
        kinds=["child_emotional_neglect"],
        handled_by=intake_worker,
    )
    Case.objects.filter(pk=other_case.pk).update(opened_at=local(2026, 2, 2))
    other_case.report.__class__.objects.filter(pk=other_case.report_id).update(
        received_at=local(2026, 2, 2)
    )
    return {
        "last_minute": last_minute,
        "h2": first_minute_h2,
        "new_year": new_year,
        "started_late": started_late,
        "advice": advice,
    }


def deliver(tmp_path: Path, **kw: str) -> list[dict[str, str]]:
    target = tmp_path / "levering.csv"
    options = {"region": "zhz", "period": "2026-H1", "output": str(target), "no_progress": True}
    options.update(kw)
    call_command("reporting_delivery", stdout=io.StringIO(), **options)
    with target.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.django_db
def test_it_writes_one_row_per_advice_request_report_and_investigation_of_the_half_year(
    dataset, tmp_path
):
    rows = deliver(tmp_path)
    references = [(r["record_type"], r["reference"]) for r in rows]
    new_year = dataset["new_year"]
    assert references == [
        ("A", dataset["advice"].reference),
        ("M", dataset["last_minute"].report.reference),
        ("M", new_year.report.reference),
        ("M", dataset["started_late"].report.reference),
        ("O", f"O{new_year.pk:07d}"),
    ]
    assert all(r["vt_region"] == "zhz" and r["period"] == "2026-H1" for r in rows)


@pytest.mark.django_db
def test_the_rows_carry_codes_and_the_bsn_or_nine_zeros(dataset, tmp_path):
    rows = {r["reference"]: r for r in deliver(tmp_path)}
    last = rows[dataset["last_minute"].report.reference]
    assert last["received_on"] == "2026-06-30"
    assert last["municipality"] == "GM0642"
    assert (last["reporter_group"], last["from_police"], last["kind_elder"]) == ("1", "1", "1")
    assert last["decision"] == "0"  # not assessed yet
    assert last["bsn_victim"] == BSN
    assert last["bsn_alleged_perpetrator"] == UNKNOWN_BSN
    advice = rows[dataset["advice"].reference]
    assert (advice["reporter_group"], advice["kind_child"], advice["victims"]) == ("3", "1", "0")
    assert advice["bsn_victim"] == advice["bsn_alleged_perpetrator"] == UNKNOWN_BSN
    investigation = rows[f"O{dataset['new_year'].pk:07d}"]
    assert investigation["report_reference"] == dataset["new_year"].report.reference
    assert investigation["decision"] == str(DECISION_NUMBERS["investigation"])
    assert investigation["investigation_started_on"] == "2026-01-09"
    assert investigation["investigation_concluded_on"] == "2026-03-02"
    assert investigation["investigation_outcome"] == str(OUTCOME_NUMBERS["confirmed"])


@pytest.mark.django_db
def test_the_second_half_year_starts_at_local_midnight_on_1_july(dataset, tmp_path):
    rows = deliver(tmp_path, period="2026-H2")
    assert [(r["record_type"], r["reference"]) for r in rows] == [
        ("M", dataset["h2"].report.reference),
        ("O", f"O{dataset['started_late'].pk:07d}"),
    ]


@pytest.mark.django_db
def test_the_export_is_one_export_entry_in_the_access_log_with_its_count(dataset, tmp_path):
    before = AccessLogEntry.objects.count()
    rows = deliver(tmp_path)
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("pk")
    assert entry.action == "export"
    assert f"({len(rows)} rows, with BSN" in entry.detail
    assert "zhz 2026-H1" in entry.detail
    in_file = {dataset[k].pk for k in ("last_minute", "new_year", "started_late")}
    assert set(entry.case_ids) == in_file
    bakker = dataset["last_minute"].report.involved.values_list("person_id", flat=True)
    assert set(bakker) <= set(entry.person_ids)


@pytest.mark.django_db
def test_it_writes_to_standard_output_with_a_dash(dataset):
    out = io.StringIO()
    call_command(
        "reporting_delivery",
        region="zhz",
        period="2026-H1",
        output="-",
        no_progress=True,
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 5
    assert list(rows[0]) == list(COLUMNS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "nowhere"}, "unknown VT region"),
        ({"period": "2026"}, "2026-H1"),
        ({"period": "2026-H3"}, "2026-H1"),
    ],
)
def test_bad_arguments_give_a_clear_error_and_write_nothing(dataset, tmp_path, options, message):
    before = AccessLogEntry.objects.count()
    with pytest.raises(CommandError, match=message):
        deliver(tmp_path, **options)
    assert list(tmp_path.iterdir()) == []
    assert AccessLogEntry.objects.count() == before


@pytest.mark.django_db
def test_a_missing_directory_is_refused_before_anything_is_read(dataset, tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        deliver(tmp_path, output=str(tmp_path / "missing" / "levering.csv"))


def _queries_to_read(region) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ketenzicht.reporting.delivery_selectors import delivery_items

    start, end = half_year_bounds("2026-H1", AMSTERDAM)
    with CaptureQueriesContext(connection) as ctx:
        items = list(delivery_items(region, start, end))
    assert items
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_reads_do_not_grow_with_the_rows_of_a_chunk(dataset, make_case, region):
    before = _queries_to_read(region)
    for day in (3, 4, 5):
        make_case(received_at=local(2026, 2, day))
    assert _queries_to_read(region) == before


@pytest.mark.django_db
def test_the_file_is_readable_by_its_owner_only(dataset, tmp_path):
    deliver(tmp_path)
    assert (tmp_path / "levering.csv").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
@pytest.mark.parametrize("to_stdout", [False, True])
def test_nothing_leaves_when_the_export_cannot_be_logged(dataset, tmp_path, monkeypatch, to_stdout):
    from ketenzicht.reporting.management.commands import reporting_delivery

    def refuse(**kw):
        raise RuntimeError("access log unavailable")

    monkeypatch.setattr(reporting_delivery, "access_record", refuse)
    out = io.StringIO()
    output = "-" if to_stdout else str(tmp_path / "levering.csv")
    with pytest.raises(RuntimeError):
        call_command(
            "reporting_delivery",
            region="zhz",
            period="2026-H1",
            output=output,
            no_progress=True,
            stdout=out,
        )
    assert out.getvalue() == ""
    assert list(tmp_path.iterdir()) == []
