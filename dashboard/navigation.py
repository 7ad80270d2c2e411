"""The main navigation, by role: each user sees only what they can use."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# (url name, label, roles that see it; None = everyone with an organisation)
NAV = [
    ("dashboard:home", _("Mijn overzicht"), None),
    ("monitoring:my_actions", _("Mijn acties"), None),
    ("dashboard:regie", _("Regie"), {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.BESLISSER}),
    ("analysis:agenda", _("Agenda overleg"), {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.BESLISSER}),
    ("intake:list", _("Signalen"), {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.PROFESSIONAL}),
    (
        "groups:list",
        _("Groepen"),
        {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.PROFESSIONAL, Role.BESLISSER},
    ),
    ("privacy:log_index", _("Verwerkingslog"), {Role.PRIVACYFUNCTIONARIS}),
    ("privacy:guard_confirmations", _("Privacytoets"), {Role.PRIVACYFUNCTIONARIS}),
    ("privacy:covenant", _("Convenant"), {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.PRIVACYFUNCTIONARIS}),
    (
        "dashboard:search",
        _("Zoeken"),
        {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.PROFESSIONAL, Role.BESLISSER},
    ),
    ("accounts:profile", _("Profiel"), None),
    ("dashboard:help", _("Handleiding"), None),
]


def nav_items(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label, roles in NAV:
        if roles is not None and user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the feature behind this item is not installed yet
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    if user.role == Role.BEHEERDER:
        items.append({"url": reverse("admin:index"), "label": _("Beheer"), "current": False})
    return {"nav_items": items}
