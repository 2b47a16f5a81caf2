"""The chain head's single row, and the triggers that refuse UPDATE and DELETE on the log
tables (SQLite and PostgreSQL; see ketenzicht/audit/triggers.py)."""

from django.db import migrations

from ketenzicht.audit import triggers

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    head = apps.get_model("audit", "AccessLogHead")
    head.objects.get_or_create(pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH})


def create_triggers(apps, schema_editor):
    triggers.create(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
