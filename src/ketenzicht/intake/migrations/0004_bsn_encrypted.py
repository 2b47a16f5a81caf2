"""Encrypt every stored BSN and give it a blind index (common/crypto.py, docs/keys.md).

Works on SQLite and PostgreSQL: a new text column receives the Fernet token of each plaintext
BSN and ``bsn_index`` its HMAC, in batches; then the plaintext column is dropped and the token
column takes its name. Reversible with the same keys: going back decrypts into a plaintext column
again (``migrate intake 0003``) -- do that only to leave this version of the software.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

import ketenzicht.common.crypto

BATCH = 2000


def _batches(person_model: Any, field: str) -> Any:
    last = 0
    while True:
        rows = list(
            person_model.objects.filter(pk__gt=last).exclude(**{field: ""}).order_by("pk")[:BATCH]
        )
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def encrypt(apps: Any, schema_editor: Any) -> None:
    from ketenzicht.common.crypto import bsn_index, encrypt_bsn

    person_model = apps.get_model("intake", "Person")
    for rows in _batches(person_model, "bsn"):
        for person in rows:
            person.bsn_ciphertext = encrypt_bsn(person.bsn)
            person.bsn_index = bsn_index(person.bsn)
        person_model.objects.bulk_update(rows, ["bsn_ciphertext", "bsn_index"])


def decrypt(apps: Any, schema_editor: Any) -> None:
    from ketenzicht.common.crypto import decrypt_bsn

    person_model = apps.get_model("intake", "Person")
    for rows in _batches(person_model, "bsn_ciphertext"):
        for person in rows:
            person.bsn = decrypt_bsn(person.bsn_ciphertext)
        person_model.objects.bulk_update(rows, ["bsn"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_person_merged_into"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="intake_pers_bsn_32e630_idx"),
        migrations.AddField(
            model_name="person",
            name="bsn_ciphertext",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="person",
            name="bsn_index",
            field=ketenzicht.common.crypto.BsnIndexField(
                blank=True, default="", editable=False, source="bsn",
                verbose_name="BSN blind index",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.RemoveField(model_name="person", name="bsn"),
        migrations.RenameField(model_name="person", old_name="bsn_ciphertext", new_name="bsn"),
        migrations.AlterField(
            model_name="person",
            name="bsn",
            field=ketenzicht.common.crypto.EncryptedBsnField(blank=True, verbose_name="BSN"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["bsn_index"], name="intake_pers_bsn_ind_b382c2_idx"),
        ),
    ]
