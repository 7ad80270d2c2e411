"""The main navigation: each user sees only what they can use — an item shows when the
policy of the page it opens allows (privacy.policies)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from privacy import policies

# (url name, label, policy that decides whether the item shows; None = every user)
NAV = [
    ("dashboard:home", _("Mijn overzicht"), None),
    ("monitoring:my_actions", _("Mijn acties"), None),
    ("dashboard:regie", _("Regie"), "regie.view"),
    ("analysis:agenda", _("Agenda overleg"), "agenda.view"),
    ("intake:quick", _("Snel melden"), "signal.report"),
    ("intake:list", _("Signalen"), "signal.list"),
    ("groups:list", _("Groepen"), "group.list"),
    ("privacy:overview", _("Privacyoverzicht"), "privacy_overview.read"),
    ("privacy:log_index", _("Verwerkingslog"), "processing_log.read"),
    ("privacy:security_log", _("Beveiligingslog"), "security_log.read"),
    ("privacy:guard_confirmations", _("Privacytoets"), "guard_confirmations.read"),
    ("privacy:covenant", _("Convenant"), "covenant.view"),
    ("privacy:changes", _("Wijzigingen"), "change.list"),
    ("dashboard:search", _("Zoeken"), "search"),
    ("accounts:profile", _("Profiel"), None),
    ("dashboard:help", _("Handleiding"), None),
]


def nav_items(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label, policy in NAV:
        if policy is not None and not policies.allowed(user, policy):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the feature behind this item is not installed yet
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    if policies.allowed(user, "admin.open"):
        items.append({"url": reverse("admin:index"), "label": _("Beheer"), "current": False})
    return {"nav_items": items}
