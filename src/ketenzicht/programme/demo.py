"""The demo's action programme: ``demo_programme.yaml`` imported through the real service, plus
a project with its contacts and the region's governance bodies with meetings and decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ketenzicht.organisations.models import Municipality, Region, User
from ketenzicht.programme import services
from ketenzicht.programme.models import Action, GovernanceBody, ProgrammePeriod

DEMO_FILE = Path(__file__).with_name("demo_programme.yaml")

# (name, kind, members, at least, at most a year)
BODIES = (
    (
        "Regionaal beleidsoverleg huiselijk geweld en kindermishandeling",
        "policy",
        "Beleidsadviseurs van de tien gemeenten, Veilig Thuis, politie, GGD",
        4,
        6,
    ),
    (
        "Bestuurlijk overleg Zorg en Veiligheid",
        "administrative",
        "Wethouders zorg en veiligheid, directeur Veilig Thuis, districtschef politie",
        3,
        3,
    ),
    (
        "Portefeuillehoudersoverleg Maatschappelijke zorg",
        "aldermen",
        "Portefeuillehouders van de tien gemeenten (besluiten over plannen en budget)",
        2,
        4,
    ),
)
# (body, date, summary, decision, title of the action it is about)
MEETINGS = (
    (
        0,
        date(2025, 9, 18),
        "Voortgang werkvoorraad Veilig Thuis",
        "Advies aan het bestuurlijk overleg: 3 fte extra voor de veiligheidsbeoordeling.",
        "Werkvoorraad Veilig Thuis",
    ),
    (
        1,
        date(2025, 10, 9),
        "Begroting 2026 en werkvoorraad",
        "Ingestemd met 3 fte extra voor Veilig Thuis, gedekt uit een extra bijdrage 2025-2026.",
        "Werkvoorraad Veilig Thuis",
    ),
    (
        2,
        date(2025, 12, 11),
        "Herijking verdeelsleutel",
        "Verdeling naar inwonertal vastgesteld; de crisisdienst krijgt een eigen sleutel.",
        "Herijking van de verdeelsleutel",
    ),
    (
        0,
        date(2026, 4, 16),
        "Procesregie",
        "Convenant procesregie opnieuw aan de partners voorgelegd.",
        "Procesregie bij vastgelopen hulp",
    ),
)
CONTACT_ROLES = ("beleidsadviseur jeugd en veiligheid", "beleidsadviseur zorg en veiligheid")


def programme_demo_load(*, region: Region, actor: User) -> ProgrammePeriod:
    """Load (or reload) the demo programme into ``region``; ``actor`` is a policy officer of an
    organisation in it. Running it again replaces the programme of the same name; governance
    bodies that exist already are left as they are."""
    if services.reader_region(actor) != region:
        raise ValueError("the demo programme's actor must work in the demo region")
    period = services.programme_import(actor=actor, raw=DEMO_FILE.read_bytes(), replace=True)
    actions = {a.title: a for a in Action.objects.filter(ambition__line__period=period)}

    def action(prefix: str) -> Action:
        return next(a for title, a in actions.items() if title.startswith(prefix))

    project = services.project_create(
        actor=actor,
        period=period,
        name="Deskundigheidsbevordering meldcode",
        leader_name="projectleider deskundigheidsbevordering",
        leader_organisation="Veilig Thuis Zuid-Holland Zuid",
        description="Trainingen en terugkomdagen voor aandachtsfunctionarissen in de regio.",
        action_ids=[action("Training aandachtsfunctionarissen").pk, action("Meldcode in").pk],
    )
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    for n, municipality in enumerate(municipalities[:-2]):  # two still without a contact
        services.project_contact_set(
            actor=actor,
            project=project,
            municipality=municipality,
            name=f"{CONTACT_ROLES[n % 2]} {municipality.name}",
            role=CONTACT_ROLES[n % 2],
        )
    if GovernanceBody.objects.filter(region=region).exists():
        return period
    bodies = [
        services.governance_body_create(
            actor=actor, name=name, kind=kind, members=members, meetings_min=low, meetings_max=high
        )
        for name, kind, members, low, high in BODIES
    ]
    for body, held_on, summary, decision, about in MEETINGS:
        services.meeting_record(
            actor=actor,
            body=bodies[body],
            held_on=held_on,
            summary=summary,
            decisions=[services.DecisionInput(decision, (action(about).pk,))],
        )
    return period
