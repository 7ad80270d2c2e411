from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from groepsaanpak import security_events

from .models import User
from .services import after_deactivation, after_reactivation, remember_session


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session["login_at"] = timezone.now().timestamp()
    if not request.session.session_key:
        request.session.save()
    remember_session(user, request.session.session_key)
    security_events.emit(
        "login.success", request=request, user=user, detail=getattr(request, "signin_via", "")
    )


@receiver(pre_save, sender=User)
def on_user_saving(sender, instance: User, update_fields=None, **kwargs):
    # Remember whether this save switches the account off or on (admin form, service, shell).
    instance.activity_switch = None
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    if was_active is not None and was_active != instance.is_active:
        instance.activity_switch = "on" if instance.is_active else "off"


@receiver(post_save, sender=User)
def on_user_saved(sender, instance: User, **kwargs):
    # Deactivation anywhere (admin included) ends every session of that user, revokes their
    # API tokens for good and is logged; so is a reactivation (after four eyes).
    switch = getattr(instance, "activity_switch", None)
    instance.activity_switch = None
    actor = getattr(instance, "security_actor", None)
    request = getattr(instance, "security_request", None)
    if switch == "off":
        after_deactivation([instance.pk], actor=actor, request=request)
    elif switch == "on":
        after_reactivation([instance.pk], actor=actor, request=request)
