"""A report's journey through Ketenzicht in a real browser, persona by persona.

Every page on the way is checked with axe-core (WCAG 2.1 A/AA, serious and critical findings
fail the test). Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

import re

import pytest
from conftest import label, log_in, log_out, screenshot, set_password, t, t_pattern
from django.utils import timezone

from ketenzicht.casework.forms import DECISION_LABELS, MONITORING_OUTCOME_LABELS
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.models import (
    AssessmentOutcome,
    Case,
    ConditionsMet,
    HandoverStatus,
    HandoverTarget,
    RiskFactor,
    TaskKind,
)
from ketenzicht.casework.states import Decision, MonitoringOutcome, State
from ketenzicht.intake.models import (
    Channel,
    Person,
    PersonRole,
    Report,
    ReporterRole,
    Sex,
    ViolenceKind,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(*args, **kwargs):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def yes() -> str:
    return t("Yes")


def no() -> str:
    return t("No")


def shown(name: str) -> re.Pattern[str]:
    """A label or legend as Django renders it: the text, maybe followed by the label suffix."""
    return re.compile(rf"^\s*{re.escape(name)}\s*:?\s*$")


def group(page, name: str):
    """A fieldset (radio buttons, checkboxes, a person row) by its legend."""
    return page.get_by_role("group", name=shown(name))


def field(scope, name: str):
    """A form control by its label (exactly, apart from the label suffix)."""
    return scope.get_by_label(shown(name))


def badge(page):
    return page.locator(".status-line .badge").first


def success(page):
    return page.locator(".messages .alert-success")


def open_case(page, case_reference: str, a11y=None) -> None:
    """From anywhere: the work queue, tab "My team", the case's row."""
    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Work queue")
    ).click()
    page.get_by_role("navigation", name=t("Queue views")).get_by_role(
        "link", name=t("My team")
    ).click()
    row = page.get_by_role("row").filter(has_text=case_reference)
    expect(row).to_be_visible()
    if a11y is not None:
        a11y.check(page, "work queue, my team")
        screenshot(page, "work-queue-team")
    row.get_by_role("link", name=case_reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case_reference)


def fill_person(page, number: int, *, role, first_names, surname, born, sex, prefix="") -> None:
    row = group(page, t("Person %(n)s", n=number))
    field(row, t("Role")).select_option(label=label(role))
    field(row, t("First names")).fill(first_names)
    field(row, t("Prefix")).fill(prefix)
    field(row, t("Surname")).fill(surname)
    field(row, t("Date of birth")).fill(born)
    field(row, t("Sex")).select_option(label=label(sex))


def test_a_report_goes_from_intake_via_vv_and_handover_to_closure(
    page, a11y, intake_worker, vt_worker, team_lead, pro_a, local_team_a
):
    set_password(intake_worker, vt_worker, team_lead, pro_a)

    # --- the intake worker registers a report ---------------------------------------------------
    log_in(page, intake_worker, a11y)
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Work queue"))
    a11y.check(page, "work queue (empty)")
    page.get_by_role("link", name=t("New contact"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("New contact"))
    a11y.check(page, "intake start")
    page.get_by_role("link", name=t("Register report"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Register report"))
    a11y.check(page, "report form")

    received = timezone.localtime() - timezone.timedelta(hours=1)
    field(page, t("Received at")).fill(received.strftime("%Y-%m-%dT%H:%M"))
    field(page, t("Channel")).select_option(label=label(Channel.POLICE_CORV))
    field(page, t("Role of the reporter")).select_option(label=label(ReporterRole.POLICE))
    field(page, t("Name of the reporter")).fill("Agent J. de Vries")
    field(page, t("Organisation of the reporter")).fill("Politie Zuid-Holland-Zuid")
    field(page, t("What was reported")).fill("Ruzie met geweld in het bijzijn van de kinderen.")
    field(page, t("Municipality of residence")).select_option(label="Dordrecht")
    field(page, t("Postcode")).fill("3311ab")
    field(page, t("House number")).fill("12")
    field(page, t("Street")).fill("Voorstraat")
    field(page, t("City")).fill("Dordrecht")
    fill_person(
        page,
        1,
        role=PersonRole.VICTIM,
        first_names="Fatima",
        surname="Bakker",
        born="1990-03-04",
        sex=Sex.FEMALE,
    )

    # One more person row: the form comes back with what was entered, focus in the new row.
    page.get_by_role("button", name=t("Add a person"), exact=True).click()
    third = group(page, t("Person %(n)s", n=3))
    expect(field(third, t("First names"))).to_be_focused()
    expect(field(group(page, t("Person %(n)s", n=1)), t("Surname"))).to_have_value("Bakker")
    a11y.check(page, "report form with an added person row")
    screenshot(page, "report-form-added-row")
    fill_person(
        page,
        2,
        role=PersonRole.CHILD_IN_HOUSEHOLD,
        first_names="Sem",
        prefix="van der",
        surname="Berg",
        born="2018-06-01",
        sex=Sex.MALE,
    )

    # Forgetting the kinds of violence: the error summary says so, nothing is stored.
    page.get_by_role("button", name=t("Register report"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the following:"))
    expect(summary.get_by_role("link")).to_contain_text(t("Kinds of violence"))
    assert Report.objects.count() == 0
    a11y.check(page, "report form with validation errors")
    expect(field(group(page, t("Person %(n)s", n=2)), t("Surname"))).to_have_value("Berg")

    kinds = group(page, t("Kinds of violence"))
    field(kinds, label(ViolenceKind.PARTNER_VIOLENCE)).check()
    field(kinds, label(ViolenceKind.CHILD_WITNESSING)).check()
    page.get_by_role("button", name=t("Register report"), exact=True).click()

    expect(success(page)).to_contain_text(
        t_pattern("Report %(ref)s registered; the safety assessment is due %(due)s.")
    )
    case = Case.objects.select_related("report").get()
    expect(page).to_have_url(re.compile(rf"/zaken/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.REGISTERED]))
    people = page.get_by_role("table", name=t("People involved"))
    expect(people).to_contain_text("Fatima Bakker")
    expect(people).to_contain_text("Sem van der Berg")
    assert case.report.involved.count() == 2
    a11y.check(page, "case page: registered")
    log_out(page)

    # --- the VT worker assesses safety and proposes V&V -------------------------------------------
    log_in(page, vt_worker)
    open_case(page, case.reference, a11y)
    a11y.check(page, "case page: registered (VT worker)")
    page.get_by_role("link", name=t("Record safety assessment"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Safety assessment"))
    a11y.check(page, "safety assessment form")
    screenshot(page, "assessment-form")
    field(group(page, t("Is there acute unsafety?")), no()).check()
    field(group(page, t("Is there structural unsafety?")), yes()).check()
    risks = group(page, t("Risk factors"))
    field(risks, label(RiskFactor.EARLIER_VIOLENCE)).check()
    field(risks, label(RiskFactor.YOUNG_CHILDREN)).check()
    field(page, t("Considerations")).fill("Herhaald partnergeweld, kinderen getuige.")
    field(group(page, t("Outcome")), label(AssessmentOutcome.UNSTABLE)).check()
    field(page, t("Proposed decision")).select_option(label=label(DECISION_LABELS[Decision.VV]))
    page.get_by_role("button", name=t("Propose decision"), exact=True).click()

    expect(success(page)).to_have_text(
        t("The safety assessment was recorded; it now awaits the second reviewer.")
    )
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.REVIEW]))
    # Four eyes: the proposer is told to wait for a team lead, and gets no review button.
    expect(
        page.get_by_text(t("The proposed decision awaits a team lead who did not propose it."))
    ).to_be_visible()
    expect(page.get_by_role("link", name=t("Review the decision"))).to_have_count(0)
    a11y.check(page, "case page: review (proposer)")
    log_out(page)

    # --- the team lead reviews and approves -----------------------------------------------------
    log_in(page, team_lead)
    open_case(page, case.reference)
    page.get_by_role("link", name=t("Review the decision"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Review the decision (second reviewer)")
    )
    a11y.check(page, "review form")
    field(group(page, t("Your judgement as second reviewer")), t("Approve the decision")).check()
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(success(page)).to_have_text(t("Your review was recorded."))
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.VV]))
    a11y.check(page, "case page: V&V")
    log_out(page)

    # --- the VT worker completes V&V and hands over to the local team ----------------------------
    log_in(page, vt_worker)
    open_case(page, case.reference)
    page.get_by_role("link", name=t("Complete V&V and hand over"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Complete Voorwaarden en vervolg"))
    a11y.check(page, "V&V form")
    field(page, t("Agreed safety conditions")).fill(
        "Geen geweld in het bijzijn van de kinderen; vader volgt agressieregulatie."
    )
    field(page, t("Summary for the receiving organisation")).fill(
        "Partnergeweld, kinderen getuige. Afspraken gemaakt; wijkteam begeleidt het gezin."
    )
    field(page, t("Hand over to")).select_option(label=label(HandoverTarget.LOCAL_TEAM))
    with_kind = f"{local_team_a.name} ({label(local_team_a.get_kind_display())})"
    field(page, t("Receiving organisation")).select_option(label=with_kind)
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(success(page)).to_have_text(t("V&V was completed and the handover offered."))
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.HANDOVER_OFFERED]))
    expect(
        page.get_by_text(
            t("Waiting for the receiving organisation to accept or refuse the handover.")
        )
    ).to_be_visible()
    a11y.check(page, "case page: handover offered")
    log_out(page)

    # --- the local team's professional accepts in the handover inbox ----------------------------
    log_in(page, pro_a)
    expect(page).to_have_url(re.compile(r"/zaken/overdrachten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Handover inbox"))
    row = page.get_by_role("row").filter(has_text=case.reference)
    expect(row).to_contain_text(label(HandoverStatus.OFFERED))
    a11y.check(page, "handover inbox (offered)")
    row.get_by_role("link", name=f"{t('Handover')} {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{t('Handover')} {case.reference}")
    expect(page.locator("main")).to_contain_text("vader volgt agressieregulatie")
    expect(page.locator("main")).to_contain_text("Fatima Bakker")
    a11y.check(page, "handover detail")
    screenshot(page, "handover-detail")
    field(page, t("Note (optional)")).fill("Intake bij het gezin volgende week.")
    page.get_by_role("button", name=t("Accept handover"), exact=True).click()
    expect(success(page)).to_have_text(t("You accepted the handover."))
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_contain_text(
        label(HandoverStatus.ACCEPTED)
    )
    a11y.check(page, "handover inbox (accepted)")
    log_out(page)

    # --- the VT worker gives the reporter feedback, then records a stable monitoring moment -----
    log_in(page, vt_worker)
    open_case(page, case.reference)
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.MONITORING]))
    a11y.check(page, "case page: monitoring")
    tasks = page.get_by_role("table", name=t("Tasks of this case"))
    feedback_row = tasks.get_by_role("row").filter(has_text=label(TaskKind.FEEDBACK_DECISION))
    feedback_row.get_by_role("link", name=t("record"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{t('Record')}: {label(TaskKind.FEEDBACK_DECISION)}"
    )
    a11y.check(page, "task form")
    field(page, t("What was done or communicated")).fill(
        "Melder gebeld: V&V afgerond, overdracht aan het sociaal wijkteam."
    )
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(success(page)).to_have_text(t("The task was recorded as done."))
    expect(feedback_row).to_contain_text(t("done"))

    page.get_by_role("link", name=t("Record monitoring moment"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Monitoring moment"))
    a11y.check(page, "monitoring form")
    screenshot(page, "monitoring-form")
    field(group(page, t("Were the safety conditions met?")), label(ConditionsMet.YES)).check()
    field(group(page, t("Is there direct safety?")), yes()).check()
    field(group(page, t("Is there stable safety?")), yes()).check()
    field(group(page, t("Is there attention for recovery from harm?")), yes()).check()
    field(page, t("Notes")).fill("Afspraken nagekomen, geen nieuwe incidenten.")
    field(
        group(page, t("Outcome")), label(MONITORING_OUTCOME_LABELS[MonitoringOutcome.STABLE])
    ).check()
    page.get_by_role("button", name=t("Save"), exact=True).click()

    expect(success(page)).to_have_text(t("The monitoring moment was recorded."))
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.CLOSED]))
    timeline = page.get_by_role("complementary", name=t("Timeline"))
    expect(timeline).to_contain_text(t("Monitoring moment recorded"))
    expect(timeline).to_contain_text(t("Handover accepted"))
    expect(timeline).to_contain_text(t("Report registered"))
    expect(page.locator("main")).to_contain_text("Afspraken nagekomen")
    a11y.check(page, "case page: closed")
    screenshot(page, "case-closed")
    case.refresh_from_db()
    assert case.state == State.CLOSED

    page.get_by_role("link", name=t("Work queue"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("My cases"))
    a11y.check(page, "work queue, my cases")
    a11y.assert_clean()


def test_four_eyes_and_bad_input_are_visible_in_the_browser(
    page, a11y, make_case, intake_worker, team_lead, second_team_lead
):
    from ketenzicht.casework import services

    set_password(intake_worker, team_lead, second_team_lead)
    case = make_case()
    services.assessment_propose(
        case=case,
        actor=team_lead,
        acute_unsafety=False,
        structural_unsafety=True,
        risk_factors=["earlier_violence"],
        considerations="Beoordeeld met het instrument.",
        outcome="unstable",
        decision="vv",
    )

    # The team lead who proposed sees no review button, and the review form refuses them.
    log_in(page, team_lead)
    page.goto(f"/zaken/{case.pk}/")
    expect(badge(page)).to_have_text(str(STATE_LABELS[State.REVIEW]))
    expect(
        page.get_by_text(t("The proposed decision awaits a team lead who did not propose it."))
    ).to_be_visible()
    expect(page.get_by_role("link", name=t("Review the decision"))).to_have_count(0)
    page.goto(f"/zaken/{case.pk}/toetsing/")
    field(group(page, t("Your judgement as second reviewer")), t("Approve the decision")).check()
    page.get_by_role("button", name=t("Save"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the following:"))
    expect(summary).to_contain_text("eigen voorstel niet goedkeuren")
    a11y.check(page, "review form refusing the proposer")
    case.refresh_from_db()
    assert case.state == State.REVIEW
    assert case.assessments.get().reviewed_at is None
    log_out(page)

    # Another team lead does get the button.
    log_in(page, second_team_lead)
    page.goto(f"/zaken/{case.pk}/")
    expect(page.get_by_role("link", name=t("Review the decision"), exact=True)).to_be_visible()
    log_out(page)

    # Bad input in the report form: the error summary lists it (also a person row's error, with a
    # link to the field), the values stay, and nothing is stored.
    reports_before, people_before = Report.objects.count(), Person.objects.count()
    log_in(page, intake_worker)
    page.goto("/intake/melding/nieuw/")
    field(page, t("Channel")).select_option(label=label(Channel.PHONE))
    field(page, t("Role of the reporter")).select_option(label=label(ReporterRole.SCHOOL))
    field(page, t("Name of the reporter")).fill("Juf de Vries")
    field(group(page, t("Kinds of violence")), label(ViolenceKind.CHILD_WITNESSING)).check()
    field(page, t("What was reported")).fill("Kind vertelt over ruzies thuis.")
    field(page, t("Municipality of residence")).select_option(label="Dordrecht")
    person = group(page, t("Person %(n)s", n=1))
    field(person, t("Role")).select_option(label=label(PersonRole.CHILD_IN_HOUSEHOLD))
    field(person, t("First names")).fill("Noor")
    page.get_by_role("button", name=t("Register report"), exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the following:"))
    missing = summary.get_by_role("link").filter(has_text=t("The surname is missing."))
    expect(missing).to_contain_text(t("Person %(n)s", n=1))
    a11y.check(page, "report form with an error in a person row")
    missing.click()
    person = group(page, t("Person %(n)s", n=1))
    expect(field(person, t("Surname"))).to_be_focused()
    expect(field(person, t("First names"))).to_have_value("Noor")
    assert Report.objects.count() == reports_before

    # A BSN that fails the elfproef is refused by the service; the row keeps what was typed.
    field(person, t("Surname")).fill("Jansen")
    field(person, t("BSN")).fill("123456789")
    page.get_by_role("button", name=t("Register report"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("elfproef")
    person = group(page, t("Person %(n)s", n=1))
    bsn = field(person, t("BSN"))
    expect(bsn).to_have_value("123456789")
    expect(bsn).to_have_attribute("aria-invalid", "true")
    expect(person).to_contain_text("elfproef")
    a11y.check(page, "report form with a bad BSN")
    screenshot(page, "report-form-errors")
    assert Report.objects.count() == reports_before
    assert Person.objects.count() == people_before
    a11y.assert_clean()
