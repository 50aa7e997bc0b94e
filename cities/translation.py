from modeltranslation.translator import TranslationOptions, register

from cities.models import Activity, City, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("it",)


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "profile", "photo_alt", "contact_office")
    required_languages = {"it": ("name",)}


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"it": ("title",)}
