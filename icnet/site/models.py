"""Small editable pages of the site (home introduction, about, how to join, and the notes every
public body's site has: contacts, privacy, cookies, accessibility, legal notes)."""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from icnet.core.richtext import RichTextField


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages the public may see."""
        return self.filter(published=True)


class Page(models.Model):
    """A small page of text that staff edit in both languages."""

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
