from modeltranslation.translator import TranslationOptions, register

from documents.models import Document, Link


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"it": ("title",)}


@register(Link)
class LinkTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"it": ("title",)}
