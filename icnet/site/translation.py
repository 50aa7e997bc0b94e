from modeltranslation.translator import TranslationOptions, register

from icnet.site.models import Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body")
    required_languages = ("it",)
