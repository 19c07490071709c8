import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.common.markdown import render_markdown
from atheneum.news.enums import CommentStatus, PostStatus
from atheneum.news.models import Comment, NewsletterIssue, Post, Subscriber, Tag

from ..factories import OrganisationFactory, UserFactory


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Learning note {n}")
    slug = factory.Sequence(lambda n: f"learning-note-{n}")
    summary = "What we learnt this month."
    body = "Some **useful** advice."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"
    status = PostStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")
    status = CommentStatus.APPROVED


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    language = "en"
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = NewsletterIssue
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    subject = factory.Sequence(lambda n: f"Newsletter {n}")
    introduction = "Hello, *readers*."

    @factory.post_generation
    def posts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.posts.set(extracted)
