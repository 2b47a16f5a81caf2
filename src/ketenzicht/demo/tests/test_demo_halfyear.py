"""On the demo, the policy officer makes the half-year report from the dashboard and downloads
it: the PDF holds the region's figures and no person (issue P4)."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from ketenzicht.intake.models import Person
from ketenzicht.organisations.models import User

pytestmark = pytest.mark.django_db

FORM = re.compile(
    r'<form method="post" action="(/[^"]*halfjaarrapportage/)"[^>]*>(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">')
LINK = re.compile(r'href="(/[^"]*halfjaarrapportage/\d+/pdf/)"')


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_policy_officer_makes_and_downloads_the_half_year_report(db: None) -> None:
    call_command("demo_load", verbosity=0, reports=40, advice=10)
    client = Client()
    client.force_login(User.objects.get(username="beleid"))
    dashboard = client.get("/stuurinformatie/?regio=1").content.decode()
    found = FORM.search(dashboard)
    assert found, "the dashboard offers the half-year report"
    action, form = found.groups()
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(form)}
    assert fields["regio"] == "1" and "-H" in fields["periode"]
    job_page = client.post(action, fields, follow=True)
    assert job_page.status_code == 200
    page = job_page.content.decode()
    assert "<progress" in page
    link = LINK.search(page)
    assert link, "the finished job offers its PDF"
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dordrecht" in text and "Zwijndrecht" in text
    people = {p.full_name for p in Person.objects.all() if len(p.full_name) > 8}
    assert people and not [name for name in people if name in text]
