"""Retention, the analysis app's part (see privacy/retention.py): the interventiematrix's
rows about a member, the ties between members, the key figures of the circular rounds, and
the personal text of the integral picture (`persons`) and the concept plan (`person_line`)."""

from django.utils.translation import gettext_lazy as _

from privacy import retention
from privacy.categories import Category

from .models import CircularAnswer, ConceptPlanVersion, InterventionEntry, PictureVersion, Tie


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    entries = InterventionEntry.objects.filter(case=case, membership__isnull=False, category__in=ctx.expired)
    rows = list(entries.values_list("pk", "category", "membership__person__pseudonym"))
    done.subjects += [str(p) for _pk, _cat, p in rows]
    done.purge("interventiematrix", "analysis.InterventionEntry", [(pk, cat) for pk, cat, _p in rows])
    entries.delete()
    if not ctx.personal_expired:
        return done
    ties = Tie.objects.filter(case=case)
    done.purge(
        "banden", "analysis.Tie", ((pk, Category.PERSONAL) for pk in ties.values_list("pk", flat=True))
    )
    ties.delete()
    key_figures = CircularAnswer.key_figures_inside.through.objects.filter(circularanswer__round__case=case)
    done.purge(
        "sleutelfiguren",
        "analysis.CircularAnswer",
        ((pk, Category.PERSONAL) for pk in key_figures.values_list("circularanswer_id", flat=True)),
        action="unlinked",
    )
    key_figures.delete()
    # These versions refuse save(); a queryset update blanks only the personal field.
    pictures = PictureVersion.objects.filter(case=case).exclude(persons="")
    done.purge(
        "integraal beeld",
        "analysis.PictureVersion",
        ((pk, Category.PERSONAL) for pk in pictures.values_list("pk", flat=True)),
        action="blanked",
    )
    pictures.update(persons="")
    plans = ConceptPlanVersion.objects.filter(case=case).exclude(person_line="")
    done.purge(
        "concept plan",
        "analysis.ConceptPlanVersion",
        ((pk, Category.PERSONAL) for pk in plans.values_list("pk", flat=True)),
        action="blanked",
    )
    plans.update(person_line="")
    return done


def register():
    retention.register_shredder(
        "analysis",
        _(
            "Integraal beeld en concept plan: interventiematrix, banden, sleutelfiguren, persoonsgerichte tekst"
        ),
        shred,
        order=30,
        covers=(
            "analysis.InterventionEntry",
            "analysis.Tie",
            "analysis.CircularAnswer",
            "analysis.PictureVersion",
            "analysis.ConceptPlanVersion",
        ),
    )
