from django.db import migrations


def load(apps, schema_editor):
    from privacy.reference import ACTIVITIES, MATRIX

    MatrixItem = apps.get_model("privacy", "MatrixItem")
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    for order, (cluster, label, category, level) in enumerate(MATRIX):
        MatrixItem.objects.update_or_create(
            cluster=cluster, label=label,
            defaults={"category": str(category), "level": level, "order": order},
        )
    for code, name, purpose, basis in ACTIVITIES:
        ProcessingActivity.objects.update_or_create(
            code=code, defaults={"name": name, "purpose": purpose, "legal_basis": str(basis)}
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_append_only_log")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
