"""``manage.py demo_load``: load the demo region Zuid-Holland Zuid once, then show the logins."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ketenzicht.accounts.services import demo_devices_set, totp_secret
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.states import State
from ketenzicht.demo import builder
from ketenzicht.demo.catalogue import DEMO_PASSWORD, DEMO_URL, REGION_NAME


class Command(BaseCommand):
    help = (
        "Laadt de demoregio Zuid-Holland Zuid met synthetische meldingen en adviesvragen. "
        "Bestaat de regio al, dan laadt het niets opnieuw en toont het alleen de demo-logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reports", type=int, default=builder.DEFAULT_REPORTS, help="Aantal meldingen."
        )
        parser.add_argument(
            "--advice", type=int, default=builder.DEFAULT_ADVICE, help="Aantal adviesvragen."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=builder.DEFAULT_SEED,
            help="Startwaarde van de toevalsgenerator: dezelfde seed geeft dezelfde gegevens.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "demo_load draait niet in productie: de demo-accounts delen één bekend wachtwoord."
            )
        reports, advice = options["reports"], options["advice"]
        if reports < len(builder.STATE_WEIGHTS) or advice < 0:
            raise CommandError(
                f"Geef minstens {len(builder.STATE_WEIGHTS)} meldingen (één per status) en "
                "geen negatief aantal adviesvragen."
            )
        verbosity = options["verbosity"]
        if builder.demo_exists():
            self.stdout.write(f"De demoregio {REGION_NAME} bestaat al; er is niets geladen.")
        else:
            started = time.monotonic()
            with tqdm(
                total=reports + advice,
                desc="Demoregio opbouwen",
                unit="dossier",
                file=sys.stderr,
                disable=verbosity == 0,
            ) as bar:
                summary = builder.build_demo(
                    seed=options["seed"], reports=reports, advice=advice, progress=bar.update
                )
            if verbosity:
                self._print_summary(summary, time.monotonic() - started)
        devices = self._second_factors() if settings.KZ_DEMO_FIXED_OTP else {}
        if verbosity:
            self._print_logins(devices)

    def _second_factors(self) -> dict[str, str]:
        """The fixed demo authenticator of each demo user (KZ_DEMO_FIXED_OTP): username -> key."""
        from ketenzicht.organisations.models import User

        names = [login.username for login in builder.demo_logins()]
        return {
            user.username: totp_secret(demo_devices_set(user=user))
            for user in User.objects.filter(username__in=names)
        }

    def _print_summary(self, summary: builder.DemoSummary, seconds: float) -> None:
        out = self.stdout
        duration = f"{seconds:.1f}".replace(".", ",")
        out.write(
            self.style.SUCCESS(
                f"Demoregio {REGION_NAME} geladen in {duration} s: {summary.reports} meldingen "
                f"en {summary.advice_requests} adviesvragen."
            )
        )
        states = "; ".join(
            f"{STATE_LABELS[state]}: {summary.states.get(state.value, 0)}" for state in State
        )
        out.write(f"  Zaken per status: {states}")
        out.write(
            f"  Te laat: {summary.overdue}; acuut: {summary.acute}; huisverboden: "
            f"{summary.restraining_orders}; uit adviesvraag: {summary.converted}; "
            f"heropend: {summary.reopened}; hermeldingen: {summary.repeat_reports}"
        )
        out.write(
            f"  Voorstellen om personen samen te voegen (ter beoordeling): {summary.proposals}"
        )

    def _print_logins(self, devices: dict[str, str]) -> None:
        out = self.stdout
        logins = builder.demo_logins()
        width_user = max((len(login.username) for login in logins), default=10) + 2
        width_role = max((len(login.role) for login in logins), default=10) + 2
        out.write("")
        out.write(self.style.MIGRATE_HEADING(f"Demo-logins — open {DEMO_URL}"))
        out.write(
            f"Alleen voor lokaal gebruik: alle demo-accounts hebben hetzelfde wachtwoord "
            f"'{DEMO_PASSWORD}'. Gebruik deze gegevens nooit op een server."
        )
        width_pass = len(DEMO_PASSWORD) + 2
        out.write(
            f"  {'Gebruikersnaam':<{width_user}}{'Wachtwoord':<{width_pass}}"
            f"{'Rol':<{width_role}}Organisatie"
        )
        for login in logins:
            out.write(
                f"  {login.username:<{width_user}}{login.password:<{width_pass}}"
                f"{login.role:<{width_role}}{login.organisation}"
            )
        api_tokens = builder.demo_api_tokens()
        if api_tokens:
            out.write("")
            out.write(
                self.style.MIGRATE_HEADING(f"REST API — {DEMO_URL}api/v1/docs/ (demo-tokens)")
            )
            for token, scopes, organisation in api_tokens:
                out.write(f"  Authorization: Bearer {token}")
                out.write(f"    {organisation}; scopes: {scopes}")
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Tweede stap (code uit een authenticator-app)"))
        if not devices:
            out.write(
                "  Elke demogebruiker koppelt bij de eerste login zelf een app (QR-code). Met "
                "KZ_DEMO_FIXED_OTP=1 (zoals `make demo` doet) krijgen ze vaste demosleutels."
            )
            out.write("")
            return
        out.write(
            "  De huidige code van een gebruiker: make demo-code WHO=<gebruikersnaam> "
            "(of: KZ_DEMO_FIXED_OTP=1 .venv/bin/python manage.py demo_otp <gebruikersnaam>)"
        )
        out.write("  Of zet de sleutel (TOTP, 6 cijfers, 30 s) in een authenticator-app:")
        for login in logins:
            key = devices.get(login.username)
            if key:
                grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
                out.write(f"  {login.username:<{width_user}}{grouped}")
        out.write("")
