"""Which refused requests the middleware logs as DENIED: refusals of access or of a tampered
request, not every 400 (a wrong second-factor code) nor a form with errors (422)."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse, HttpResponseBadRequest
from django.test import RequestFactory
from django.urls import reverse

from ketenzicht.accounts.testing import force_login_unverified, totp_device_for
from ketenzicht.audit.middleware import AccessLogMiddleware, refused
from ketenzicht.audit.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db


def denied() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(action=AccessAction.DENIED).order_by("sequence"))


def test_a_form_with_errors_is_not_a_refusal(client, administrator, make_case):
    client.force_login(administrator)
    response = client.post(
        reverse("retention:break_glass"), {"case_reference": make_case().reference, "reason": "x"}
    )
    assert response.status_code == 422
    assert denied() == []


def test_a_wrong_second_factor_code_is_a_failed_login_not_a_refusal(client, vt_worker):
    totp_device_for(vt_worker)
    force_login_unverified(client, vt_worker)
    response = client.post(reverse("accounts:second_factor"), {"token": "123456"})
    assert response.status_code == 400
    assert denied() == []
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED).exists()


def test_an_oversized_request_is_a_refusal(client, intake_worker, settings):
    client.force_login(intake_worker)
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert client.post(reverse("intake:report_new"), {"summary": body}).status_code == 400
    [entry] = denied()
    assert entry.user_id == intake_worker.pk
    assert entry.detail == "refused (400) intake:report_new"


def test_an_export_format_no_page_offers_is_a_refusal(client, vt_worker):
    client.force_login(vt_worker)
    response = client.get(reverse("casework:queue_export"), {"format": "xml"})
    assert response.status_code == 400
    [entry] = denied()
    assert entry.detail == "refused (400) casework:queue_export"


def test_a_forged_row_prefix_on_the_radar_is_a_refusal(client, intake_worker):
    client.force_login(intake_worker)
    response = client.post(reverse("intake:person_candidates"), {"prefix": "people-0'><script>"})
    assert response.status_code == 400
    assert [e.detail for e in denied()] == ["refused (400) intake:person_candidates"]


def _through_middleware(intake_worker, view):
    request = RequestFactory().get("/")
    request.user = intake_worker
    middleware = AccessLogMiddleware(lambda r: view(r))
    return middleware, request


def test_only_a_marked_bad_request_is_logged(intake_worker):
    plain, request = _through_middleware(intake_worker, lambda r: HttpResponseBadRequest())
    plain(request)
    assert denied() == []
    marked, request = _through_middleware(
        intake_worker, lambda r: refused(HttpResponseBadRequest())
    )
    marked(request)
    assert len(denied()) == 1


def test_a_suspicious_operation_in_a_view_is_a_refusal_even_with_debug_pages(intake_worker):
    def view(request):
        try:
            raise SuspiciousOperation("forged")
        except SuspiciousOperation as exc:
            # What Django's handler does: the middleware's hook, then the (debug) 400 page.
            middleware.process_exception(request, exc)
            return HttpResponse(status=400)

    middleware, request = _through_middleware(intake_worker, view)
    middleware(request)
    assert len(denied()) == 1
