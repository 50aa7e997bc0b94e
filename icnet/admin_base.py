"""Pieces every admin of the site is built from."""

from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin


class NonceMediaMixin:
    """Give the inline scripts of form widgets (the prose editor's import map) the request's
    CSP nonce, so the admin works without 'unsafe-inline'."""

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        if media is not None:
            context["media"] = Media.from_media(media, nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class TranslatedAdmin(NonceMediaMixin, TabbedTranslationAdmin):
    """An admin with Italian and English as tabs and CSP-safe widget scripts."""
