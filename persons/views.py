"""One youth across groups: the page per person with "bekend bij", the other lists, and
the merge of two records (and its undo)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groepsaanpak.errors import DomainError
from groups.models import Person
from privacy import policies, security

from . import merging, reads
from .forms import MergeForm
from .models import PersonMerge


def merge_candidates(user, person):
    """For the merge form: the records that could be the same youth (persons.reads)."""
    ids = [p.pk for p in reads.merge_candidates(user, person)]
    return Person.objects.filter(pk__in=ids).order_by("full_name", "pk")


def _read_or_404(user, pk):
    person = Person.objects.filter(pk=pk).first()
    read = reads.known_by(user, person) if person is not None else None
    if read is None:
        if person is not None:
            security.denied(user, f"groups.person:{person.pk}")
        raise Http404
    return read


def _page(request, read, *, form=None):
    user = request.user
    person = read.person
    may_merge = policies.allowed(user, "person.merge", obj=merging.merge_facts(person, person))
    if form is None and may_merge:
        form = MergeForm(candidates=merge_candidates(user, person))
    merges = list(
        PersonMerge.objects.filter(kept=person).select_related("absorbed", "merged_by", "undone_by")
    )
    for m in merges:
        m.may_undo = policies.allowed(user, "person.merge_undo", obj=merging.undo_facts(m))
    return render(
        request,
        "persons/person_overview.html",
        {
            "person": person,
            "read": read,
            "form": form if may_merge else None,
            "merges": merges,
        },
    )


@login_required
def person_overview(request, pk):
    """Bekend bij (sociale kaart) and the name lists of one youth, as this reader may see them."""
    return _page(request, _read_or_404(request.user, pk))


@require_POST
@login_required
def person_merge(request, pk):
    user = request.user
    read = _read_or_404(user, pk)
    form = MergeForm(request.POST, candidates=merge_candidates(user, read.person))
    if form.is_valid():
        try:
            merging.merge_persons(
                actor=user,
                kept=read.person,
                absorbed=form.cleaned_data["absorbed"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("De twee records zijn samengevoegd. U kunt dit binnen de termijn ongedaan maken.")
            )
            return redirect("persons:overview", pk=read.person.pk)
    return _page(request, read, form=form)


@require_POST
@login_required
def merge_undo(request, pk):
    merge = get_object_or_404(PersonMerge.objects.select_related("kept"), pk=pk)
    if not policies.allowed(request.user, "person.merge_undo", obj=merging.undo_facts(merge)):
        security.denied(request.user, f"persons.personmerge:{merge.pk}")
        raise Http404
    try:
        merging.undo_merge(merge, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De samenvoeging is ongedaan gemaakt."))
    if not reads.visible_person(request.user, merge.kept):
        return redirect("groups:list")
    return redirect("persons:overview", pk=merge.kept_id)
