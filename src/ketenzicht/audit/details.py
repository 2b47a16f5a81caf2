"""The access log's *What* column in the reader's language.

An entry's ``detail`` is stored as the code wrote it, in English (``plan 12: member_add``,
``work queue team, page 3``): it is part of the hash chain, so it never changes once written.
:func:`describe` translates it when it is shown: every known phrase of a stored detail is
replaced by its label (``gettext``), and whatever is not a phrase — numbers, references, file
names, user names, message ids — stays as it was. A detail the table does not know is shown as
stored, never hidden. ``tests/test_details.py`` reads every detail the code writes and checks
that none is left in English.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

# A stored phrase -> its label. Service verbs (snake_case) are what was done; the rest are the
# pages, lists and forms that were viewed, and the words around the ids in a detail.
PHRASES: dict[str, Promise] = {
    # casework and intake
    "report_register": pgettext_lazy("access log", "report registered"),
    "advice_request_register": pgettext_lazy("access log", "advice request registered"),
    "assessment_propose": pgettext_lazy("access log", "safety assessment proposed"),
    "assessment_review": pgettext_lazy("access log", "safety assessment reviewed"),
    "case_assign": pgettext_lazy("access log", "case assigned"),
    "case_close": pgettext_lazy("access log", "case closed"),
    "case_reassess": pgettext_lazy("access log", "case reassessed"),
    "case_reopen": pgettext_lazy("access log", "case reopened"),
    "handover_accept": pgettext_lazy("access log", "handover accepted"),
    "handover_offer": pgettext_lazy("access log", "handover offered"),
    "handover_refuse": pgettext_lazy("access log", "handover refused"),
    "investigation_conclude": pgettext_lazy("access log", "investigation concluded"),
    "investigation_start": pgettext_lazy("access log", "investigation started"),
    "monitoring_record": pgettext_lazy("access log", "monitoring recorded"),
    "restraining_order_end": pgettext_lazy("access log", "restraining order ended"),
    "restraining_order_extend": pgettext_lazy("access log", "restraining order extended"),
    "restraining_order_register": pgettext_lazy("access log", "restraining order registered"),
    "task_complete": pgettext_lazy("access log", "task completed"),
    "task_extend": pgettext_lazy("access log", "task extended"),
    "task_add": pgettext_lazy("access log", "task added"),
    "task_cancel": pgettext_lazy("access log", "task cancelled"),
    "vv_complete": pgettext_lazy("access log", "V&V completed"),
    "work queue": pgettext_lazy("access log", "work queue"),
    "case action form": pgettext_lazy("access log", "case action form"),
    "case page": pgettext_lazy("access log", "case page"),
    "break-glass": pgettext_lazy("access log", "break-glass"),
    "handover page": pgettext_lazy("access log", "handover page"),
    "handover inbox": pgettext_lazy("access log", "handover inbox"),
    "advice requests": pgettext_lazy("access log", "advice requests"),
    "advice request": pgettext_lazy("access log", "advice request"),
    "to convert": pgettext_lazy("access log", "to convert"),
    "intake radar": pgettext_lazy("access log", "intake radar"),
    "linked to a known person": pgettext_lazy("access log", "linked to a known person"),
    "candidates": pgettext_lazy("access log", "candidates"),
    "row": pgettext_lazy("access log", "row"),
    # household plans, MDA++ and escalation
    "plan_create": pgettext_lazy("access log", "plan created"),
    "member_add": pgettext_lazy("access log", "household member added"),
    "member_remove": pgettext_lazy("access log", "household member removed"),
    "participant_add": pgettext_lazy("access log", "participant added"),
    "participant_remove": pgettext_lazy("access log", "participant removed"),
    "participation_handle": pgettext_lazy("access log", "participation handled"),
    "participation_report": pgettext_lazy("access log", "participation reported"),
    "result_add": pgettext_lazy("access log", "result added"),
    "result_remove": pgettext_lazy("access log", "result removed"),
    "safety_condition_add": pgettext_lazy("access log", "safety condition added"),
    "safety_condition_end": pgettext_lazy("access log", "safety condition ended"),
    "evaluation_plan": pgettext_lazy("access log", "evaluation planned"),
    "evaluation_record": pgettext_lazy("access log", "evaluation recorded"),
    "activate": pgettext_lazy("access log", "activated"),
    "approach": pgettext_lazy("access log", "approach"),
    "assessment": pgettext_lazy("access log", "assessment"),
    "involvement": pgettext_lazy("access log", "involvement"),
    "close": pgettext_lazy("access log", "closed"),
    "note": pgettext_lazy("access log", "note"),
    "household plans and director's queue": pgettext_lazy(
        "access log", "household plans and director's queue"
    ),
    "plan create page": pgettext_lazy("access log", "plan create page"),
    "household PDF of version": pgettext_lazy("access log", "household PDF of version"),
    "plan versions": pgettext_lazy("access log", "plan versions"),
    "plan form": pgettext_lazy("access log", "plan form"),
    "plan page": pgettext_lazy("access log", "plan page"),
    "plan feed": pgettext_lazy("access log", "plan feed"),
    "compared": pgettext_lazy("access log", "compared"),
    "team list": pgettext_lazy("access log", "team list"),
    "trajectory page": pgettext_lazy("access log", "trajectory page"),
    "form": pgettext_lazy("access log", "form"),
    "direction_hand_back": pgettext_lazy("access log", "case direction handed back"),
    "administrative_decision_confirm": pgettext_lazy(
        "access log", "administrative decision confirmed"
    ),
    "administrative_decision_record": pgettext_lazy(
        "access log", "administrative decision recorded"
    ),
    "binding_decision_compliance_record": pgettext_lazy(
        "access log", "compliance with binding decision recorded"
    ),
    "binding_decision_record": pgettext_lazy("access log", "binding decision recorded"),
    "direction_failure_report": pgettext_lazy("access log", "failing case direction reported"),
    "direction_failure_resolve": pgettext_lazy("access log", "failing case direction resolved"),
    "escalation_advance": pgettext_lazy("access log", "escalation moved to step"),
    "escalation_resolve": pgettext_lazy("access log", "escalation resolved"),
    "meeting_agreements_record": pgettext_lazy("access log", "agreements of the meeting recorded"),
    "process_director_appoint": pgettext_lazy("access log", "process director appointed"),
    "stagnation_raise": pgettext_lazy("access log", "stagnation raised"),
    "urgent_care_meeting_call": pgettext_lazy("access log", "urgent care meeting called"),
    "urgent_care_meeting_record": pgettext_lazy("access log", "urgent care meeting recorded"),
    "escalation desk queue": pgettext_lazy("access log", "escalation desk queue"),
    "raise stagnation on plan": pgettext_lazy("access log", "raise stagnation on plan"),
    "direction failure form on plan": pgettext_lazy(
        "access log", "failing case direction form on plan"
    ),
    "direction failure report": pgettext_lazy("access log", "failing case direction report"),
    "hand back direction of plan": pgettext_lazy("access log", "hand back case direction of plan"),
    "reassigned": pgettext_lazy("access log", "reassigned"),
    "rejected": pgettext_lazy("access log", "rejected"),
    "escalation": pgettext_lazy("access log", "escalation"),
    "plan": pgettext_lazy("access log", "plan"),
    # the radar's person linkage
    "person_merge": pgettext_lazy("access log", "persons merged"),
    "person_unmerge": pgettext_lazy("access log", "merge undone"),
    "proposal_reject": pgettext_lazy("access log", "merge proposal rejected"),
    "merge page": pgettext_lazy("access log", "merge page"),
    "person page": pgettext_lazy("access log", "person page"),
    "merge proposals": pgettext_lazy("access log", "merge proposals"),
    "merge proposal": pgettext_lazy("access log", "merge proposal"),
    "merges": pgettext_lazy("access log", "merges"),
    "possible duplicates of person": pgettext_lazy("access log", "possible duplicates of person"),
    # the API and notifications
    "api": pgettext_lazy("access log", "API"),
    "report submitted": pgettext_lazy("access log", "report submitted"),
    "report resent": pgettext_lazy("access log", "report resent"),
    "reports resent in a batch": pgettext_lazy("access log", "reports resent in a batch"),
    "report status": pgettext_lazy("access log", "report status"),
    "reports list": pgettext_lazy("access log", "reports list"),
    "handovers list": pgettext_lazy("access log", "handovers list"),
    "handover": pgettext_lazy("access log", "handover"),
    "participation": pgettext_lazy("access log", "participation"),
    "accepted": pgettext_lazy("access log", "accepted"),
    "figures catalogue": pgettext_lazy("access log", "figures catalogue"),
    "figures": pgettext_lazy("access log", "figures"),
    "answered": pgettext_lazy("access log", "answered"),
    "refused": pgettext_lazy("access log", "refused"),
    "webhook_delivery_retry": pgettext_lazy("access log", "notification sent again"),
    "webhook_subscription_create": pgettext_lazy("access log", "notification subscription created"),
    "webhook_subscription_deactivate": pgettext_lazy(
        "access log", "notification subscription ended"
    ),
    # oversight, retention, subject access
    "access log of a person": pgettext_lazy("access log", "access log of a person"),
    "access log of user": pgettext_lazy("access log", "access log of user"),
    "access log": pgettext_lazy("access log", "access log"),
    "person search": pgettext_lazy("access log", "person search"),
    "unusual access": pgettext_lazy("access log", "unusual access"),
    "found": pgettext_lazy("access log", "found"),
    "export": pgettext_lazy("access log", "export"),
    "rows": pgettext_lazy("access log", "rows"),
    "page": pgettext_lazy("access log", "page"),
    "to": pgettext_lazy("access log", "to"),
    "break-glass access opened for": pgettext_lazy("access log", "break-glass access opened for"),
    "minutes": pgettext_lazy("access log", "minutes"),
    "case file": pgettext_lazy("access log", "case file"),
    "destroyed": pgettext_lazy("access log", "destroyed"),
    "erasure request form": pgettext_lazy("access log", "erasure request form"),
    "erasure request": pgettext_lazy("access log", "erasure request"),
    "registered": pgettext_lazy("access log", "registered"),
    "subject access page": pgettext_lazy("access log", "subject access page"),
    "subject access search": pgettext_lazy("access log", "subject access search"),
    "subject access": pgettext_lazy("access log", "subject access"),
    "reports": pgettext_lazy("access log", "reports"),
    # steering figures, finance and the action programme
    "half-year report": pgettext_lazy("access log", "half-year report"),
    "CBS delivery file": pgettext_lazy("access log", "CBS delivery file"),
    "with BSN": pgettext_lazy("access log", "with BSN"),
    "steering figures": pgettext_lazy("access log", "steering figures"),
    "aggregates only": pgettext_lazy("access log", "aggregates only"),
    "pages": pgettext_lazy("access log", "pages"),
    "finance": pgettext_lazy("access log", "finance"),
    "budget year": pgettext_lazy("access log", "budget year"),
    "budget line": pgettext_lazy("access log", "budget line"),
    "population import for the budget of": pgettext_lazy(
        "access log", "population import for the budget of"
    ),
    "membership": pgettext_lazy("access log", "membership"),
    "joined": pgettext_lazy("access log", "joined"),
    "left": pgettext_lazy("access log", "left"),
    "added to": pgettext_lazy("access log", "added to"),
    "removed from": pgettext_lazy("access log", "removed from"),
    "cents": pgettext_lazy("access log", "cents"),
    "key": pgettext_lazy("access log", "key"),
    "new": pgettext_lazy("access log", "new"),
    "replaced": pgettext_lazy("access log", "replaced"),
    "programme": pgettext_lazy("access log", "programme"),
    "governance body": pgettext_lazy("access log", "governance body"),
    "meeting": pgettext_lazy("access log", "meeting"),
    "decisions": pgettext_lazy("access log", "decisions"),
    "period": pgettext_lazy("access log", "period"),
    "ambition": pgettext_lazy("access log", "ambition"),
    "action table": pgettext_lazy("access log", "action table"),
    "actions": pgettext_lazy("access log", "actions"),
    "action": pgettext_lazy("access log", "action"),
    "project": pgettext_lazy("access log", "project"),
    "contact": pgettext_lazy("access log", "contact"),
    "line": pgettext_lazy("access log", "line"),
    "years": pgettext_lazy("access log", "years"),
    "evaluation": pgettext_lazy("access log", "evaluation"),
    "from YAML": pgettext_lazy("access log", "from YAML"),
    "moved": pgettext_lazy("access log", "moved"),
    "up": pgettext_lazy("access log", "up"),
    "down": pgettext_lazy("access log", "down"),
    "status": pgettext_lazy("access log", "status"),
    "created": pgettext_lazy("access log", "created"),
    "changed": pgettext_lazy("access log", "changed"),
    "added": pgettext_lazy("access log", "added"),
    "removed": pgettext_lazy("access log", "removed"),
    "deleted": pgettext_lazy("access log", "deleted"),
    "set": pgettext_lazy("access log", "set"),
    "as": pgettext_lazy("access log", "as"),
    "and": pgettext_lazy("access log", "and"),
    "of": pgettext_lazy("access log", "of"),
    # signing in
    "password step; our second factor follows": pgettext_lazy(
        "access log", "password step; our second factor follows"
    ),
    "second factor by the provider": pgettext_lazy("access log", "second factor by the provider"),
    "second factor enrolled": pgettext_lazy("access log", "second factor enrolled"),
    "second factor": pgettext_lazy("access log", "second factor"),
    "enrolment": pgettext_lazy("access log", "enrolment"),
    "wrong code": pgettext_lazy("access log", "wrong code"),
    "no user for this": pgettext_lazy("access log", "no user for this"),
    "locked out": pgettext_lazy("access log", "locked out"),
    "password": pgettext_lazy("access log", "password"),
}

# The views of the work queue (``casework.selectors.QUEUE_VIEWS``) by their titles.
QUEUE_TITLES: dict[str, Promise] = {
    "mine": gettext_lazy("My cases"),
    "team": gettext_lazy("My team"),
    "overdue": gettext_lazy("Overdue"),
    "week": gettext_lazy("Due this week"),
    "review": gettext_lazy("Awaiting review"),
}

# The work queue by its view's title: "work queue team" -> "work queue 'My team'".
_QUEUES = {f"work queue {view}": title for view, title in QUEUE_TITLES.items()}

# A phrase counts only as a whole: not inside a word, a file name, a user name or a reference.
_EDGE = r"[\w./=@'&+-]"
_PATTERN = re.compile(
    "|".join(
        rf"(?<!{_EDGE}){re.escape(phrase)}(?!{_EDGE})"
        for phrase in sorted([*PHRASES, *_QUEUES], key=len, reverse=True)
    )
)


def _label(match: re.Match[str]) -> str:
    phrase = match.group(0)
    if phrase in _QUEUES:
        return f"{PHRASES['work queue']} '{_QUEUES[phrase]}'"
    return str(PHRASES[phrase])


def describe(detail: str) -> str:
    """``detail`` as stored, in the current language (see the module's docstring)."""
    return _PATTERN.sub(_label, detail)
