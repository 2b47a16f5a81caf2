"""/api/v1/handovers: a receiving organisation's own system fetches and answers its handovers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from ketenzicht.api.base import ApiListView, ApiView
from ketenzicht.api.handover_selectors import (
    handover_detail,
    handover_of_client,
    handover_people_ids,
    handover_summary,
    handovers_of_client,
)
from ketenzicht.api.handover_serializers import (
    HandoverAcceptSerializer,
    HandoverFilterSerializer,
    HandoverRefuseSerializer,
    HandoverSerializer,
    HandoverSummarySerializer,
    ParticipationReportSerializer,
    ParticipationSerializer,
)
from ketenzicht.api.handover_services import (
    HandoverAnswered,
    api_handover_accept,
    api_handover_refuse,
    api_participation_report,
)
from ketenzicht.api.permissions import request_client
from ketenzicht.api.schema import ErrorSerializer
from ketenzicht.api.scopes import Scope
from ketenzicht.api.serializers import StrictSerializer
from ketenzicht.audit.models import AccessAction
from ketenzicht.casework.models import Handover

# The largest id a database integer holds: a larger one in the path is simply not found.
MAX_ID = 2**31 - 1
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This handover was answered before.")
    default_code = "already_answered"


def _client(request: Request) -> Any:
    client = request_client(request)
    assert client is not None  # ClientHasScope let the request through
    return client


class _HandoverView(ApiView):
    """One handover to the client's organisation; another's (or none) is a 404."""

    def handover(self, request: Request, handover_id: int) -> Handover:
        found = (
            handover_of_client(client=_client(request), handover_id=handover_id)
            if 0 < handover_id <= MAX_ID
            else None
        )
        if found is None:
            raise exceptions.NotFound(_("No handover to this client's organisation has this id."))
        return found

    def answer(self, request: Request, handover_id: int) -> Response:
        """The handover as it is now (after a change: read again)."""
        return Response(
            HandoverSerializer(handover_detail(self.handover(request, handover_id))).data
        )


class HandoversView(ApiListView):
    scopes = {"GET": Scope.HANDOVERS_READ}
    serializer_class = HandoverSummarySerializer

    @extend_schema(
        operation_id="handovers_list",
        summary="Handovers to the client's organisation, open first (scope handovers:read)",
        description=(
            "The handovers Veilig Thuis offered to the client's own organisation (as its "
            "handover inbox shows them: no names, no address), paginated; ?status= filters."
        ),
        parameters=[HandoverFilterSerializer],
        responses={200: HandoverSummarySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        query = HandoverFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        handovers = handovers_of_client(
            client=_client(request), status=query.validated_data["status"]
        )
        page = self.paginate_queryset(handovers)
        assert page is not None
        self.log_access(
            action=AccessAction.SEARCH,
            case_ids=[handover.case_id for handover in page],
            detail="handovers list",
        )
        data = HandoverSummarySerializer([handover_summary(h) for h in page], many=True).data
        return self.get_paginated_response(data)


class HandoverView(_HandoverView):
    scopes = {"GET": Scope.HANDOVERS_READ}

    @extend_schema(
        operation_id="handovers_retrieve",
        summary="One handover to the client's organisation (scope handovers:read)",
        description=(
            "What a professional of the receiving organisation sees on the handover page: the "
            "household's address, the kinds of violence, the people involved (name, role, date "
            "of birth), the summary of the safety assessment and the safety conditions. A "
            "handover to another organisation is not found (404)."
        ),
        parameters=[ID_PARAMETER],
        responses={200: HandoverSerializer},
    )
    def get(self, request: Request, handover_id: int) -> Response:
        handover = self.handover(request, handover_id)
        self.log_access(
            action=AccessAction.VIEW,
            case_ids=(handover.case_id,),
            person_ids=handover_people_ids(handover),
            household_ids=(handover.case.report.household_id,),
            detail=f"handover {handover.pk}",
        )
        return Response(HandoverSerializer(handover_detail(handover)).data)


class _HandoverAnswerView(_HandoverView):
    """Accept or refuse: the body checked, the service called, the handover answered."""

    scopes = {"POST": Scope.HANDOVERS_WRITE}
    body_class: type[StrictSerializer]

    def run(self, client: Any, handover: Handover, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: Request, handover_id: int) -> Response:
        handover = self.handover(request, handover_id)
        body = self.body_class(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            self.run(_client(request), handover, body.validated_data)
        except HandoverAnswered as exc:
            raise Conflict() from exc
        self.logged()  # the service wrote the client's entry with the change
        return self.answer(request, handover_id)


class HandoverAcceptView(_HandoverAnswerView):
    body_class = HandoverAcceptSerializer

    def run(self, client: Any, handover: Handover, data: dict[str, Any]) -> None:
        api_handover_accept(client=client, handover=handover, note=data["note"])

    @extend_schema(
        operation_id="handovers_accept",
        summary="Accept a handover (scope handovers:write)",
        description=(
            "The client's organisation takes over; monitoring by Veilig Thuis is planned when it "
            "follows. Answers the handover. An answered handover is refused (409)."
        ),
        parameters=[ID_PARAMETER],
        request=HandoverAcceptSerializer,
        responses={200: HandoverSerializer, 409: ErrorSerializer},
    )
    def post(self, request: Request, handover_id: int) -> Response:
        return super().post(request, handover_id)


class HandoverRefuseView(_HandoverAnswerView):
    body_class = HandoverRefuseSerializer

    def run(self, client: Any, handover: Handover, data: dict[str, Any]) -> None:
        api_handover_refuse(client=client, handover=handover, reason=data["reason"])

    @extend_schema(
        operation_id="handovers_refuse",
        summary="Refuse a handover with a reason (scope handovers:write)",
        description=(
            "The handover returns to Veilig Thuis, which assesses anew. The reason is required. "
            "An answered handover is refused (409)."
        ),
        parameters=[ID_PARAMETER],
        request=HandoverRefuseSerializer,
        responses={200: HandoverSerializer, 409: ErrorSerializer},
    )
    def post(self, request: Request, handover_id: int) -> Response:
        return super().post(request, handover_id)


class HandoverParticipationView(_HandoverView):
    scopes = {"POST": Scope.HANDOVERS_WRITE}

    @extend_schema(
        operation_id="handovers_participation",
        summary="Report on the help after the handover (scope handovers:write)",
        description=(
            "Monitoring is Veilig Thuis's own work, so a partner does not answer it. What the "
            "receiving organisation reports is what it tells the case director of the household "
            "plan drawn up from the handover (BRIEF §4): help started (start), ended (end), "
            "broken off (break_off), the client repeatedly not showing up (no_show), moved to "
            "another worker (transfer), a proposal for other help (proposal). Without a plan "
            "drawn up from the handover it is refused (400, code no_plan)."
        ),
        parameters=[ID_PARAMETER],
        request=ParticipationSerializer,
        responses={201: ParticipationReportSerializer},
    )
    def post(self, request: Request, handover_id: int) -> Response:
        handover = self.handover(request, handover_id)
        body = ParticipationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = api_participation_report(
            client=_client(request),
            handover=handover,
            kind=body.validated_data["kind"],
            note=body.validated_data["note"],
        )
        self.logged()
        data = {
            "id": report.pk,
            "plan_reference": report.plan.reference,
            "kind": report.kind,
            "note": report.note,
            "reported_at": report.reported_at,
        }
        return Response(ParticipationReportSerializer(data).data, status=status.HTTP_201_CREATED)
