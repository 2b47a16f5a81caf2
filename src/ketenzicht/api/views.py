"""The endpoints of /api/v1/: thin views over the API's services and selectors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from ketenzicht.api.base import ApiListView, ApiView
from ketenzicht.api.errors import Error, error, error_response, service_errors
from ketenzicht.api.models import ApiReport
from ketenzicht.api.permissions import ClientAuthenticated, request_client
from ketenzicht.api.scopes import Scope
from ketenzicht.api.selectors import report_of_client, report_status, reports_of_client
from ketenzicht.api.serializers import (
    ReportBatchResultSerializer,
    ReportBatchSerializer,
    ReportStatusSerializer,
    ReportSubmissionSerializer,
    submission_of,
)
from ketenzicht.api.services import (
    MessageIdReused,
    SubmissionsRefused,
    api_report_submit,
    api_reports_submit,
)
from ketenzicht.audit.models import AccessAction

# The field names of report_register's ValidationError -> the fields of the submission.
REPORT_SERVICE_FIELDS = {
    "reporter_role": "reporter.role",
    "reporter_name": "reporter.name",
    "reporter_organisation": "reporter.organisation",
    "reporter_phone": "reporter.phone",
    "reporter_email": "reporter.email",
    "meldcode_step": "reporter.meldcode_step",
    "people.*.postcode": "address.postcode",
    "people.*.house_number": "address.house_number",
}


MESSAGE_ID_REUSED = _("This message id was used before for a different report.")


def _client(request: Request) -> Any:
    client = request_client(request)
    assert client is not None  # ClientHasScope let the request through
    return client


class ReportsView(ApiListView):
    """Submit a report (POST) and list the client's own reports (GET)."""

    scopes = {"GET": Scope.REPORTS_READ, "POST": Scope.REPORTS_CREATE}
    service_fields = REPORT_SERVICE_FIELDS
    serializer_class = ReportStatusSerializer

    @extend_schema(
        operation_id="reports_list",
        summary="The client's own reports, newest first (scope reports:read)",
        description="Only the reports this client submitted, paginated.",
        responses={200: ReportStatusSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        client = _client(request)
        page = self.paginate_queryset(reports_of_client(client=client))
        assert page is not None
        self.log_access(
            action=AccessAction.VIEW,
            case_ids=[item.report.case.pk for item in page],
            detail="reports list",
        )
        data = ReportStatusSerializer([report_status(item) for item in page], many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="reports_create",
        summary="Submit a report (scope reports:create); idempotent on message_id",
        description=(
            "Registers the report at the Veilig Thuis organisation of the region of the "
            "household's municipality and answers its reference and the deadline of the safety "
            "assessment (201). A resend with the same message_id and content answers the same "
            "report (200) and registers nothing; different content under a used message_id is "
            "refused (400, code message_id_reused)."
        ),
        request=ReportSubmissionSerializer,
        responses={
            201: ReportStatusSerializer,
            200: ReportStatusSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        client = _client(request)
        serializer = ReportSubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message_id = serializer.validated_data["message_id"]
        try:
            submitted, created = api_report_submit(
                client=client, message_id=message_id, submission=serializer.submission()
            )
        except MessageIdReused as exc:
            raise exceptions.ValidationError(
                {"message_id": [exceptions.ErrorDetail(MESSAGE_ID_REUSED, code=exc.code)]}
            ) from exc
        if created:
            self.logged()  # api_report_submit wrote the entry with the report
        else:
            self.log_access(
                action=AccessAction.VIEW,
                case_ids=(submitted.report.case.pk,),
                detail=f"report resent message_id={message_id}",
            )
        # A new report has no handover or feedback yet: its status needs no second read.
        current = submitted if created else _statuses(client, [submitted])[submitted.pk]
        body = ReportStatusSerializer(report_status(current)).data
        location = reverse("api:report", kwargs={"reference": current.report.reference})
        return Response(
            body,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": location},
        )


class ReportBatchView(ApiView):
    """Submit many reports in one call."""

    scopes = {"POST": Scope.REPORTS_CREATE}
    service_fields = REPORT_SERVICE_FIELDS

    @extend_schema(
        operation_id="reports_batch_create",
        summary="Submit up to 100 reports in one call (scope reports:create); all or nothing",
        description=(
            "Each report as in POST /api/v1/reports, with its own message_id; they are "
            "registered together in one transaction, so a sender with a queue (e.g. after an "
            "outage) delivers it quickly. If any report is refused, none is registered and "
            "every refusal names its report: field reports.<index>.<field> (400). A message_id "
            "used before with the same content is a resend (created false) and registers "
            "nothing. Answers every report's status in the order sent: 201 if this call "
            "registered at least one, 200 if all were resends."
        ),
        request=ReportBatchSerializer,
        responses={201: ReportBatchResultSerializer, 200: ReportBatchResultSerializer},
    )
    def post(self, request: Request) -> Response:
        client = _client(request)
        serializer = ReportBatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submissions = [
            (data["message_id"], submission_of(data))
            for data in serializer.validated_data["reports"]
        ]
        try:
            answers = api_reports_submit(client=client, submissions=submissions)
        except SubmissionsRefused as exc:
            return error_response(self._refusals(exc), status.HTTP_400_BAD_REQUEST)
        created = [submitted for submitted, new in answers if new]
        resent = [submitted for submitted, new in answers if not new]
        if resent:
            self.log_access(
                action=AccessAction.VIEW,
                case_ids=sorted({submitted.report.case.pk for submitted in resent}),
                detail=f"reports resent in a batch ({len(resent)})",
            )
        else:
            self.logged()  # api_reports_submit wrote an entry with every report
        current = _statuses(client, resent)
        body = ReportBatchResultSerializer(
            {
                "reports": [
                    {
                        "created": new,
                        "report": report_status(submitted if new else current[submitted.pk]),
                    }
                    for submitted, new in answers
                ]
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _refusals(self, exc: SubmissionsRefused) -> list[Error]:
        errors: list[Error] = []
        for index, refusal in exc.by_index.items():
            prefix = f"reports.{index}"
            if isinstance(refusal, MessageIdReused):
                errors.append(error(refusal.code, str(MESSAGE_ID_REUSED), f"{prefix}.message_id"))
                continue
            for item in service_errors(refusal, self.service_fields):
                field = item["field"]
                errors.append({**item, "field": prefix if field is None else f"{prefix}.{field}"})
        return errors


def _statuses(client: Any, submissions: list[ApiReport]) -> dict[int, ApiReport]:
    """The resent reports read again with what their status needs (one read for all)."""
    if not submissions:
        return {}
    return {
        found.pk: found
        for found in reports_of_client(client=client).filter(
            pk__in=[submitted.pk for submitted in submissions]
        )
    }


class ReportView(ApiView):
    """The status of one of the client's own reports."""

    scopes = {"GET": Scope.REPORTS_READ}

    @extend_schema(
        operation_id="reports_retrieve",
        summary="Status, outcome code and feedback of an own report (scope reports:read)",
        description=(
            "outcome: in_progress, not_admissible, wrongly_addressed, no_follow_up, "
            "follow_up_by_vt, handover or closed_without_handover (comparable to the national "
            "JZV codes of reports). feedback: the duties to inform the reporter, with when they "
            "were met. Another client's report is not found (404)."
        ),
        parameters=[
            OpenApiParameter(
                "reference",
                str,
                OpenApiParameter.PATH,
                description="The report's reference, e.g. M0000301.",
            )
        ],
        responses={200: ReportStatusSerializer},
    )
    def get(self, request: Request, reference: str) -> Response:
        found = report_of_client(client=_client(request), reference=reference)
        if found is None:
            raise exceptions.NotFound(_("No report of this client has this reference."))
        self.log_access(
            action=AccessAction.VIEW, case_ids=(found.report.case.pk,), detail="report status"
        )
        return Response(ReportStatusSerializer(report_status(found)).data)


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Any other path under /api/v1/: the error shape, not Django's HTML page."""

    permission_classes = [ClientAuthenticated]

    def _refuse(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound()

    get = post = put = patch = delete = _refuse
