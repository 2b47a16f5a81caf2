"""``manage.py api_client_create``: a client of the REST API, its token printed once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.api.scopes import Scope
from ketenzicht.api.services import api_client_create
from ketenzicht.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Maakt een client van de REST API aan en toont zijn token één keer "
        "(alleen een hash ervan wordt bewaard)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="Id of exacte naam.")
        parser.add_argument("--client-id", required=True, help="bv. politie-zhz")
        parser.add_argument("--name", default="", help="Naam van het systeem.")
        parser.add_argument(
            "--scopes",
            nargs="+",
            required=True,
            choices=Scope.values,
            help="Eén of meer scopes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ref = options["organisation"]
        matches = (
            Organisation.objects.filter(pk=int(ref))
            if ref.isdigit()
            else Organisation.objects.filter(name=ref)
        )
        if matches.count() != 1:
            raise CommandError(f"Geen (eenduidige) organisatie {ref!r}.")
        try:
            client, token = api_client_create(
                name=options["name"] or options["client_id"],
                organisation=matches.get(),
                client_id=options["client_id"],
                scopes=options["scopes"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Client {client.client_id} ({client.organisation}): {', '.join(client.scopes)}"
        )
        self.stdout.write("Token (wordt niet opnieuw getoond):")
        self.stdout.write(token)
