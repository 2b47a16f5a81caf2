"""Every evidence item, category and strength the scoring can produce has a Dutch label."""

from __future__ import annotations

from django.utils import translation

from ketenzicht.linkage import labels
from ketenzicht.linkage.compare import LEVELS, Category
from ketenzicht.linkage.scoring import (
    CO_RESIDENT,
    COMMON,
    DEFAULT_WEIGHTS,
    HOUSEHOLD,
    NAME_FREQUENCY,
    RARE,
    SHARED_SURNAME,
    TWIN,
    Strength,
)


def test_every_field_and_level_has_a_label():
    keys = {
        DEFAULT_WEIGHTS.evidence(field, level).label_nl_key
        for field, levels in LEVELS.items()
        for level in levels
    }
    keys |= {
        f"linkage.{HOUSEHOLD}.{CO_RESIDENT}",
        f"linkage.{HOUSEHOLD}.{TWIN}",
        f"linkage.{HOUSEHOLD}.{SHARED_SURNAME}",
        f"linkage.{NAME_FREQUENCY}.{RARE}",
        f"linkage.{NAME_FREQUENCY}.{COMMON}",
    }
    assert keys == set(labels.EVIDENCE_LABELS)


def test_categories_and_strengths_read_as_plain_dutch():
    with translation.override("nl"):
        assert set(labels.CATEGORY_LABELS) == set(Category)
        assert set(labels.STRENGTH_LABELS) == set(Strength)
        assert labels.category_label(Category.PARTLY) == "komt deels overeen"
        assert labels.category_label(Category.DISAGREE) == "wijkt af"
        assert labels.strength_label(Strength.VERY_LIKELY) == "zeer waarschijnlijk dezelfde persoon"
        assert labels.strength_label(Strength.POSSIBLE) == "mogelijk dezelfde persoon"
        assert str(labels.SAME_HOUSEHOLD) == "zelfde huishouden (zelfde adres)"
        assert str(labels.EVIDENCE_LABELS["linkage.surname.exact"]) == "Achternaam: precies gelijk"
