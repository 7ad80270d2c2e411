"""An FTS5 trigram index over signal texts for the search box on SQLite (issue 8).

PostgreSQL has its trigram GIN index (0003); on SQLite `icontains` read every signal
(~350 ms at 100,000 signals in bench/RESULTS.md). This creates `intake_signal_fts`
(external content: the index only, no copy of the texts), the triggers that keep it in
step with `intake_signal`, and fills it from the existing rows. Only on SQLite; see
intake/search.py for how the search uses it (same results, fewer rows read).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from intake.search import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):
    from intake.search import UNINSTALL

    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in UNINSTALL:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_signal_text_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
