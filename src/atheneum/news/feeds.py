"""Atom and RSS feeds of published posts, for the whole site and for each tag."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from . import selectors
from .emails import absolute_url

FEED_LENGTH = 30


class LanguageAtom1Feed(Atom1Feed):
    """Atom with each entry's own language, since one feed carries posts in several."""

    def write_items(self, handler):
        for item in self.items:
            attrs = {"xml:lang": item["language"]} if item.get("language") else {}
            handler.startElement("entry", attrs)
            self.add_item_elements(handler, item)
            handler.endElement("entry")


class PostFeed(Feed):
    feed_type = Rss201rev2Feed
    feed_url_name = "news:feed_rss"

    def title(self, obj):
        return _("Atheneum news")

    def description(self, obj):
        return _("News about continuing professional development for library workers.")

    def link(self, obj):
        return absolute_url(reverse("news:post_list"))

    def feed_url(self, obj):
        return absolute_url(reverse(self.feed_url_name))

    def language(self, obj):
        return settings.LANGUAGE_CODE

    def items(self, obj):
        return selectors.post_list_published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return absolute_url(reverse("news:post_detail", args=[item.slug]))

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_group}:{item.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.public_name if item.author else item.organisation.name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {"language": item.language}


class PostAtomFeed(PostFeed):
    feed_type = LanguageAtom1Feed
    feed_url_name = "news:feed_atom"
    subtitle = PostFeed.description


class TagFeed(PostFeed):
    def get_object(self, request, slug):
        return selectors.tag_get(slug=slug)

    def title(self, obj):
        return _("Atheneum news tagged “%(tag)s”") % {"tag": obj.name}

    def description(self, obj):
        return _("Posts tagged “%(tag)s”.") % {"tag": obj.name}

    def link(self, obj):
        return absolute_url(reverse("news:tag_detail", args=[obj.slug]))

    def feed_url(self, obj):
        return absolute_url(reverse("news:tag_feed_rss", args=[obj.slug]))

    def items(self, obj):
        return selectors.post_list_for_tag(tag=obj)[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = LanguageAtom1Feed
    subtitle = TagFeed.description

    def feed_url(self, obj):
        return absolute_url(reverse("news:tag_feed_atom", args=[obj.slug]))
