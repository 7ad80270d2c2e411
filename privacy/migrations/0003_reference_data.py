from django.db import migrations


def load(apps, schema_editor):
    from privacy.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_append_only_log")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
