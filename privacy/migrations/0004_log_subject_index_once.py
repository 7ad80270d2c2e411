"""Drop the index on processing-log data_subject alone: the index (data_subject, sequence)
serves every lookup by subject, and each extra index slows down every append (issue 8).

Not an AlterField on the database: on SQLite that rebuilds the table and would drop the
triggers that keep the log append-only (0002). Only the index itself is dropped (on
PostgreSQL also its varchar_pattern_ops twin); the model state changes as AlterField."""

from django.db import migrations, models


def _subject_indexes(model, schema_editor):
    return schema_editor._constraint_names(model, ["data_subject"], index=True, primary_key=False, unique=False)


def drop_index(apps, schema_editor):
    model = apps.get_model("privacy", "ProcessingLogEntry")
    for name in _subject_indexes(model, schema_editor):
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore_index(apps, schema_editor):
    model = apps.get_model("privacy", "ProcessingLogEntry")
    field = model._meta.get_field("data_subject")
    field.db_index = True
    for sql in schema_editor._field_indexes_sql(model, field):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_reference_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="processinglogentry",
                    name="data_subject",
                    field=models.CharField(max_length=36),
                ),
            ],
            database_operations=[migrations.RunPython(drop_index, restore_index)],
        ),
    ]
