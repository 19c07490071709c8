"""Atom feeds of published language versions: per campaign and site-wide."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import campaign_selectors as selectors
from .coverage import native_name, ui_name

FEED_SIZE = 50


class _LanguageFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return _("%(campaign)s — %(language)s (%(native)s)") % {
            "campaign": item.campaign.title,
            "language": ui_name(item.language),
            "native": native_name(item.language),
        }

    def item_description(self, item):
        return _("The %(language)s version of “%(campaign)s”, by %(organisation)s.") % {
            "language": ui_name(item.language),
            "campaign": item.campaign.title,
            "organisation": item.campaign.organisation.name,
        }

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class AllLanguagesFeed(_LanguageFeed):
    def title(self):
        return _("Newly translated documents")

    def link(self):
        return reverse("translations:campaigns")

    def subtitle(self):
        return _("Every language version published by a translation campaign.")

    def items(self):
        return selectors.published_languages()[:FEED_SIZE]


class CampaignFeed(_LanguageFeed):
    def get_object(self, request, slug):
        campaign = selectors.campaign_get_for_user(user=None, slug=slug)
        if not campaign.is_published:
            raise Http404
        return campaign

    def title(self, obj):
        return _("“%(campaign)s” in new languages") % {"campaign": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return selectors.published_languages(campaign=obj)[:FEED_SIZE]
