"""Rebuild every person's blocking keys: the keys changed (year-of-birth and asymmetric name keys,
surname stems without glued prefixes, a phonetic key that also folds transliterations).

Runs in batches over the person table with the current blocking code; a store of millions is
faster rebuilt with ``manage.py linkage_index`` after ``migrate --fake linkage 0003``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 5000


def rebuild(apps: Any, schema_editor: Any) -> None:
    from ketenzicht.linkage.blocking import blocking_keys
    from ketenzicht.linkage.normalise import normalise
    from ketenzicht.linkage.records import PersonRecord

    person_model = apps.get_model("intake", "Person")
    key_model = apps.get_model("linkage", "PersonKey")
    key_model.objects.all().delete()
    last = 0
    while True:
        rows = list(
            person_model.objects.filter(pk__gt=last, merged_into__isnull=True)
            .order_by("pk")
            .values_list(
                "pk",
                "surname",
                "first_names",
                "surname_prefix",
                "date_of_birth",
                "sex",
                "bsn",
                "street",
                "house_number",
                "house_number_suffix",
                "postcode",
                "city",
                "municipality__code",
            )[:BATCH]
        )
        if not rows:
            break
        keys = []
        for (
            pk,
            surname,
            first,
            prefix,
            born,
            sex,
            bsn,
            street,
            number,
            suffix,
            pc,
            city,
            code,
        ) in rows:
            record = PersonRecord(
                record_id=str(pk),
                surname=surname,
                first_names=first,
                surname_prefix=prefix,
                date_of_birth=born,
                sex=sex,
                bsn=bsn,
                street=street,
                house_number=number,
                house_number_suffix=suffix,
                postcode=pc,
                city=city,
                municipality_code=code or "",
            )
            keys += [
                key_model(person_id=pk, key=k) for k in sorted(blocking_keys(normalise(record)))
            ]
        key_model.objects.bulk_create(keys, batch_size=BATCH)
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0002_merges_and_review_queue"),
        ("intake", "0003_person_merged_into"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
