"""One household, one plan, and the ladder when help stalls (issue P5), in a real browser.

The local team's professional accepts a handover with Veilig Thuis's safety conditions, draws up
the household plan (the conditions carried over, one per line), adds a task and, when the care
provider does not start, reports a stagnation from the plan page. The ladder is walked step by
step; the process-direction desk appoints a process director, who requires the care provider to
act; the plan page then shows who directs the plan and the binding decision.

Every page on the way is checked with axe-core (serious and critical WCAG 2.1 A/AA findings
fail), for CSP violations and for console errors. Run with
``pytest -m browser -p no:xdist tests/browser/test_plan_escalation.py``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from conftest import (
    PASSWORD,
    authenticator,
    label,
    log_out,
    screenshot,
    second_step,
    set_password,
    t,
)
from django.utils import timezone
from test_security import CSP_LISTENER, csp_violations

from ketenzicht.casework.models import Handover, HandoverStatus
from ketenzicht.escalation.ladder import Step
from ketenzicht.escalation.models import (
    BindingDecision,
    Escalation,
    EscalationStep,
    MeetingAgreement,
    StepKind,
)
from ketenzicht.organisations.models import Organisation, OrganisationKind, Role, User
from ketenzicht.plans.models import HouseholdPlan, PlanTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: What Veilig Thuis agreed with the household, as a VT worker types it: bullets, a blank line.
CONDITIONS_TEXT = (
    "- Vader woont tijdelijk bij zijn broer.\n"
    "- Geen contact tussen vader en moeder zonder begeleiding.\n"
    "\n"
    "- Moeder belt bij dreiging direct 112."
)
CONDITIONS = [
    "Vader woont tijdelijk bij zijn broer.",
    "Geen contact tussen vader en moeder zonder begeleiding.",
    "Moeder belt bij dreiging direct 112.",
]


def expect(*args: Any, **kwargs: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def shown(name: str) -> re.Pattern[str]:
    """A label as Django renders it: the text, maybe followed by the label suffix."""
    return re.compile(rf"^\s*{re.escape(name)}\s*:?\s*$")


def field(scope: Any, name: str) -> Any:
    return scope.get_by_label(shown(name))


def required() -> str:
    """Django's own message for an empty required field, as shown."""
    return t("This field is required.")


def success(page: Any) -> Any:
    return page.locator(".messages .alert-success")


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def action(page: Any, title: str) -> Any:
    """One form of the escalation page: the card labelled by its title."""
    return page.get_by_role("region", name=title, exact=True)


# --- fixtures: the region's desk, a care provider, a handover offered with conditions --------


@pytest.fixture
def desk(region: Any) -> Any:
    return Organisation.objects.create(
        name="Zorg- en Veiligheidshuis Zuid-Holland Zuid",
        kind=OrganisationKind.PROCESS_DESK,
        region=region,
    )


@pytest.fixture
def desk_user(desk: Any) -> Any:
    return User.objects.create(
        username="desk_user",
        first_name="Dirk",
        last_name="Procesregie",
        email="desk_user@example.invalid",
        organisation=desk,
        role=Role.CHAIN_PROFESSIONAL,
    )


@pytest.fixture
def care_org(region: Any) -> Any:
    return Organisation.objects.create(
        name="GGZ Drechtsteden", kind=OrganisationKind.CARE_PROVIDER, region=region
    )


@pytest.fixture
def offered_handover(make_case: Any, vt_worker: Any, team_lead: Any, local_team_a: Any) -> Any:
    """A handover to local_team_a, offered through the real services (four eyes included)."""
    from ketenzicht.casework import services

    case = make_case()
    services.assessment_propose(
        case=case,
        actor=vt_worker,
        acute_unsafety=False,
        structural_unsafety=True,
        risk_factors=["earlier_violence", "young_children"],
        considerations="Herhaald partnergeweld; kinderen getuige.",
        outcome="unstable",
        decision="handover",
        handover_target="local_team",
        handover_organisation=local_team_a,
        safety_conditions=CONDITIONS_TEXT,
    )
    services.assessment_review(case=case, reviewer=team_lead, approve=True)
    return Handover.objects.get(case=case, status=HandoverStatus.OFFERED)


# --- every page: axe, the CSP and the console ------------------------------------------------


class Watch:
    """Checks each visited page with axe and for CSP violations; collects console errors."""

    def __init__(self, page: Any, a11y: Any) -> None:
        self.page, self.a11y = page, a11y
        self.csp: list[str] = []
        self.console: list[str] = []
        self.expected_statuses: set[int] = set()
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        # The site has no favicon; Chromium asks for /favicon.ico once and logs the 404.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        # A form answered 422 on purpose makes Chromium log the document's status as an error.
        if any(f"status of {status}" in message.text for status in self.expected_statuses):
            return
        self.console.append(f"{message.text} ({message.location.get('url', '')})")

    def check(self, name: str) -> None:
        self.a11y.check(self.page, name)
        self.csp += [f"[{name}] {v}" for v in csp_violations(self.page)]

    def assert_clean(self) -> None:
        assert self.a11y.checked, "no page was checked"
        assert not self.csp, "CSP violations:\n" + "\n".join(self.csp)
        assert not self.console, "console errors:\n" + "\n".join(self.console)
        self.a11y.assert_clean()


def log_in(page: Any, user: Any, watch: Watch) -> None:
    """Both steps of the real login, each page checked."""
    page.goto("/inloggen/")
    watch.check("login")
    device = authenticator(user)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=t("Log in"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/tweede-stap/"))
    watch.check("login, second step")
    second_step(page, device)
    expect(page.get_by_role("button", name=t("Log out"), exact=True)).to_be_visible()


def safety_rows(page: Any) -> Any:
    table = page.get_by_role("table", name=t("Safety conditions and who watches them"))
    return table.locator("tbody tr")


def accept_and_draw_up(page: Any, watch: Watch, handover: Any) -> HouseholdPlan:
    """From the inbox: accept the handover, then draw up its plan. Returns the plan."""
    reference = handover.case.reference
    expect(page).to_have_url(re.compile(r"/zaken/overdrachten/$"))
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(label(HandoverStatus.OFFERED))
    watch.check("handover inbox (offered)")
    row.get_by_role("link", name=f"{t('Handover')} {reference}").click()
    expect(heading(page)).to_have_text(f"{t('Handover')} {reference}")
    expect(page.locator("main")).to_contain_text(CONDITIONS[1])
    watch.check("handover detail (offered)")
    field(page, t("Note (optional)")).fill("Huisbezoek volgende week.")
    page.get_by_role("button", name=t("Accept handover"), exact=True).click()
    expect(success(page)).to_have_text(t("You accepted the handover."))
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(label(HandoverStatus.ACCEPTED))
    watch.check("handover inbox (accepted)")

    row.get_by_role("link", name=f"{t('Handover')} {reference}").click()
    watch.check("handover detail (accepted)")
    page.get_by_role("link", name=t("Draw up a plan"), exact=True).click()
    expect(heading(page)).to_have_text(t("Draw up the household plan"))
    carried = page.get_by_role("region", name=t("Safety conditions carried over"))
    expect(carried.get_by_role("listitem")).to_have_text(CONDITIONS)
    watch.check("plan create")
    screenshot(page, "plan-create")
    assert not HouseholdPlan.objects.exists()
    page.get_by_role("button", name=t("Draw up the plan"), exact=True).click()
    expect(success(page)).to_have_text(
        t("The household plan was drawn up; you are its case director.")
    )
    plan = HouseholdPlan.objects.get(handover=handover)
    expect(page).to_have_url(re.compile(rf"/plannen/{plan.pk}/$"))
    expect(heading(page)).to_have_text(f"{t('Household plan')} {plan.reference}")
    return plan


# --- the walk --------------------------------------------------------------------------------


def test_a_handover_becomes_a_plan_whose_stagnation_ends_in_a_binding_decision(
    page: Any,
    a11y: Any,
    offered_handover: Any,
    pro_a: Any,
    local_team_a: Any,
    desk_user: Any,
    desk: Any,
    care_org: Any,
) -> None:
    set_password(pro_a, desk_user)
    watch = Watch(page, a11y)
    today = timezone.localdate()

    # --- the local team's professional accepts the handover and draws up the plan -------------
    log_in(page, pro_a, watch)
    plan = accept_and_draw_up(page, watch, offered_handover)

    # The safety conditions are in the safety plan, one per line, from Veilig Thuis, unwatched.
    rows = safety_rows(page)
    expect(rows).to_have_count(len(CONDITIONS))
    for row, condition in zip(rows.all(), CONDITIONS, strict=True):
        expect(row.get_by_role("cell").nth(0)).to_have_text(condition)
        expect(row.get_by_role("cell").nth(1)).to_have_text(t("Nobody yet"))
        expect(row.get_by_role("cell").nth(2)).to_have_text(t("Veilig Thuis"))
    assert sorted(plan.safety_conditions.values_list("description", flat=True)) == sorted(
        CONDITIONS
    )
    assert all(plan.safety_conditions.values_list("from_handover", flat=True))
    assert plan.case_director == pro_a and plan.lead_organisation == local_team_a
    watch.check("plan page (draft)")
    screenshot(page, "plan-draft")

    # --- the care provider takes part, and gets a task in the safety phase ---------------------
    page.get_by_role("link", name=t("Add an organisation"), exact=True).click()
    expect(heading(page)).to_have_text(t("Add a participating organisation"))
    watch.check("add participant form")
    field(page, t("Organisation")).select_option(
        label=f"{care_org.name} ({label(care_org.get_kind_display())})"
    )
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(success(page)).to_have_text(t("The organisation takes part in the plan."))
    expect(page.get_by_role("region", name=t("Participating organisations"))).to_contain_text(
        care_org.name
    )

    safety_phase = page.get_by_role("region", name=t("Results and tasks for safety"))
    safety_phase.get_by_role("link", name=t("Add a task"), exact=True).click()
    expect(heading(page)).to_have_text(t("Add a task"))
    watch.check("task form")
    due = today + timedelta(days=14)
    field(page, t("What")).fill("Start traumabehandeling voor moeder.")
    field(page, t("Organisation")).select_option(
        label=f"{care_org.name} ({label(care_org.get_kind_display())})"
    )
    field(page, t("Due date")).fill(due.isoformat())
    field(page, t("Professional (name)")).fill("C. de Groot")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(success(page)).to_have_text(t("The task was added."))
    tasks = page.get_by_role("table", name=t("Who does what by when: %(phase)s", phase=t("Safety")))
    task_row = tasks.get_by_role("row").filter(has_text="Start traumabehandeling voor moeder.")
    expect(task_row).to_contain_text(care_org.name)
    expect(task_row).to_contain_text(due.strftime("%d-%m-%Y"))
    task = PlanTask.objects.get(plan=plan)
    assert task.organisation == care_org and task.due_on == due
    watch.check("plan page with a task")

    # --- the care provider does not start: a stagnation from the plan's escalation panel ------
    panel = page.get_by_role("region", name=t("Stagnation and escalation"))
    expect(panel).to_contain_text(t("No stagnation reported."))
    panel.get_by_role("link", name=t("Report a stagnation"), exact=True).click()
    expect(heading(page)).to_have_text(t("Report a stagnation"))
    watch.check("stagnation form")
    field(page, t("What stalls")).fill("GGZ start de traumabehandeling niet; wachtlijst.")
    where = page.get_by_role("group", name=shown(t("Where it stalls")))
    field(where, care_org.name).check()
    page.get_by_role("button", name=t("Report the stagnation"), exact=True).click()
    expect(success(page)).to_have_text(t("The stagnation was put to the process-direction desk."))
    escalation = Escalation.objects.get(plan=plan)
    expect(heading(page)).to_have_text(f"{t('Escalation')} {escalation.reference}")
    assert escalation.desk == desk and list(escalation.stalled_organisations.all()) == [care_org]
    # The desk now takes part in the plan, so its staff can see it.
    assert plan.participants.filter(organisation=desk, left_at__isnull=True).exists()

    current = page.get_by_role("region", name=t("The ladder")).locator("[aria-current='step']")
    expect(current).to_contain_text(label(StepKind.DESK_ADVICE))
    watch.check("escalation, step 1")
    screenshot(page, "escalation-step-1")

    # --- the case director walks the ladder, one step at a time ---------------------------------
    def advance(outcome: str, to: StepKind) -> None:
        card = action(page, t("Next step"))
        field(card, t("Outcome of the current step")).fill(outcome)
        field(card, t("Next step")).select_option(label=label(to))
        card.get_by_role("button", name=t("Record the outcome and go to the next step")).click()
        expect(success(page)).to_have_text(t("Saved."))
        expect(current).to_contain_text(label(to))

    advance("Advies van de tafel: organiseer een overleg met GGZ.", StepKind.MEETING)
    watch.check("escalation, step 2")
    card = action(page, t("Agreement of the meeting"))
    field(card, t("Organisation")).select_option(label=care_org.name)
    field(card, t("What")).fill("GGZ plant de intake binnen een week.")
    agreed_by = today + timedelta(days=7)
    field(card, t("By when")).fill(agreed_by.isoformat())
    card.get_by_role("button", name=t("Record the agreement")).click()
    expect(success(page)).to_have_text(t("Saved."))
    agreements = page.get_by_role(
        "table", name=t("Agreements of the meeting: who does what by when")
    )
    expect(agreements).to_contain_text("GGZ plant de intake binnen een week.")
    agreement = MeetingAgreement.objects.get(step__escalation=escalation)
    assert agreement.organisation == care_org and agreement.due_on == agreed_by
    watch.check("escalation, step 2 with an agreement")

    advance("GGZ kwam de afspraak niet na.", StepKind.MANAGERS)
    watch.check("escalation, step 3")
    advance("De managers werden het niet eens.", StepKind.PROCESS_DIRECTOR)
    # Step 4 is the desk's: the director gets no further step and no appointment form.
    expect(action(page, t("Next step"))).to_have_count(0)
    expect(action(page, t("Appoint a process director"))).to_have_count(0)
    watch.check("escalation, step 4 (case director)")
    escalation.refresh_from_db()
    assert escalation.current_step == Step.PROCESS_DIRECTOR
    assert [s.step for s in escalation.steps.order_by("step")] == [1, 2, 3, 4]
    assert all(s.completed_at and s.outcome for s in escalation.steps.filter(step__lt=4))
    log_out(page)

    # --- the desk appoints a process director -----------------------------------------------------
    log_in(page, desk_user, watch)
    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Process-direction desk")
    ).click()
    expect(heading(page)).to_have_text(t("Process-direction desk"))
    row = page.get_by_role("row").filter(has_text=plan.reference)
    expect(row).to_contain_text(label(StepKind.PROCESS_DIRECTOR))
    watch.check("desk queue")
    row.get_by_role("link", name=f"{t('Escalation')} {escalation.reference}").click()
    expect(heading(page)).to_have_text(f"{t('Escalation')} {escalation.reference}")
    watch.check("escalation, step 4 (desk)")
    card = action(page, t("Appoint a process director"))
    field(card, t("Process director")).select_option(label=f"Dirk Procesregie ({desk.name})")
    field(card, t("Note")).fill("De tafel neemt de regie over.")
    card.get_by_role("button", name=t("Appoint"), exact=True).click()
    expect(success(page)).to_have_text(t("Saved."))
    appointment = page.get_by_role("region", name=t("Process director"), exact=True)
    expect(appointment).to_contain_text("Dirk Procesregie")
    plan.refresh_from_db()
    assert plan.process_director == desk_user and plan.case_director == pro_a
    watch.check("escalation with a process director")

    # --- the process director requires the care provider to act (doorzettingsmacht) -------------
    card = action(page, t("Binding decision (doorzettingsmacht)"))
    field(card, t("Organisation")).select_option(label=care_org.name)
    field(card, t("What")).fill("GGZ start de traumabehandeling van moeder.")
    binding_due = today + timedelta(days=3)
    field(card, t("By when")).fill(binding_due.isoformat())
    card.get_by_role("button", name=t("Require the organisation to act")).click()
    expect(success(page)).to_have_text(t("Saved."))
    decisions = page.get_by_role("region", name=t("Binding decisions (doorzettingsmacht)"))
    expect(decisions).to_contain_text("GGZ start de traumabehandeling van moeder.")
    expect(decisions).to_contain_text(binding_due.strftime("%d-%m-%Y"))
    decision = BindingDecision.objects.get(escalation=escalation)
    assert decision.organisation == care_org and decision.decided_by == desk_user
    assert decision.due_on == binding_due and decision.complied is None
    watch.check("escalation with a binding decision")
    screenshot(page, "escalation-binding-decision")
    log_out(page)

    # --- the plan page shows who directs it now, and what was decided ----------------------------
    log_in(page, pro_a, watch)
    page.goto(f"/plannen/{plan.pk}/")
    expect(heading(page)).to_have_text(f"{t('Household plan')} {plan.reference}")
    status = page.get_by_role("region", name=t("Status and direction"))
    expect(status).to_contain_text(t("Process director"))
    expect(status).to_contain_text("Dirk Procesregie")
    expect(status).to_contain_text(t("has taken over direction"))
    panel = page.get_by_role("region", name=t("Stagnation and escalation"))
    escalation_row = panel.get_by_role("row").filter(has_text=escalation.reference)
    expect(escalation_row).to_contain_text(label(StepKind.PROCESS_DIRECTOR))
    binding = panel.get_by_role(
        "table",
        name=f"{t('Binding decisions of the process director')} ({escalation.reference})",
    )
    expect(binding.locator("tbody tr").get_by_role("cell")).to_have_text(
        [
            care_org.name,
            "GGZ start de traumabehandeling van moeder.",
            binding_due.strftime("%d-%m-%Y"),
            t("not yet recorded"),
        ]
    )
    # Direction has passed: the case director no longer changes the plan.
    expect(page.get_by_role("link", name=t("Add a task"))).to_have_count(0)
    watch.check("plan page (process director, binding decision)")
    screenshot(page, "plan-binding-decision")
    watch.assert_clean()


# --- bad input -------------------------------------------------------------------------------


def test_bad_input_in_the_walk_shows_what_is_wrong_and_changes_nothing(
    page: Any,
    a11y: Any,
    offered_handover: Any,
    pro_a: Any,
    desk: Any,
    care_org: Any,
) -> None:
    set_password(pro_a)
    watch = Watch(page, a11y)
    watch.expected_statuses = {422}
    log_in(page, pro_a, watch)
    plan = accept_and_draw_up(page, watch, offered_handover)
    versions = plan.versions.count()

    # A task without what: the form says so before anything is tried.
    page.get_by_role("region", name=t("Results and tasks for safety")).get_by_role(
        "link", name=t("Add a task"), exact=True
    ).click()
    field(page, t("Professional (name)")).fill("C. de Groot")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the following:"))
    expect(summary.get_by_role("link")).to_have_text([f"{t('What')}: {required()}"])
    expect(field(page, t("What"))).to_have_attribute("aria-invalid", "true")
    expect(field(page, t("Professional (name)"))).to_have_value("C. de Groot")
    watch.check("task form with an empty required field")
    assert not PlanTask.objects.filter(plan=plan).exists()

    # A task without an organisation and a due date: the service names both, no task stored.
    field(page, t("What")).fill("Start traumabehandeling voor moeder.")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        [
            f"{t('Organisation')}: {t('Say which organisation does this.')}",
            f"{t('Due date')}: {t('Give the due date.')}",
        ]
    )
    expect(field(page, t("Due date"))).to_have_attribute("aria-invalid", "true")
    expect(field(page, t("What"))).to_have_value("Start traumabehandeling voor moeder.")
    watch.check("task form with the service's errors")
    assert not PlanTask.objects.filter(plan=plan).exists()
    assert plan.versions.count() == versions

    # A stagnation without saying what stalls or where: the form again, no escalation, and the
    # desk does not join the plan.
    page.goto(f"/plannen/{plan.pk}/")
    watch.check("plan page (draft, no task)")
    page.get_by_role("region", name=t("Stagnation and escalation")).get_by_role(
        "link", name=t("Report a stagnation"), exact=True
    ).click()
    page.get_by_role("button", name=t("Report the stagnation"), exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the following:"))
    expect(summary.get_by_role("link")).to_have_text(
        [f"{t('What stalls')}: {required()}", f"{t('Where it stalls')}: {required()}"]
    )
    watch.check("stagnation form with errors")
    assert not Escalation.objects.filter(plan=plan).exists()
    assert not plan.participants.filter(organisation=desk).exists()
    assert plan.versions.count() == versions

    # Moving on without the current step's outcome: the ladder stays where it is.
    field(page, t("What stalls")).fill("GGZ start niet.")
    field(page.get_by_role("group", name=shown(t("Where it stalls"))), care_org.name).check()
    page.get_by_role("button", name=t("Report the stagnation"), exact=True).click()
    expect(success(page)).to_have_text(t("The stagnation was put to the process-direction desk."))
    escalation = Escalation.objects.get(plan=plan)
    card = action(page, t("Next step"))
    field(card, t("Next step")).select_option(label=label(StepKind.MEETING))
    card.get_by_role("button", name=t("Record the outcome and go to the next step")).click()
    card = action(page, t("Next step"))
    expect(card.locator(".error-summary").get_by_role("link")).to_have_text(
        [f"{t('Outcome of the current step')}: {required()}"]
    )
    expect(field(card, t("Outcome of the current step"))).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[aria-current='step']")).to_contain_text(label(StepKind.DESK_ADVICE))
    watch.check("escalation, next step with an error")
    escalation.refresh_from_db()
    assert escalation.current_step == Step.DESK_ADVICE
    assert EscalationStep.objects.filter(escalation=escalation).count() == 1
    assert EscalationStep.objects.get(escalation=escalation).completed_at is None
    watch.assert_clean()
