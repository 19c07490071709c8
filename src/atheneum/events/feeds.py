"""Atom and RSS feeds of upcoming events, for the whole site and for each organisation."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from . import selectors

FEED_LENGTH = 50


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class UpcomingFeed(Feed):
    feed_type = Rss201rev2Feed
    feed_url_name = "events:feed_rss"

    def title(self, obj):
        return _("Upcoming events on Atheneum")

    def description(self, obj):
        return _("Conferences and sessions for library and information workers.")

    def link(self, obj):
        return _absolute(reverse("events:event_list"))

    def feed_url(self, obj):
        return _absolute(reverse(self.feed_url_name))

    def items(self, obj):
        return selectors.events_upcoming()[:FEED_LENGTH]

    def _chosen(self, item):
        return selectors.event_texts_for(event=item, language=translation.get_language())

    def item_title(self, item):
        chosen = self._chosen(item)
        return chosen.text.title if chosen else item.slug

    def item_description(self, item):
        chosen = self._chosen(item)
        return chosen.text.summary if chosen else ""

    def item_link(self, item):
        return _absolute(reverse("events:event_detail", args=[item.slug]))

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name


class UpcomingAtomFeed(UpcomingFeed):
    feed_type = Atom1Feed
    feed_url_name = "events:feed_atom"
    subtitle = UpcomingFeed.description


class OrganisationFeed(UpcomingFeed):
    feed_url_name = "events:organisation_feed_rss"

    def get_object(self, request, org):
        self.request = request
        return selectors.organisation_get(slug=org)

    def title(self, obj):
        return _("Events of %(organisation)s") % {"organisation": obj.name}

    def link(self, obj):
        return _absolute(reverse("events:organisation_events", args=[obj.slug]))

    def feed_url(self, obj):
        return _absolute(reverse(self.feed_url_name, args=[obj.slug]))

    def items(self, obj):
        from django.contrib.auth.models import AnonymousUser

        # Feeds are public: drafts never appear, whoever fetches them.
        return selectors.events_for_organisation(organisation=obj, user=AnonymousUser())[
            :FEED_LENGTH
        ]


class OrganisationAtomFeed(OrganisationFeed):
    feed_type = Atom1Feed
    feed_url_name = "events:organisation_feed_atom"
    subtitle = UpcomingFeed.description
