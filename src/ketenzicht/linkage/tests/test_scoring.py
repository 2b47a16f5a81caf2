"""Fellegi-Sunter scoring, its explanation, the weights file and the household guard."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from ketenzicht.linkage.compare import (
    LEVELS,
    AddressLevel,
    BsnLevel,
    Category,
    DateOfBirthLevel,
    Field,
    FirstNamesLevel,
    MunicipalityLevel,
    SexLevel,
    SurnameLevel,
)
from ketenzicht.linkage.normalise import normalise
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    CO_RESIDENT,
    DEFAULT_WEIGHTS,
    HAND_SET_WEIGHTS,
    HOUSEHOLD,
    LIKELY_FROM,
    MATCH_THRESHOLD,
    MINIMUM_STORE_SIZE,
    NAME_FREQUENCY,
    NAME_FREQUENCY_LIMIT,
    POSSIBLE_FROM,
    VERY_LIKELY_FROM,
    MatchWeights,
    ScoringContext,
    Strength,
    co_resident_guard,
    name_frequency_weight,
    probability_from_weight,
    same_household,
    score,
    score_pair,
    strength,
    twin_guard,
)

ALL_AGREE = {
    Field.BSN: BsnLevel.MISSING,
    Field.SURNAME: SurnameLevel.EXACT,
    Field.FIRST_NAMES: FirstNamesLevel.EXACT,
    Field.DATE_OF_BIRTH: DateOfBirthLevel.EXACT,
    Field.SEX: SexLevel.SAME,
    Field.ADDRESS: AddressLevel.DIFFERENT,
    Field.MUNICIPALITY: MunicipalityLevel.DIFFERENT,
}


def test_the_match_weight_is_the_prior_plus_the_weight_of_every_level() -> None:
    result = score(ALL_AGREE)
    expected = DEFAULT_WEIGHTS.prior + sum(
        DEFAULT_WEIGHTS.weight(field, level) for field, level in ALL_AGREE.items()
    )
    assert result.match_weight == pytest.approx(expected)
    assert result.prior == DEFAULT_WEIGHTS.prior
    assert result.probability == pytest.approx(2**expected / (1 + 2**expected))


def test_the_evidence_lists_every_field_with_the_largest_impact_first() -> None:
    result = score(ALL_AGREE)
    assert {e.field for e in result.evidence} == {f.value for f in Field}
    impacts = [abs(e.weight) for e in result.evidence]
    assert impacts == sorted(impacts, reverse=True)
    assert result.evidence[0].field == "date_of_birth"
    assert result.evidence[0].category is Category.AGREE
    assert result.evidence[0].label_nl_key == "linkage.date_of_birth.exact"
    assert result.evidence[-1].category is Category.MISSING


def test_a_missing_value_neither_helps_nor_hurts() -> None:
    for weights in DEFAULT_WEIGHTS.levels.values():
        assert weights["missing"] == 0.0


@pytest.mark.parametrize(
    "weights", [HAND_SET_WEIGHTS, DEFAULT_WEIGHTS], ids=["hand-set", "default"]
)
def test_every_disagreement_counts_against_and_every_agreement_for(weights: MatchWeights) -> None:
    for field in Field:
        for level in LEVELS[field]:
            weight = weights.weight(field, level)
            if level is MunicipalityLevel.IMPLIED:
                assert weight == 0.0  # the address already counted it
            elif level.category is Category.DISAGREE:
                assert weight < 0, (field, level)
            elif level.category is Category.AGREE:
                assert weight > 0, (field, level)
            elif level.category is Category.PARTLY:
                # A partial agreement never counts against; trained weights may find one
                # (the same year and month, another day) worth next to nothing.
                assert weight > -0.5, (field, level)


@pytest.mark.parametrize(
    "weights", [HAND_SET_WEIGHTS, DEFAULT_WEIGHTS], ids=["hand-set", "default"]
)
def test_the_full_agreement_of_a_field_weighs_most_and_its_disagreement_least(
    weights: MatchWeights,
) -> None:
    for field in Field:
        known = [level for level in LEVELS[field] if level.category is not Category.MISSING]
        values = [weights.weight(field, level) for level in known]
        assert values[0] == max(values), field
        assert values[-1] == min(values), field


def test_a_better_hand_set_level_never_weighs_less_than_a_worse_one() -> None:
    for field in Field:
        known = [level for level in LEVELS[field] if level.category is not Category.MISSING]
        weights = [HAND_SET_WEIGHTS.weight(field, level) for level in known]
        assert weights == sorted(weights, reverse=True), field


@pytest.mark.parametrize(
    ("probability", "code"),
    [
        (0.999, Strength.VERY_LIKELY),
        (VERY_LIKELY_FROM, Strength.VERY_LIKELY),
        (0.95, Strength.LIKELY),
        (LIKELY_FROM, Strength.LIKELY),
        (0.5, Strength.POSSIBLE),
        (POSSIBLE_FROM, Strength.POSSIBLE),
        (0.1, Strength.UNLIKELY),
        (0.0, Strength.UNLIKELY),
    ],
)
def test_it_names_the_strength_of_a_probability(probability: float, code: Strength) -> None:
    assert strength(probability) is code


def test_the_default_threshold_is_likely() -> None:
    assert MATCH_THRESHOLD == LIKELY_FROM
    assert score(ALL_AGREE).is_match


def test_the_probability_survives_extreme_weights() -> None:
    assert probability_from_weight(5000) == 1.0
    assert probability_from_weight(-5000) == pytest.approx(0.0)
    assert probability_from_weight(0) == 0.5
    assert not math.isnan(probability_from_weight(float("inf")))


# --- the weights file ---------------------------------------------------------------------------


def test_weights_round_trip_through_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    DEFAULT_WEIGHTS.save(path)
    assert MatchWeights.load(path) == DEFAULT_WEIGHTS
    assert json.loads(path.read_text())["format"] == "ketenzicht-linkage-weights/1"


def test_loaded_weights_change_the_score() -> None:
    data = DEFAULT_WEIGHTS.to_dict()
    data["prior_log2_odds"] = -30.0
    trained = MatchWeights.from_dict(data)
    assert score(ALL_AGREE, trained).match_weight == pytest.approx(
        score(ALL_AGREE).match_weight + (-30.0 - DEFAULT_WEIGHTS.prior)
    )


def test_weights_missing_a_level_are_refused() -> None:
    data = DEFAULT_WEIGHTS.to_dict()
    del data["levels"]["surname"]["phonetic"]
    with pytest.raises(ValueError, match="surname"):
        MatchWeights.from_dict(data)


def test_weights_with_an_unknown_field_are_refused() -> None:
    data = DEFAULT_WEIGHTS.to_dict()
    data["levels"]["shoe_size"] = {"same": 1.0}
    with pytest.raises(ValueError, match="fields"):
        MatchWeights.from_dict(data)


def test_a_document_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        MatchWeights.from_json('{"format": "something else"}')


# --- the household ------------------------------------------------------------------------------

HOME = {"postcode": "3311AB", "house_number": "12", "city": "Dordrecht"}


def person(first_names: str, born: date, **other: str) -> PersonRecord:
    values = {"record_id": first_names, "surname": "de Vries", **HOME, **other}
    return PersonRecord(first_names=first_names, date_of_birth=born, **values)  # type: ignore[arg-type]


def test_people_at_one_postcode_and_house_number_share_a_household() -> None:
    father = normalise(person("Jan", date(1955, 6, 12)))
    daughter = normalise(person("Eva", date(1990, 1, 1), postcode="3311 ab"))
    neighbour = normalise(person("Eva", date(1990, 1, 1), house_number="14"))
    assert same_household(father, daughter)
    assert not same_household(father, neighbour)


def test_co_residents_whose_dates_of_birth_disagree_are_guarded() -> None:
    father = normalise(person("Jan", date(1955, 6, 12)))
    son = normalise(person("Jan", date(1985, 2, 20)))
    result = score_pair(father, son)
    assert result.co_resident
    assert result.evidence[0].field == HOUSEHOLD
    assert result.evidence[0].level == CO_RESIDENT
    assert result.evidence[0].weight == DEFAULT_WEIGHTS.household_guard
    assert result.strength is Strength.UNLIKELY


def test_co_residents_whose_first_names_disagree_are_guarded() -> None:
    twin = normalise(person("Daan", date(2012, 5, 1)))
    other_twin = normalise(person("Thijs", date(2012, 5, 1)))
    assert score_pair(twin, other_twin).co_resident
    assert not score_pair(twin, other_twin).is_match


def test_the_guard_leaves_one_person_at_one_address_alone() -> None:
    written_once = normalise(person("Jan", date(1955, 6, 12)))
    written_again = normalise(person("J.", date(1955, 12, 6)))
    comparison_result = score_pair(written_once, written_again)
    assert not comparison_result.co_resident
    assert comparison_result.is_match


def test_the_guard_needs_a_shared_address() -> None:
    comparison = dict(ALL_AGREE)
    comparison[Field.DATE_OF_BIRTH] = DateOfBirthLevel.DIFFERENT
    assert not co_resident_guard(comparison)
    comparison[Field.ADDRESS] = AddressLevel.SAME_ADDRESS
    assert co_resident_guard(comparison)


# --- the store, the name, the household and twins ------------------------------------------------


def _at(level_changes: dict[Field, object]) -> dict[Field, object]:
    return {**ALL_AGREE, **level_changes}


def test_a_bigger_store_lowers_the_prior_by_the_log_of_its_size() -> None:
    w = DEFAULT_WEIGHTS
    small, big = ScoringContext(100_000), ScoringContext(800_000)
    assert score(ALL_AGREE, w, small).prior - score(ALL_AGREE, w, big).prior == pytest.approx(3.0)
    assert w.prior_for(w.reference_store_size) == pytest.approx(w.prior)


def test_a_young_store_counts_as_ten_thousand_records() -> None:
    assert DEFAULT_WEIGHTS.prior_for(50) == DEFAULT_WEIGHTS.prior_for(MINIMUM_STORE_SIZE)


def test_a_rare_shared_name_says_more_and_a_common_one_less() -> None:
    size = 1_000_000
    rare = score(ALL_AGREE, context=ScoringContext(size, 2))
    common = score(ALL_AGREE, context=ScoringContext(size, 5000))
    plain = score(ALL_AGREE, context=ScoringContext(size, None))
    assert rare.match_weight > plain.match_weight > common.match_weight
    [item] = [e for e in rare.evidence if e.field == NAME_FREQUENCY]
    assert item.level == "rare" and item.label_nl_key == "linkage.name_frequency.rare"
    assert [e.level for e in common.evidence if e.field == NAME_FREQUENCY] == ["common"]
    assert not [e for e in plain.evidence if e.field == NAME_FREQUENCY]


def test_the_name_frequency_adjustment_is_clamped() -> None:
    assert name_frequency_weight(DEFAULT_WEIGHTS, 10**9, 1) == NAME_FREQUENCY_LIMIT
    assert name_frequency_weight(DEFAULT_WEIGHTS, 10_000, 10**7) == -NAME_FREQUENCY_LIMIT


def test_a_matching_bsn_overrules_the_household_guard_unless_name_and_date_both_differ() -> None:
    household = {Field.ADDRESS: AddressLevel.SAME_ADDRESS, Field.BSN: BsnLevel.SAME}
    nickname_not_known = _at({**household, Field.FIRST_NAMES: FirstNamesLevel.DIFFERENT})
    assert not co_resident_guard(nickname_not_known)
    someone_elses_bsn = _at(
        {
            **household,
            Field.FIRST_NAMES: FirstNamesLevel.DIFFERENT,
            Field.DATE_OF_BIRTH: DateOfBirthLevel.DIFFERENT,
        }
    )
    assert co_resident_guard(someone_elses_bsn)


def test_a_shared_birthday_and_surname_with_another_first_name_counts_as_possible_twins() -> None:
    twins = _at({Field.FIRST_NAMES: FirstNamesLevel.DIFFERENT})
    assert twin_guard(twins)
    result = score(twins)
    assert [e.level for e in result.evidence if e.field == HOUSEHOLD] == ["twin"]
    assert not twin_guard(
        _at({Field.FIRST_NAMES: FirstNamesLevel.DIFFERENT, Field.BSN: BsnLevel.SAME})
    )
    assert not twin_guard(ALL_AGREE)


def test_a_shared_surname_says_less_at_a_shared_address() -> None:
    apart = score(_at({Field.ADDRESS: AddressLevel.SAME_ADDRESS}))
    [item] = [e for e in apart.evidence if e.level == "shared_surname"]
    assert item.weight == -min(
        DEFAULT_WEIGHTS.household_dependence, DEFAULT_WEIGHTS.levels["surname"]["exact"]
    )
    other_surname = score(
        _at({Field.ADDRESS: AddressLevel.SAME_ADDRESS, Field.SURNAME: SurnameLevel.DIFFERENT})
    )
    assert not [e for e in other_surname.evidence if e.level == "shared_surname"]


def test_the_municipality_adds_nothing_once_the_address_or_postcode_agrees() -> None:
    home = {"street": "Kerkstraat", "house_number": "12", "postcode": "3311AB",
            "city": "Dordrecht", "municipality_code": "GM0505"}  # fmt: skip
    a = normalise(PersonRecord(record_id="a", surname="Smit", **home))
    b = normalise(PersonRecord(record_id="b", surname="Smit", **{**home, "house_number": "14"}))
    assert score_pair(a, a).evidence  # the same address
    levels = {e.field: e.level for e in score_pair(a, b).evidence}
    assert levels["address"] == "same_postcode"
    assert levels["municipality"] == "implied"
    assert DEFAULT_WEIGHTS.weight(Field.MUNICIPALITY, MunicipalityLevel.IMPLIED) == 0.0
