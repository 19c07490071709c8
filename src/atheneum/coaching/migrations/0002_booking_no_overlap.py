"""On PostgreSQL, the database itself refuses two live bookings of one coach that overlap.

SQLite has no exclusion constraints; there the embedded single-process server relies on the
partial unique constraint per slot and the overlap check made inside the booking transaction
(SQLite serialises writers).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE coaching_booking ADD CONSTRAINT booking_coach_no_overlap
    EXCLUDE USING gist (coach_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (status <> 'cancelled');
"""
DROP = "ALTER TABLE coaching_booking DROP CONSTRAINT IF EXISTS booking_coach_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
