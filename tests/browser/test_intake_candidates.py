"""The radar at intake in a real browser: a known person is proposed while the worker types, the
worker confirms "this is the same person", and the new case's radar shows the earlier report.

Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import label, log_in, screenshot, set_password, t, t_pattern
from django.utils import timezone
from test_case_journey import expect, field, fill_person, group, success

from ketenzicht.casework.models import Case
from ketenzicht.intake.models import Channel, Person, PersonRole, ReporterRole, Sex, ViolenceKind
from ketenzicht.intake.tests.factories import child, victim_adult
from ketenzicht.linkage import labels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_known_person_is_proposed_confirmed_and_shown_on_the_radar(
    page, a11y, intake_worker, make_case
):
    earlier = make_case(
        received_at=timezone.now() - timezone.timedelta(days=60),
        people=[
            victim_adult(
                first_names="Fatima", surname="Jansen", date_of_birth=date(1990, 3, 4), sex="F"
            ),
            child(first_names="Sem", surname="Jansen", date_of_birth=date(2018, 6, 1)),
        ],
    )
    fatima = Person.objects.get(first_names="Fatima", surname="Jansen")
    set_password(intake_worker)
    log_in(page, intake_worker)

    page.goto("/intake/melding/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Register report"))
    received = timezone.localtime() - timezone.timedelta(hours=1)
    field(page, t("Received at")).fill(received.strftime("%Y-%m-%dT%H:%M"))
    field(page, t("Channel")).select_option(label=label(Channel.PHONE))
    field(page, t("Role of the reporter")).select_option(label=label(ReporterRole.SCHOOL))
    field(page, t("Name of the reporter")).fill("Juf de Vries")
    kinds = group(page, t("Kinds of violence"))
    field(kinds, label(ViolenceKind.PARTNER_VIOLENCE)).check()
    field(page, t("What was reported")).fill("Moeder vertelt over nieuw geweld na de verhuizing.")
    # The family moved: another address than in the earlier report.
    field(page, t("Municipality of residence")).select_option(label="Dordrecht")
    field(page, t("Postcode")).fill("3312cd")
    field(page, t("House number")).fill("5")
    field(page, t("Street")).fill("Kerkstraat")
    field(page, t("City")).fill("Dordrecht")

    # A typo in the surname: the radar still proposes the known Fatima Jansen.
    fill_person(
        page,
        1,
        role=PersonRole.VICTIM,
        first_names="Fatima",
        surname="Janssen",
        born="1990-03-04",
        sex=Sex.FEMALE,
    )
    row = group(page, t("Person %(n)s", n=1))
    region = row.locator(".candidates")
    expect(region).to_have_attribute("aria-live", "polite")
    candidate = region.locator("li.candidate").filter(has_text="Fatima Jansen")
    expect(candidate).to_be_visible()
    expect(candidate).to_contain_text("04-03-1990")
    expect(candidate).to_contain_text(label(labels.STRENGTH_LABELS["very_likely"]))
    expect(candidate).to_contain_text(label(labels.EVIDENCE_LABELS["linkage.surname.similar"]))
    expect(candidate).to_contain_text(label(labels.CATEGORY_LABELS["partly"]))
    a11y.check(page, "report form with candidates")
    screenshot(page, "report-form-candidates")

    candidate.get_by_role("button", name=t("This is the same person"), exact=True).click()
    expect(region).to_contain_text(
        t("Linked to existing person: %(name)s (%(born)s)", name="Fatima Jansen", born="04-03-1990")
    )
    expect(row.locator('input[name="people-0-existing_person_id"]')).to_have_value(str(fatima.pk))
    expect(region.get_by_role("button", name=t("Undo the link"), exact=True)).to_be_visible()
    # Typing on in the row keeps the link.
    field(row, t("BSN")).fill("")
    expect(region).to_contain_text(t_pattern("Linked to existing person: %(name)s (%(born)s)"))
    a11y.check(page, "report form with a linked person")

    page.get_by_role("button", name=t("Register report"), exact=True).click()
    expect(success(page)).to_contain_text(
        t_pattern("Report %(ref)s registered; the safety assessment is due %(due)s.")
    )
    case = Case.objects.exclude(pk=earlier.pk).select_related("report").get()
    assert fatima.pk in set(case.report.involved.values_list("person_id", flat=True))
    assert not Person.objects.filter(surname="Janssen").exists()
    radar = page.get_by_role("region", name=t("Radar: already known"))
    expect(radar).to_contain_text(earlier.report.reference)
    expect(radar).to_contain_text("Fatima Jansen")
    a11y.check(page, "case page with the radar")
    a11y.assert_clean()
