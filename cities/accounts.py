"""City editors' accounts: create or update one, and the link to choose a password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cities.models import City
from icnet.core.roles import EDITOR_GROUP


@transaction.atomic
def add_city_editor(username: str, city: City, email: str = "") -> tuple[object, bool]:
    """Create or update the account of an editor of `city`; returns (user, created).

    A new account has no usable password: its owner chooses one through set_password_link().
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
    if email:
        user.email = email
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    city.editors.add(user)
    return user, created


def set_password_link(user, base_url: str) -> str:
    """A one-time link to choose a password (Django's password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path


def invite_city_editor(username: str, city: City, email: str, base_url: str) -> tuple[object, bool]:
    """Create or update an editor of `city` and e-mail them a link to choose a password."""
    user, created = add_city_editor(username, city, email)
    context = {
        "user": user,
        "city": city,
        "link": set_password_link(user, base_url),
        "admin_url": base_url.rstrip("/") + reverse("admin:index"),
    }
    subject = render_to_string("admin/city_editor_invitation_subject.txt", context).strip()
    body = render_to_string("admin/city_editor_invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    return user, created
