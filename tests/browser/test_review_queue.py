"""The review queue in a real browser: a person registered twice is proposed by the store
deduplication, a VT worker opens the proposal, sees why the records match, keeps one record and
merges the other into it, then finds the merge in the history with its undo.

Run with ``pytest -m browser -p no:xdist tests/browser``.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import label, log_in, screenshot, set_password, t, t_pattern
from django.utils import timezone
from test_case_journey import expect, field, success

from ketenzicht.intake.models import Person, ReportPerson, Sex
from ketenzicht.intake.tests.factories import victim_adult
from ketenzicht.linkage import labels
from ketenzicht.linkage.dedupe import store_dedupe
from ketenzicht.linkage.models import MergeProposal, PersonMerge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_proposal_is_reviewed_and_confirmed_in_the_browser(
    page, a11y, vt_worker, vt_org, make_case
):
    born = date(1990, 3, 4)
    make_case(
        received_at=timezone.now() - timezone.timedelta(days=90),
        people=[victim_adult(first_names="Fatima", surname="Jansen", date_of_birth=born)],
    )
    make_case(
        people=[
            victim_adult(
                first_names="Fatima", surname="Janssen", date_of_birth=born, sex=Sex.FEMALE
            )
        ]
    )
    store_dedupe(organisation=vt_org)
    proposal = MergeProposal.objects.get()
    kept = Person.objects.get(surname="Jansen")
    set_password(vt_worker)
    log_in(page, vt_worker)

    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Duplicate persons")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Review proposed merges"))
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row).to_contain_text("Fatima Janssen")
    a11y.check(page, "review queue")

    row.get_by_role("link", name=proposal.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(proposal.reference)
    why = page.get_by_role("region", name=t("Why they are proposed as one person"))
    expect(why.locator(".evidence")).to_contain_text(
        label(labels.EVIDENCE_LABELS["linkage.surname.similar"])
    )
    expect(why).to_contain_text(label(labels.STRENGTH_LABELS["very_likely"]))
    a11y.check(page, "proposal")
    screenshot(page, "review-proposal")

    # Submitting without a reason says why, and merges nothing.
    confirm = page.get_by_role("region", name=t("Merge: one person"))
    choice = t(
        "%(name)s, born %(born)s (record %(number)s)",
        name="Fatima Jansen",
        born="04-03-1990",
        number=kept.pk,
    )
    confirm.get_by_label(choice).check()
    confirm.get_by_role("button", name=t("Merge the records"), exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text(t("This field is required."))
    assert not PersonMerge.objects.exists()
    a11y.check(page, "proposal with an error")

    confirm = page.get_by_role("region", name=t("Merge: one person"))
    confirm.get_by_label(choice).check()
    field(confirm, t("Reason")).fill("Zelfde geboortedatum; achternaam verkeerd gespeld.")
    confirm.get_by_role("button", name=t("Merge the records"), exact=True).click()
    expect(success(page)).to_contain_text(
        t_pattern("Proposal %(ref)s decided: %(n)s record was merged.")
    )
    merge = PersonMerge.objects.get()
    assert (merge.survivor_id, merge.merged_by_id) == (kept.pk, vt_worker.pk)
    assert ReportPerson.objects.filter(person=kept).count() == 2
    expect(page.get_by_text(t("No proposals to review."))).to_be_visible()
    a11y.check(page, "empty review queue")

    page.get_by_role("link", name=t("Merge history"), exact=True).click()
    page.get_by_role("row").filter(has_text="Fatima Janssen").get_by_role("link").click()
    expect(page.get_by_role("button", name=t("Undo the merge"), exact=True)).to_be_visible()
    a11y.check(page, "merge with its undo")
    a11y.assert_clean()
