"""Retention, the analysis app's part (see privacy/retention.py): the interventiematrix's
rows about a member, the ties between members, the key figures of the circular rounds, and
the personal text of the integral picture (`persons`) and the concept plan (`person_line`)."""

from django.utils.translation import gettext_lazy as _

from privacy import retention

from .models import CircularAnswer, ConceptPlanVersion, InterventionEntry, PictureVersion, Tie


def shred(case, ctx) -> retention.Shredded:
    done = retention.Shredded()
    entries = InterventionEntry.objects.filter(case=case, membership__isnull=False)
    done.count("interventiematrix", entries.count(), set(entries.values_list("category", flat=True)))
    entries.delete()
    ties = Tie.objects.filter(case=case)
    done.count("banden", ties.count())
    ties.delete()
    key_figures = CircularAnswer.key_figures_inside.through.objects.filter(circularanswer__round__case=case)
    done.count("sleutelfiguren", key_figures.count())
    key_figures.delete()
    # These versions refuse save(); a queryset update blanks only the personal field.
    done.count(
        "integraal beeld", PictureVersion.objects.filter(case=case).exclude(persons="").update(persons="")
    )
    done.count(
        "concept plan",
        ConceptPlanVersion.objects.filter(case=case).exclude(person_line="").update(person_line=""),
    )
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
