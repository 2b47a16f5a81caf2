"""``manage.py demo_otp <username>``: the current second-factor code of a demo user (demo only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.accounts.services import demo_totp_key, totp_current_code, totp_device
from ketenzicht.organisations.models import User


class Command(BaseCommand):
    help = (
        "Toont de huidige code (tweede stap) van een demogebruiker. Alleen met KZ_DEMO_FIXED_OTP=1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Gebruikersnaam van de demogebruiker.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION or not settings.KZ_DEMO_FIXED_OTP:
            raise CommandError("demo_otp werkt alleen in de demo (KZ_DEMO_FIXED_OTP=1).")
        user = User.objects.filter(username=options["username"]).first()
        device = totp_device(user) if user is not None else None
        if user is None or device is None or device.key != demo_totp_key(user.username):
            raise CommandError(
                f"{options['username']!r} heeft geen vaste demosleutel; laad de demo met "
                "KZ_DEMO_FIXED_OTP=1 (make demo)."
            )
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(totp_current_code(device))
        if options["verbosity"] > 1:
            self.stderr.write(f"nog {remaining} s geldig")
