"""Decision → ForumDecision: one name per concept (privacy.access.Decision is the access
decision). State only: the table keeps its name analysis_decision."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0002_concept_plan_versions"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameModel("Decision", "ForumDecision"),
                migrations.AlterModelTable("ForumDecision", "analysis_decision"),
            ],
            database_operations=[],
        ),
    ]
