"""On the demo, each persona sees exactly what it should (issue P3's "done").

Each persona logs in and follows every link it is shown, as a curious user would, page after
page; what the pages say is then checked against what the persona may know. A policy officer, the
administrator and the privacy officer never see a person of a case file (the privacy officer
sees whom the access log names, on its own pages only); a chain
professional sees only the people of the households handed over to their own organisation; a
shielded reporter is named to Veilig Thuis roles only; no page of any persona fails.
"""

from __future__ import annotations

import html
import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.casework.models import Handover
from ketenzicht.intake.models import Person, Report
from ketenzicht.organisations.models import User

pytestmark = pytest.mark.django_db

HREF = re.compile(r"""href=["']([^"'#][^"']*)["']""")
TAGS = re.compile(r"<[^>]+>")
# Links a crawl must not follow: leaving, static files, and GET endpoints that change the session.
SKIP = ("/static/", "/uitloggen", "/sessie/", "/inloggen")
PAGE_LIMIT = 120
ACCESS_LOG = "/toezicht/"


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo_load", verbosity=0, reports=40, advice=10)


def crawl(username: str) -> dict[str, str]:
    """Every page reachable by links from the start page (up to PAGE_LIMIT): path -> its text.
    Fails on any server error."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen: dict[str, str] = {}
    queue = deque(["/"])
    queued = {"/"}
    while queue and len(seen) < PAGE_LIMIT:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code < 500, f"{username}: {path} answered {response.status_code}"
        if response.status_code in (301, 302) and response["Location"] not in queued:
            queued.add(response["Location"])
            queue.append(response["Location"])
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        seen[path] = html.unescape(TAGS.sub(" ", body))
        for href in HREF.findall(body):
            link = urldefrag(html.unescape(href))[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue
            if link.startswith(SKIP) or link in queued:
                continue
            queued.add(link)
            queue.append(link)
    assert seen, f"{username} reached no page"
    return seen


def names(people: Any) -> set[str]:
    """Full names of persons that cannot be mistaken for a user's own name."""
    users = {f"{u.first_name} {u.last_name}" for u in User.objects.all()}
    return {p.full_name for p in people if len(p.full_name) > 8} - users


def shown(pages: dict[str, str], wanted: set[str]) -> dict[str, str]:
    """Which of ``wanted`` appears on which page."""
    return {name: path for path, text in pages.items() for name in wanted if name in text}


@pytest.mark.parametrize("username", ["beleid", "beheer", "privacy"])
def test_policy_officer_administrator_and_privacy_officer_pages_show_no_person(
    demo: None, username: str
) -> None:
    pages = crawl(username)
    if username == "privacy":
        # The access log names whom a user looked at: that is the privacy officer's work. No
        # other page they reach may (no case file, no report).
        assert any(path.startswith(ACCESS_LOG) for path in pages)
        pages = {path: text for path, text in pages.items() if not path.startswith(ACCESS_LOG)}
    if username == "beheer":
        assert sum(path.startswith("/beheer/") for path in pages) > 5  # the crawl got in
    people = names(Person.objects.all())
    assert people
    assert shown(pages, people) == {}
    reporters = {r.reporter_name for r in Report.objects.exclude(reporter_name="")}
    assert shown(pages, {n for n in reporters if len(n) > 8}) == {}


@pytest.mark.parametrize(
    "username", ["wijkteam.dordrecht", "politie", "opvang", "zorg", "mda", "zvh"]
)
def test_a_chain_professional_sees_only_the_people_handed_over_to_their_organisation(
    demo: None, username: str
) -> None:
    """... or of a household plan their organisation takes part in (the police and the care
    provider in the demo's active plan; the desk once a stagnation is put to it)."""
    user = User.objects.get(username=username)
    pages = crawl(username)
    handed_over = Person.objects.filter(
        Q(involvements__report__case__handovers__organisation=user.organisation)
        | Q(
            involvements__report__case__plans__participants__organisation=user.organisation,
            involvements__report__case__plans__participants__left_at__isnull=True,
        )
    )
    # By name: a person registered twice may be in a handover under one record, not the other.
    others = names(Person.objects.exclude(pk__in=handed_over)) - names(handed_over)
    assert others
    assert shown(pages, others) == {}
    shielded = {
        r.reporter_name for r in Report.objects.filter(reporter_shielded=True) if r.reporter_name
    }
    assert shown(pages, shielded) == {}


def test_a_chain_professional_does_see_the_people_of_a_household_handed_over(demo: None) -> None:
    handover = Handover.objects.filter(organisation__users__username="wijkteam.dordrecht").first()
    if handover is None:
        pytest.skip("the demo hands nothing over to the Dordrecht team")
    pages = crawl("wijkteam.dordrecht")
    members = names(Person.objects.filter(involvements__report__case=handover.case_id))
    assert members and shown(pages, members), "the handover's people are shown to its team"


@pytest.mark.parametrize("username", ["intake", "medewerker", "teamleider"])
def test_veilig_thuis_roles_reach_their_files_without_an_error(demo: None, username: str) -> None:
    pages = crawl(username)
    assert shown(pages, names(Person.objects.all())), "a VT role sees the people of its files"


@pytest.mark.parametrize("username", ["medewerker", "teamleider", "wijkteam.dordrecht"])
def test_every_page_that_shows_a_person_is_in_the_access_log(demo: None, username: str) -> None:
    user = User.objects.get(username=username)
    pages = crawl(username)
    people: dict[str, set[int]] = {}
    for person in Person.objects.prefetch_related("involvements__report__case"):
        people.setdefault(person.full_name, set()).add(person.pk)
    cases_of = {
        pk: set(Person.objects.get(pk=pk).involvements.values_list("report__case", flat=True))
        for ids in people.values()
        for pk in ids
    }
    logged: dict[str, list[AccessLogEntry]] = {}
    for entry in AccessLogEntry.objects.filter(user=user):
        logged.setdefault(entry.path, []).append(entry)
    unlogged = []
    for path, text in pages.items():
        for name in names(Person.objects.all()):
            if name not in text:
                continue
            ids = people[name]
            cases = set().union(*(cases_of[pk] for pk in ids))
            if not any(
                ids & set(e.person_ids) or cases & set(e.case_ids)
                for e in logged.get(urlsplit(path).path, [])
            ):
                unlogged.append((path, name))
    assert unlogged == [], sorted({path for path, _ in unlogged})
    assert logged, "the crawl itself was logged"
