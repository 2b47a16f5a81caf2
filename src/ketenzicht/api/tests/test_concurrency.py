"""Concurrent resends of one message id never make a second report (PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from ketenzicht.api.models import ApiReport
from ketenzicht.api.tests.conftest import submission
from ketenzicht.intake.models import Report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]

THREADS = 8


def test_concurrent_resends_register_one_report(police_client):
    data = submission()
    barrier = threading.Barrier(THREADS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            barrier.wait()
            response = Client().post(
                "/api/v1/reports",
                data=data,
                content_type="application/json",
                headers={"Authorization": f"Bearer {police_client.token}"},
            )
            with lock:
                answers.append((response.status_code, response.json().get("reference", "")))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(code for code, _ref in answers)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert len({ref for _code, ref in answers}) == 1
    assert Report.objects.count() == 1
    assert ApiReport.objects.count() == 1
