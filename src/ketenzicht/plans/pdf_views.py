"""The household plan as a PDF for the household (``plans.pdf``), logged as PRINT.

Who may print: whoever sees the plan (``selectors.plan_for_page``: the participants, the
directors, the case's own Veilig Thuis); anyone else gets 404, the plan's existence included.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.organisations.access import AuthenticatedHttpRequest, roles_required
from ketenzicht.organisations.models import VT_ROLES, Role
from ketenzicht.plans.models import HouseholdPlan
from ketenzicht.plans.pdf import plan_pdf
from ketenzicht.plans.selectors import plan_for_page


def plan_pdf_filename(plan: HouseholdPlan) -> str:
    return f"gezinsplan-{plan.reference}-versie-{plan.version}-{timezone.localdate():%Y%m%d}.pdf"


@require_safe
@roles_required(Role.CHAIN_PROFESSIONAL, *VT_ROLES)
def plan_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan's current version as a PDF download."""
    try:
        plan = plan_for_page(request.user, pk)
    except HouseholdPlan.DoesNotExist:
        raise Http404 from None
    data = plan_pdf(plan, user=request.user)
    access_record(
        request=request,
        action=AccessAction.PRINT,
        case_ids=(plan.case_id,),
        person_ids=[
            pid
            for pid in plan.members.filter(person__isnull=False).values_list("person_id", flat=True)
            if pid is not None
        ],
        household_ids=(plan.household_id,),
        detail=f"plan {plan.pk}: household PDF of version {plan.version}",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_pdf_filename(plan)}"'
    response["Cache-Control"] = "no-store"
    return response
