"""The radar at intake: candidate matches for a person row of the report form (htmx partial).

Intake sits below linkage and casework in the layering contract, so this test names their texts by
msgid and their models through the app registry instead of importing them.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ketenzicht.audit.models import AccessAction, AccessLogEntry
from ketenzicht.intake.models import Person, Report
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.testing import report_form_data

pytestmark = pytest.mark.django_db

URL = reverse("intake:person_candidates")
SAME_HOUSEHOLD = "same household (same address)"
CO_RESIDENTS = "Known residents of the same address (same household, another person)"


def person_keys() -> int:
    return apps.get_model("linkage", "PersonKey").objects.count()


def nl(text: object) -> str:
    """A label (lazy) or msgid (str) as the Dutch interface shows it."""
    with translation.override("nl"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


@pytest.fixture
def known(make_case):
    """An earlier report about Fatima Jansen and her son Sem, Voorstraat 12, Dordrecht."""
    return make_case(
        people=[
            victim_adult(
                first_names="Fatima", surname="Jansen", date_of_birth=date(1990, 3, 4), sex="F"
            ),
            child(first_names="Sem", surname="Jansen", date_of_birth=date(2018, 6, 1)),
        ]
    )


def lookup(client, municipality, prefix="people-0", **row):
    data = {
        "prefix": prefix,
        "municipality": str(municipality.pk),
        "postcode": "3311ab",
        "house_number": "12",
        "street": "Voorstraat",
        "city": "Dordrecht",
    }
    data.update({f"{prefix}-{name}": value for name, value in row.items()})
    return client.post(URL, data, headers={"HX-Request": "true"})


FATIMA_MISSPELT = {
    "role": "victim",
    "first_names": "Fatima",
    "surname": "Janssen",
    "date_of_birth": "1990-04-03",  # day and month swapped
    "sex": "F",
}


def test_a_known_person_is_proposed_for_a_misspelt_row_with_strength_and_evidence(
    client, known, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    response = lookup(client, municipality_a, **FATIMA_MISSPELT)
    assert response.status_code == 200
    html = response.content.decode()
    fatima = Person.objects.get(first_names="Fatima")
    assert "Fatima Jansen" in html
    assert "04-03-1990" in html
    assert "Voorstraat 12, 3311 AB Dordrecht" in html
    first = html.index("Fatima Jansen")
    strengths = ("very likely the same person", "likely the same person")
    assert any(nl(s) in html[first:] for s in strengths)
    # The evidence, with the category written out (not colour alone).
    assert nl("Surname: almost the same (typing error)") in html
    assert nl("Date of birth: day and month swapped") in html
    assert nl("partly agrees") in html
    assert nl("agrees") in html
    assert nl(SAME_HOUSEHOLD) in html
    assert f'name="chosen" value="{fatima.pk}"' in html
    assert "Dit is dezelfde persoon" in html
    assert "Geen van deze" in html
    assert 'name="people-0-existing_person_id"' in html


def test_a_co_resident_child_is_same_household_not_the_same_person(
    client, known, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    html = lookup(client, municipality_a, **FATIMA_MISSPELT).content.decode()
    residents = html.split(nl(CO_RESIDENTS))
    assert len(residents) == 2, "the co-resident is listed apart from the candidate persons"
    persons_part, household_part = residents
    assert "Sem Jansen" in household_part and "Sem Jansen" not in persons_part
    assert nl(SAME_HOUSEHOLD) in household_part
    assert nl("probably not the same person") in household_part
    assert (
        nl("Household: the same address, but first name or date of birth clearly differs")
        in household_part
    )


def test_another_region_s_worker_gets_no_candidates(client, known, other_vt_worker, municipality_a):
    client.force_login(other_vt_worker)
    html = lookup(client, municipality_a, **FATIMA_MISSPELT).content.decode()
    assert "Jansen" not in html
    assert 'class="candidate"' not in html


def test_a_chain_professional_is_refused(client, known, pro_a, municipality_a):
    client.force_login(pro_a)
    assert lookup(client, municipality_a, **FATIMA_MISSPELT).status_code == 403


def test_a_get_is_not_allowed(client, intake_worker):
    client.force_login(intake_worker)
    assert client.get(URL).status_code == 405


def test_a_bad_prefix_is_refused(client, intake_worker, municipality_a):
    client.force_login(intake_worker)
    assert lookup(client, municipality_a, prefix="summary", surname="Jansen").status_code == 400


def test_an_empty_row_gets_no_candidates(client, known, intake_worker, municipality_a):
    client.force_login(intake_worker)
    response = lookup(client, municipality_a, role="", sex="X", first_names="", surname="")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="candidate"' not in html
    assert "Jansen" not in html
    assert 'name="people-0-existing_person_id"' in html


def test_choosing_a_candidate_renders_the_link_and_undo_clears_it(
    client, known, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    fatima = Person.objects.get(first_names="Fatima")
    html = client.post(
        URL,
        {"prefix": "people-0", "chosen": str(fatima.pk), **prefixed(FATIMA_MISSPELT)},
    ).content.decode()
    assert re.search(
        rf'<input type="hidden" name="people-0-existing_person_id" [^>]*value="{fatima.pk}"', html
    )
    assert "Gekoppeld aan bestaande persoon: Fatima Jansen (04-03-1990)" in html
    # Further typing keeps the link (the row sends its existing_person_id along).
    again = lookup(
        client, municipality_a, **FATIMA_MISSPELT, existing_person_id=str(fatima.pk)
    ).content.decode()
    assert "Gekoppeld aan bestaande persoon" in again
    # Undo: the link is gone and the candidates are shown again.
    undone = client.post(
        URL,
        {
            "prefix": "people-0",
            "chosen": "undo",
            "people-0-existing_person_id": str(fatima.pk),
            **prefixed(FATIMA_MISSPELT),
        },
    ).content.decode()
    assert re.search(r'name="people-0-existing_person_id" [^>]*value=""', undone)
    assert f'name="chosen" value="{fatima.pk}"' in undone
    # None of these: nothing linked.
    none = client.post(
        URL, {"prefix": "people-0", "chosen": "none", **prefixed(FATIMA_MISSPELT)}
    ).content.decode()
    assert re.search(r'name="people-0-existing_person_id" [^>]*value=""', none)
    assert "Gekoppeld" not in none


def prefixed(row: dict[str, str], prefix: str = "people-0") -> dict[str, str]:
    return {f"{prefix}-{name}": value for name, value in row.items()}


def test_a_person_of_another_organisation_cannot_be_chosen(
    client, known, other_vt_worker, municipality_a
):
    client.force_login(other_vt_worker)
    fatima = Person.objects.get(first_names="Fatima")
    html = client.post(
        URL, {"prefix": "people-0", "chosen": str(fatima.pk), **prefixed(FATIMA_MISSPELT)}
    ).content.decode()
    assert "Fatima" not in html.replace('value="Fatima"', "")
    assert "Gekoppeld" not in html


def test_a_lookup_writes_nothing_but_its_access_log_entry(
    client, known, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    counts = (Person.objects.count(), person_keys(), Report.objects.count())
    logged = AccessLogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert lookup(client, municipality_a, **FATIMA_MISSPELT).status_code == 200
    tables = {
        re.search(r'(?:INTO|UPDATE|FROM)\s+"(\w+)"', q["sql"], re.I).group(1)  # type: ignore[union-attr]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)
    }
    # The session middleware stamps the session; the radar lookup is logged (P3); nothing else.
    assert tables <= {
        "django_session",
        "audit_accesslogentry",
        "audit_accesslogsubject",
        "audit_accessloghead",
    }
    assert "audit_accesslogentry" in tables
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert AccessLogEntry.objects.count() == logged + 1
    assert entry is not None and entry.action == AccessAction.RADAR_LOOKUP
    assert (Person.objects.count(), person_keys(), Report.objects.count()) == counts


def test_registering_with_a_chosen_person_links_the_existing_person(
    client, known, intake_worker, municipality_a
):
    client.force_login(intake_worker)
    fatima = Person.objects.get(first_names="Fatima")
    persons_before = Person.objects.count()
    data = report_form_data(
        municipality_a,
        **prefixed(FATIMA_MISSPELT),
        **{"people-0-existing_person_id": str(fatima.pk)},
    )
    response = client.post(reverse("intake:report_new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.exclude(pk=known.report.pk).get()
    involved = {i.person_id for i in report.involved.all()}
    assert fatima.pk in involved
    assert Person.objects.count() == persons_before + 1  # only the second row is new
    assert not Person.objects.filter(surname="Janssen").exists()


def test_the_report_form_has_a_candidate_region_per_person_row(client, intake_worker):
    client.force_login(intake_worker)
    html = client.get(reverse("intake:report_new")).content.decode()
    for prefix in ("people-0", "people-1"):
        region = re.search(rf'<div class="candidates" id="candidates-{prefix}"[^>]*>', html, re.S)
        assert region, prefix
        tag = region.group(0)
        assert 'aria-live="polite"' in tag
        assert f'hx-post="{URL}"' in tag
        assert f"&quot;prefix&quot;: &quot;{prefix}&quot;" in tag or f'"prefix": "{prefix}"' in tag
        assert ", load" not in tag  # no lookup for an empty row
    assert "<script>" not in html
