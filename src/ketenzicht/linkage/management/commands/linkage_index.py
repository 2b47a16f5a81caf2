"""Write the blocking keys of every stored person (after an import or a change of the keys)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ketenzicht.intake.models import Person
from ketenzicht.linkage.models import PersonKey
from ketenzicht.linkage.services import persons_index


class Command(BaseCommand):
    help = "Rebuild the linkage blocking keys of all persons, in batches, with a progress bar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        total = Person.objects.filter(merged_into__isnull=True).count()
        PersonKey.objects.all().delete()
        written = 0
        last = 0
        with tqdm(total=total, unit="persoon", disable=options["verbosity"] == 0) as bar:
            while True:
                chunk = list(
                    Person.objects.filter(pk__gt=last, merged_into__isnull=True)
                    .select_related("municipality")
                    .order_by("pk")[:batch]
                )
                if not chunk:
                    break
                written += persons_index(persons=chunk)
                last = chunk[-1].pk
                bar.update(len(chunk))
        self.stdout.write(f"{total} persons, {written} keys")
