"""The synthetic Dutch population with known truth (a pure module: no database)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tracemalloc
from collections import Counter
from datetime import date
from itertools import combinations, islice
from pathlib import Path

import pytest

from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.synthetic import (
    CSV_HEADER,
    MUNICIPALITIES,
    CorruptionRates,
    SyntheticRecord,
    TrueHousehold,
    TruePerson,
    coresident_pairs,
    generate,
    is_eleven_proof,
    main,
    population,
    read_csv,
    truth_pairs,
    write_csv,
)

PERSONS = 20_000
SEED = 7


@pytest.fixture(scope="module")
def records() -> list[SyntheticRecord]:
    return list(generate(persons=PERSONS, seed=SEED))


@pytest.fixture(scope="module")
def households() -> list[TrueHousehold]:
    return list(population(persons=PERSONS, seed=SEED))


@pytest.fixture(scope="module")
def people(households: list[TrueHousehold]) -> dict[int, TruePerson]:
    return {p.person_id: p for h in households for p in h.members}


def row(r: SyntheticRecord) -> tuple[object, ...]:
    return (*vars(r.record).values(), *r[1:])


def digest(rows: object) -> str:
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


# --- determinism ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_records():
    first = [row(r) for r in generate(persons=2_000, seed=3)]
    second = [row(r) for r in generate(persons=2_000, seed=3)]
    assert first == second


def test_another_seed_gives_other_records():
    first = [row(r) for r in generate(persons=2_000, seed=3)]
    other = [row(r) for r in generate(persons=2_000, seed=4)]
    assert first != other


def test_the_records_do_not_depend_on_the_hash_seed():
    script = (
        "import hashlib; from ketenzicht.linkage.synthetic import generate; "
        "rows = [(*vars(r.record).values(), *r[1:]) for r in generate(persons=1500, seed=5)]; "
        "print(hashlib.sha256(repr(rows).encode()).hexdigest())"
    )
    src = str(Path(__file__).resolve().parents[3])
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": src}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout.strip())
    assert len(outputs) == 1


def test_the_truth_behind_the_records_is_the_population():
    households = list(population(persons=1_000, seed=9))
    named = [(p.person_id, report.report_id) for h in households for report in h.reports
             for p in report.persons]  # fmt: skip
    assert [(r.true_person_id, r.report_id) for r in generate(persons=1_000, seed=9)] == named


# --- the base population ----------------------------------------------------------------------


def test_the_base_population_has_the_requested_size_and_newborns_come_on_top(households):
    assert sum(h.base_count for h in households) == PERSONS
    newborns = [p for h in households for p in h.members if "newborn" in p.traits]
    assert sum(len(h.members) for h in households) == PERSONS + len(newborns)
    assert newborns


def test_every_true_bsn_passes_the_eleven_test_and_is_unique(people):
    bsns = [p.bsn for p in people.values()]
    assert all(is_eleven_proof(bsn) for bsn in bsns)
    assert len(set(bsns)) == len(bsns)


def test_the_eleven_test_is_the_dutch_one():
    assert is_eleven_proof("111222333")
    assert is_eleven_proof("123456782")
    assert not is_eleven_proof("123456789")
    assert not is_eleven_proof("000000000")
    assert not is_eleven_proof("12345678")


def test_every_kind_of_household_occurs(households):
    kinds = Counter(h.kind for h in households)
    assert set(kinds) == {
        "family", "single_parent", "couple", "elderly_couple", "single", "coresidents"
    }  # fmt: skip
    assert kinds["family"] > kinds["coresidents"]


def test_children_of_a_family_share_a_surname(households):
    for h in households:
        children = [p for p in h.members if "child" in p.traits and p.origin != "pl"]
        assert len({c.name_parts for c in children}) <= 1


def test_co_residents_live_at_one_address_under_different_surnames(households):
    coresidents = [h for h in households if h.kind == "coresidents"]
    different = 0
    for h in coresidents:
        assert len({p.residences[0][2] for p in h.members}) == 1
        different += len({p.name_parts for p in h.members}) == len(h.members)
    assert different > 0.8 * len(coresidents)


def test_twins_share_a_date_of_birth_and_a_surname_but_not_a_first_name(households):
    twins = [[p for p in h.members if "twin" in p.traits] for h in households]
    twins = [pair for pair in twins if pair]
    assert len(twins) > 20
    for a, b in twins:
        assert a.date_of_birth == b.date_of_birth
        assert a.name_parts == b.name_parts or a.origin == "pl"  # Kowalski and Kowalska
        assert a.given_names[0] != b.given_names[0]


def test_a_junior_has_his_fathers_names_and_address_but_not_his_date_of_birth(households):
    juniors = 0
    for h in households:
        for junior in (p for p in h.members if "junior" in p.traits):
            senior = next(p for p in h.members if "senior" in p.traits)
            assert (junior.given_names, junior.call_name) == (senior.given_names, senior.call_name)
            assert junior.name_parts == senior.name_parts
            assert junior.residences[0][2] == senior.residences[0][2]
            assert junior.date_of_birth != senior.date_of_birth
            juniors += 1
    assert juniors > 20


def test_no_two_households_share_an_address(households):
    homes: dict[tuple[str, str], set[int]] = {}
    for h in households:
        for p in h.members:
            for _, household_id, address in p.residences:
                homes.setdefault((address.postcode, address.house_number), set()).add(household_id)
    assert all(len(ids) == 1 for ids in homes.values())


def test_addresses_lie_in_the_postcode_range_of_their_municipality(households):
    for h in households[:2_000]:
        for p in h.members:
            for _, _, address in p.residences:
                m = MUNICIPALITIES[address.municipality_index]
                assert m.postcode_low <= int(address.postcode[:4]) <= m.postcode_high


# --- records ----------------------------------------------------------------------------------


def test_every_person_appears_and_most_once_or_twice(records, people):
    counts = Counter(r.true_person_id for r in records)
    assert set(counts) == set(people)
    per_person = Counter(counts.values())
    assert (per_person[1] + per_person[2]) / len(counts) > 0.7
    assert max(per_person) >= 5


def test_about_half_the_records_miss_their_bsn_by_default(records):
    missing = sum(r.record.bsn == "" for r in records) / len(records)
    assert missing == pytest.approx(0.5, abs=0.02)


def test_the_share_of_missing_bsns_follows_the_setting():
    sample = list(generate(persons=3_000, seed=1, bsn_missing=0.8))
    missing = sum(r.record.bsn == "" for r in sample) / len(sample)
    assert missing == pytest.approx(0.8, abs=0.03)


def test_a_bsn_is_the_true_one_or_a_typo_that_fails_the_eleven_test(records):
    for r in records:
        if r.record.bsn and r.record.bsn != r.true_bsn:
            assert "bsn_typo" in r.corruptions
            assert not is_eleven_proof(r.record.bsn)


def test_every_kind_of_corruption_occurs(records):
    seen = Counter(tag for r in records for tag in r.corruptions)
    expected = {
        "bsn_missing", "bsn_typo", "typo_first_name", "typo_surname", "typo_street",
        "phonetic_surname", "nickname", "initials", "first_name_variant", "diacritics_dropped",
        "prefix_abbreviated", "prefix_case", "prefix_in_surname", "prefix_glued",
        "prefix_trailing", "prefix_dropped", "married_name", "double_surname_swapped",
        "double_surname_part", "particle_variant", "dob_swapped", "dob_typo", "dob_missing",
        "dob_year_only", "sex_missing", "moved", "moved_municipality", "address_outdated",
        "street_abbreviated", "postcode_missing", "postcode_format", "postcode_typo",
        "house_number_format", "city_variant", "municipality_missing",
    }  # fmt: skip
    assert expected <= set(seen)


def test_prefixes_are_written_the_ways_other_systems_write_them(records):
    prefixes = {r.record.surname_prefix for r in records}
    surnames = {r.record.surname for r in records}
    assert {"van der", "v.d.", "vd", "Van Der", "Van der"} <= prefixes
    assert any(s.startswith("vander") for s in surnames)  # glued: vanderMeer
    assert any(s.startswith("van der ") for s in surnames)  # in the surname field
    assert any(s.endswith(", van der") for s in surnames)  # trailing


def test_a_swapped_date_of_birth_has_day_and_month_exchanged(records, people):
    swapped = [r for r in records if "dob_swapped" in r.corruptions]
    assert swapped
    for r in swapped:
        true = people[r.true_person_id].date_of_birth
        assert r.record.date_of_birth == date(true.year, true.day, true.month)


def test_a_date_of_birth_typo_changes_one_digit(records, people):
    typos = [r for r in records if "dob_typo" in r.corruptions]
    assert typos
    for r in typos:
        true = people[r.true_person_id].date_of_birth.strftime("%d%m%Y")
        written = r.record.date_of_birth.strftime("%d%m%Y")
        assert sum(a != b for a, b in zip(true, written, strict=True)) == 1


def test_an_uncorrupted_date_of_birth_is_the_true_one(records, people):
    dob_tags = {"dob_swapped", "dob_typo", "dob_missing", "dob_year_only"}
    for r in records:
        if not dob_tags & set(r.corruptions):
            assert r.record.date_of_birth == people[r.true_person_id].date_of_birth


SURNAME_NOISE = {
    "typo_surname", "phonetic_surname", "uppercase", "diacritics_dropped", "particle_variant",
    "double_surname_separator", "prefix_abbreviated", "prefix_case", "prefix_in_surname",
    "prefix_glued", "prefix_trailing", "prefix_dropped",
}  # fmt: skip


def written_surname(r: SyntheticRecord) -> str:
    prefix, surname = r.record.surname_prefix, r.record.surname
    return f"{prefix} {surname}" if prefix else surname


def spelled(parts: tuple[tuple[str, str], ...]) -> str:
    return "-".join(f"{p} {s}" if p else s for p, s in parts)


def test_double_surnames_appear_swapped_and_in_part(records, people):
    swapped = partial = 0
    for r in records:
        if SURNAME_NOISE & set(r.corruptions):
            continue
        person = people[r.true_person_id]
        parts = person.usual_parts if "married_name" in r.corruptions else person.name_parts
        if "double_surname_swapped" in r.corruptions:
            assert written_surname(r) == spelled(parts[::-1])
            swapped += 1
        elif "double_surname_part" in r.corruptions:
            assert written_surname(r) in (spelled(parts[:1]), spelled(parts[-1:]))
            partial += 1
        else:
            assert written_surname(r) == spelled(parts)
    assert swapped > 20
    assert partial > 20


def test_a_married_name_combines_the_partners_surname_with_her_own(records, people):
    married = [r for r in records if "married_name" in r.corruptions]
    assert any("-" in r.record.surname for r in married)  # "Jansen-de Vries"
    for r in married:
        person = people[r.true_person_id]
        assert person.sex == "F"
        assert person.usual_parts != person.name_parts


def test_a_nickname_is_the_persons_call_name(records, people):
    nicknames = [r for r in records if "nickname" in r.corruptions]
    assert any(
        people[r.true_person_id].given_names[0] == "Johannes" and r.record.first_names == "Jan"
        for r in nicknames
    )
    noise = {"typo_first_name", "uppercase", "diacritics_dropped", "first_name_variant"}
    for r in nicknames:
        person = people[r.true_person_id]
        assert person.call_name != person.given_names[0]
        if not noise & set(r.corruptions):
            assert r.record.first_names == person.call_name


def test_initials_are_the_first_letters_of_the_given_names(records, people):
    for r in records:
        if "initials" in r.corruptions and "uppercase" not in r.corruptions:
            letters = r.record.first_names.replace(".", "").replace(" ", "")
            given = people[r.true_person_id].given_names
            assert letters in ("".join(n[0] for n in given), given[0][0])


def test_a_move_gives_a_later_record_at_another_address(records, people):
    moved = [r for r in records if "moved" in r.corruptions]
    assert any("moved_municipality" in r.corruptions for r in moved)
    for r in moved:
        person = people[r.true_person_id]
        first = person.residences[0][2]
        now = next(
            a for day, _, a in reversed(person.residences) if day <= r.report_date.toordinal()
        )
        assert now != first
        if not {"address_outdated", "address_missing", "postcode_missing", "postcode_typo",
                "postcode_format", "house_number_format"} & set(r.corruptions):  # fmt: skip
            assert (r.record.postcode, r.record.house_number) == (now.postcode, now.house_number)


def test_newborns_appear_only_in_reports_after_their_birth(records, people):
    newborn_records = [r for r in records if "newborn" in r.traits]
    assert newborn_records
    for r in newborn_records:
        assert r.report_date > people[r.true_person_id].date_of_birth


def test_reports_lie_in_the_period_and_name_people_of_one_household(records):
    by_report: dict[int, set[int]] = {}
    for r in records:
        assert date(2015, 1, 1) <= r.report_date <= date(2025, 12, 31)
        by_report.setdefault(r.report_id, set()).add(r.household_id)
    assert all(len(households) == 1 for households in by_report.values())


def test_corruption_rates_can_be_turned_off():
    none = CorruptionRates(**{name: 0.0 for name in CorruptionRates.__dataclass_fields__})
    for r in generate(persons=500, seed=2, bsn_missing=0.0, rates=none):
        # What remains is life, not error: a move, a married name, one of several first names.
        life = {"moved", "moved_municipality", "married_name", "first_name_only"}
        assert set(r.corruptions) <= life
        assert r.record.bsn == r.true_bsn


# --- truth pairs --------------------------------------------------------------------------


def synthetic(record_id: str, person: int, household: int) -> SyntheticRecord:
    return SyntheticRecord(
        PersonRecord(record_id=record_id, surname="Jansen"),
        person,
        household,
        date(2020, 1, 1),
        1,
        "",
        (),
        (),
    )


HAND_CHECKED = [
    synthetic("R1", person=1, household=10),
    synthetic("R2", person=2, household=10),
    synthetic("R3", person=1, household=10),
    synthetic("R4", person=3, household=11),
    synthetic("R5", person=1, household=12),  # person 1 after leaving home
    synthetic("R6", person=2, household=10),
]


def test_truth_pairs_are_the_pairs_of_records_about_one_person():
    assert truth_pairs(HAND_CHECKED) == {("R1", "R3"), ("R1", "R5"), ("R3", "R5"), ("R2", "R6")}


def test_coresident_pairs_are_different_persons_of_one_household():
    assert coresident_pairs(HAND_CHECKED) == {
        ("R1", "R2"),
        ("R1", "R6"),
        ("R2", "R3"),
        ("R3", "R6"),
    }


def test_truth_pairs_match_a_comparison_of_every_pair_on_a_small_run():
    sample = list(generate(persons=300, seed=11))
    brute = {
        tuple(sorted((a.record.record_id, b.record.record_id)))
        for a, b in combinations(sample, 2)
        if a.true_person_id == b.true_person_id
    }
    assert truth_pairs(sample) == brute
    assert brute


def test_coresident_pairs_exist_and_never_pair_a_person_with_themselves(records):
    sample = records[:5_000]
    pairs = coresident_pairs(sample)
    assert len(pairs) > 1_000
    person = {r.record.record_id: r.true_person_id for r in sample}
    assert all(person[a] != person[b] for a, b in pairs)
    assert not pairs & truth_pairs(sample)


# --- files, command line, streaming -----------------------------------------------------------


def test_the_csv_has_the_documented_header_and_reads_back_the_same(tmp_path, records):
    path = tmp_path / "people.csv"
    assert write_csv(records[:2_000], path) == 2_000
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_HEADER)
    assert [row(r) for r in read_csv(path)] == [row(r) for r in records[:2_000]]


def test_a_gzipped_csv_reads_back_the_same(tmp_path, records):
    path = tmp_path / "people.csv.gz"
    write_csv(records[:500], path)
    assert [row(r) for r in read_csv(path)] == [row(r) for r in records[:500]]


def test_the_command_line_writes_the_csv(tmp_path, capsys):
    path = tmp_path / "out.csv"
    assert main(["--persons", "500", "--seed", "1", "--out", str(path), "--quiet"]) == 0
    expected = [row(r) for r in generate(persons=500, seed=1)]
    assert [row(r) for r in read_csv(path)] == expected
    assert "records about 500 base persons" in capsys.readouterr().err


def test_generation_streams_in_constant_memory():
    def peak(persons: int) -> int:
        tracemalloc.start()
        try:
            for _ in generate(persons=persons, seed=1):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(500)  # warm the caches
    small, large = peak(500), peak(5_000)
    assert large < small * 1.5 + 500_000  # ten times the people, not ten times the memory
    assert large < 5_000_000


def test_records_come_lazily():
    first = list(islice(generate(persons=5_000_000, seed=1), 10))
    assert len(first) == 10
    assert digest(row(r) for r in first) == digest(
        row(r) for r in islice(generate(persons=5_000_000, seed=1), 10)
    )


def test_records_built_the_quick_way_equal_those_built_the_ordinary_way(monkeypatch):
    quick = list(generate(persons=300, seed=4))
    monkeypatch.setattr("ketenzicht.linkage.synthetic._FAST_RECORDS", False)
    ordinary = list(generate(persons=300, seed=4))
    assert [r.record for r in quick] == [r.record for r in ordinary]
    assert all(type(r.record) is PersonRecord for r in quick)
