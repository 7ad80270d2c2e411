from django.apps import AppConfig


class ApproachConfig(AppConfig):
    """Holds only the migration history of steps 5–7's tables, which now belong to the
    apps plans, monitoring and closing (docs/adr/0006-steps-5-7-apps.md); its last migration
    hands the models over without touching the tables, so existing databases keep their data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "approach"
    verbose_name = "Stap 5–7 (migratiegeschiedenis)"
