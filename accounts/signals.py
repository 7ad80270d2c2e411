from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from groepsaanpak import security_events

from .models import User
from .services import end_all_sessions, remember_session


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session["login_at"] = timezone.now().timestamp()
    if not request.session.session_key:
        request.session.save()
    remember_session(user, request.session.session_key)
    security_events.emit("login.success", request=request, user=user)


@receiver(post_save, sender=User)
def on_user_saved(sender, instance: User, **kwargs):
    # Deactivation anywhere (admin included) ends every open session of that user.
    if not instance.is_active:
        end_all_sessions(instance)
