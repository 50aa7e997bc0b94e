"""Small editable pages of the site (home introduction, about, how to join, and the notes every
public body's site has: contacts, privacy, cookies, accessibility, legal notes), the
preferences of back-office accounts, and the changes staff are to be told about."""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icnet.core.grammar import FEMININE
from icnet.core.richtext import RichTextField


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages the public may see."""
        return self.filter(published=True)


class Page(models.Model):
    """A small page of text that staff edit in both languages."""

    # Its noun is feminine in Italian (la pagina): the admin's messages agree with it.
    grammatical_gender = FEMININE

    class Key(models.TextChoices):
        HOME = "home", _("Home page introduction")
        ABOUT = "about", _("About the network")
        JOIN = "join", _("How to join")
        CONTACTS = "contacts", _("Contacts")
        PRIVACY = "privacy", _("Privacy notice")
        COOKIES = "cookies", _("Cookie notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        LEGAL = "legal", _("Legal notes")

    key = models.CharField(
        _("page"),
        max_length=20,
        choices=Key.choices,
        unique=True,
        help_text=_("Which place of the site shows this text."),
    )
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown under the title.")
    )
    body = RichTextField(_("text"))
    published = models.BooleanField(_("published"), default=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title or self.get_key_display()

    def get_absolute_url(self):
        try:
            return reverse(self.key)
        except NoReverseMatch:
            return reverse("home")


class AccountPreference(models.Model):
    """What one back-office account prefers: the language of its e-mails, and whether
    it receives the changes city editors make (network staff)."""

    grammatical_gender = FEMININE  # la preferenza

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("account"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    change_mails = models.BooleanField(
        _("e-mail me what city editors change"),
        default=True,
        help_text=_("One short e-mail for the changes saved within a few minutes."),
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("account preference")
        verbose_name_plural = _("account preferences")

    def __str__(self):
        return str(self.user)


class ChangeNotice(models.Model):
    """A save by a city editor that network staff have not been told about yet (see
    icnet.site.notifications; manage.py send_change_mails sends and deletes them)."""

    grammatical_gender = FEMININE  # la modifica

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    username = models.CharField(_("username"), max_length=150)
    created = models.DateTimeField(_("saved"), default=timezone.now, db_index=True)
    model = models.CharField(_("kind of object"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    history_url = models.CharField(_("history"), max_length=500, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("change to tell staff")
        verbose_name_plural = _("changes to tell staff")

    def __str__(self):
        return f"{self.username}: {self.object_repr}"
