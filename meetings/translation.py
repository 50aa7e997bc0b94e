from modeltranslation.translator import TranslationOptions, register

from meetings.models import Meeting


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "venue", "summary", "report")
    required_languages = {"it": ("title",)}
