from modeltranslation.translator import TranslationOptions, register

from index.models import Area


@register(Area)
class AreaTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("it",)
