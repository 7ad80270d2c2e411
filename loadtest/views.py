from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from accounts.models import Organisation


@login_required
def floor(request):
    """The framework floor: the full middleware stack (session, login, second factor) and
    one query on a primary key, no template. Every page is compared against it."""
    name = Organisation.objects.filter(pk=request.user.organisation_id).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return HttpResponse(name, content_type="text/plain; charset=utf-8")
