"""Dutch-translatable labels of the linkage's evidence, categories and strengths (web layer).

The pure modules (:mod:`~ketenzicht.linkage.compare`, :mod:`~ketenzicht.linkage.scoring`) only
carry codes; an :class:`~ketenzicht.linkage.scoring.Evidence` item names its label by
``label_nl_key`` (``"linkage.<field>.<level>"``), looked up here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ketenzicht.linkage.compare import Category
from ketenzicht.linkage.scoring import (
    CO_RESIDENT,
    COMMON,
    HOUSEHOLD,
    NAME_FREQUENCY,
    RARE,
    SHARED_SURNAME,
    TWIN,
    Evidence,
    Strength,
)

EVIDENCE_LABELS: dict[str, Promise] = {
    "linkage.bsn.same": _("BSN: the same"),
    "linkage.bsn.different": _("BSN: different"),
    "linkage.bsn.missing": _("BSN: unknown on one side"),
    "linkage.surname.exact": _("Surname: exactly the same"),
    "linkage.surname.core": _("Surname: the same, the prefix differs"),
    "linkage.surname.part": _("Surname: one part of a double surname is the same"),
    "linkage.surname.similar": _("Surname: almost the same (typing error)"),
    "linkage.surname.phonetic": _("Surname: sounds the same"),
    "linkage.surname.different": _("Surname: different"),
    "linkage.surname.missing": _("Surname: unknown on one side"),
    "linkage.first_names.exact": _("First name: the same"),
    "linkage.first_names.equivalent": _("First name: a nickname or call name of the other"),
    "linkage.first_names.short_form": _("First name: a shortened form of the other"),
    "linkage.first_names.initials": _("First name: the initials fit"),
    "linkage.first_names.similar": _("First name: almost the same (typing error)"),
    "linkage.first_names.different": _("First name: different"),
    "linkage.first_names.missing": _("First name: unknown on one side"),
    "linkage.date_of_birth.exact": _("Date of birth: the same"),
    "linkage.date_of_birth.swapped": _("Date of birth: day and month swapped"),
    "linkage.date_of_birth.typo": _("Date of birth: one digit or one day differs"),
    "linkage.date_of_birth.year_month": _("Date of birth: the same year and month"),
    "linkage.date_of_birth.year_only": _(
        "Date of birth: the same year; one side gives only the year (1 January)"
    ),
    "linkage.date_of_birth.different": _("Date of birth: different"),
    "linkage.date_of_birth.missing": _("Date of birth: unknown on one side"),
    "linkage.sex.same": _("Sex: the same"),
    "linkage.sex.different": _("Sex: different"),
    "linkage.sex.missing": _("Sex: unknown on one side"),
    "linkage.address.same_address": _("Address: the same postcode and house number"),
    "linkage.address.same_postcode": _("Address: the same postcode, another house number"),
    "linkage.address.same_street": _("Address: the same street and city"),
    "linkage.address.different": _("Address: different"),
    "linkage.address.missing": _("Address: unknown on one side"),
    "linkage.municipality.implied": _("Municipality: the same (follows from the address)"),
    "linkage.municipality.same": _("Municipality: the same"),
    "linkage.municipality.different": _("Municipality: different"),
    "linkage.municipality.missing": _("Municipality: unknown on one side"),
    f"linkage.{HOUSEHOLD}.{CO_RESIDENT}": _(
        "Household: the same address, but first name or date of birth clearly differs"
    ),
    f"linkage.{HOUSEHOLD}.{TWIN}": _(
        "Household: born on the same day with the same surname, but another first name (twins?)"
    ),
    f"linkage.{HOUSEHOLD}.{SHARED_SURNAME}": _(
        "Household: people living together often share a surname, so it says less here"
    ),
    f"linkage.{NAME_FREQUENCY}.{RARE}": _("Name: rare in the register, so agreeing says more"),
    f"linkage.{NAME_FREQUENCY}.{COMMON}": _("Name: common in the register, so agreeing says less"),
}

CATEGORY_LABELS: dict[str, Promise] = {
    Category.AGREE: _("agrees"),
    Category.PARTLY: _("partly agrees"),
    Category.DISAGREE: _("disagrees"),
    Category.MISSING: _("missing"),
}

STRENGTH_LABELS: dict[str, Promise] = {
    Strength.VERY_LIKELY: _("very likely the same person"),
    Strength.LIKELY: _("likely the same person"),
    Strength.POSSIBLE: _("possibly the same person"),
    Strength.UNLIKELY: _("probably not the same person"),
}

SAME_PERSON = _("same person")
SAME_HOUSEHOLD = _("same household (same address)")


def evidence_label(item: Evidence) -> str:
    """The label of an evidence item; its key when no label is known (a newly added level)."""
    return str(EVIDENCE_LABELS.get(item.label_nl_key, item.label_nl_key))


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def strength_label(strength: str) -> str:
    return str(STRENGTH_LABELS.get(strength, strength))
