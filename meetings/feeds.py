"""RSS and Atom feeds of the network's meetings, newest first."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from icnet.core.richtext import plain_text
from meetings.dates import format_date_range
from meetings.models import Meeting
from meetings.places import place_text

FEED_LIMIT = 50
# A save this long after the meeting was created is an edit, not the creation's own save.
EDIT_AFTER_CREATION = datetime.timedelta(minutes=1)


class MeetingsRssFeed(Feed):
    """The latest meetings, in the language of the address."""

    def title(self):
        return _("Meetings of the Italian Network of Intercultural Cities")

    def description(self):
        return _("Network meetings, workshops, schools and conventions of the network.")

    def link(self):
        return reverse("meetings:list")

    def feed_url(self):
        return reverse("meetings:rss")

    def items(self):
        return (
            Meeting.objects.published()
            .select_related("host_city")
            .order_by("-start_date", "-pk")[:FEED_LIMIT]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = format_date_range(item.start_date, item.end_date)
        lead = f"{when} \u00b7 {place_text(item)}."
        summary = plain_text(item.summary)
        return f"{lead} {summary}" if summary else lead

    def item_pubdate(self, item):
        """When the meeting became news: its creation, or its first day for a meeting
        entered after it took place (the network's history), so that a reader does not
        show a meeting of 2010 as new on the day it was entered."""
        first_day = datetime.datetime.combine(
            item.start_date, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        return min(item.created, first_day)

    def item_updateddate(self, item):
        """Its last change, when it was changed after it was entered; else its pubdate."""
        if item.updated - item.created > EDIT_AFTER_CREATION:
            return item.updated
        return self.item_pubdate(item)

    def item_categories(self, item):
        return [item.get_kind_display()]


class MeetingsAtomFeed(MeetingsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return reverse("meetings:atom")
