import re

import pytest
from django.core import mail
from django.urls import reverse

from atheneum.news.enums import IssueStatus
from atheneum.news.models import NewsletterIssue, Subscriber
from atheneum.news.tasks import send_newsletter_issue

from .factories import IssueFactory, PostFactory, SubscriberFactory


def test_double_opt_in_end_to_end(client, organisation, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("news:subscription"),
            {"organisation": organisation.slug, "email": "reader@example.net", "language": "en"},
        )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.subject == (
        "Please confirm your subscription to the newsletter of Riverside Library"
    )
    assert confirmation.alternatives[0].mimetype == "text/html"
    link = re.search(r"http\S+/subscription/confirm/\S+/", confirmation.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    # Unconfirmed subscribers receive nothing.
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    send_newsletter_issue(issue.pk)
    assert len(mail.outbox) == 1

    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    response = client.post(path)
    assert b"<h1>Subscription confirmed</h1>" in response.content
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_subscription_to_unknown_organisation_changes_nothing(client, organisation):
    response = client.post(
        reverse("news:subscription"),
        {"organisation": "nowhere", "email": "reader@example.net", "language": "en"},
    )
    assert response.status_code == 400
    assert b"Select a valid choice." in response.content
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_unsubscribe_one_click_post_without_csrf(organisation):
    from django.test import Client

    subscriber = SubscriberFactory(organisation=organisation)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("news:unsubscribe", args=[subscriber.token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_unsubscribe_get_does_not_unsubscribe(client, organisation):
    subscriber = SubscriberFactory(organisation=organisation)
    response = client.get(reverse("news:unsubscribe", args=[subscriber.token]))
    assert b'<button type="submit">Unsubscribe</button>' in response.content
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_unsubscribed_address_gets_no_issue(organisation, post):
    from django.test import Client

    subscriber = SubscriberFactory(organisation=organisation)
    Client().post(reverse("news:unsubscribe", args=[subscriber.token]))
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    send_newsletter_issue(issue.pk)
    assert mail.outbox == []


def test_issue_mail_has_list_unsubscribe_headers(organisation, post):
    subscriber = SubscriberFactory(organisation=organisation)
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    send_newsletter_issue(issue.pk)
    message = mail.outbox[0]
    url = f"http://127.0.0.1:8000/news/unsubscribe/{subscriber.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rendered = message.message()
    assert rendered["List-Unsubscribe"] == f"<{url}>"
    assert rendered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{url}"' in html
    assert post.title in html


def test_issue_send_task_run_twice_sends_one_mail_each(organisation, post):
    SubscriberFactory.create_batch(4, organisation=organisation)
    SubscriberFactory(organisation=PostFactory().organisation)  # another organisation's reader
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    send_newsletter_issue.apply(args=[issue.pk])
    send_newsletter_issue.apply(args=[issue.pk])
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Subscriber.objects.filter(organisation=organisation).values_list("email", flat=True)
    )


def test_issue_create_and_send_by_organiser(
    client_as, organisation, post, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(2, organisation=organisation)
    client = client_as("organiser")
    response = client.post(
        reverse("news:issue_create", args=[organisation.slug]),
        {"subject": "April", "introduction": "Hi <script>x()</script>", "posts": [post.pk]},
    )
    issue = NewsletterIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/news/newsletters/{issue.pk}/"
    preview = client.get(response["Location"])
    assert b"x()" not in preview.content
    assert b"Send to 2 confirmed subscribers" in preview.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news:issue_send", args=[issue.pk]))
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("news:issue_send", args=[issue.pk]), follow=True)
    assert b"This issue has already been sent." in again.content
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_issue_send_by_non_organiser_is_404(client_as, role, organisation, post):
    SubscriberFactory(organisation=organisation)
    issue = IssueFactory(organisation=organisation, posts=[post])
    response = client_as(role).post(reverse("news:issue_send", args=[issue.pk]))
    assert response.status_code == 404
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert mail.outbox == []


def test_issue_create_with_foreign_post_changes_nothing(
    client_as, organisation, other_organisation
):
    foreign = PostFactory(organisation=other_organisation)
    response = client_as("organiser").post(
        reverse("news:issue_create", args=[organisation.slug]),
        {"subject": "April", "introduction": "", "posts": [foreign.pk]},
    )
    assert response.status_code == 400
    assert b"Select a valid choice." in response.content
    assert NewsletterIssue.objects.count() == 0


def test_issue_create_with_overlong_subject_changes_nothing(client_as, organisation, post):
    response = client_as("organiser").post(
        reverse("news:issue_create", args=[organisation.slug]),
        {"subject": "s" * 201, "introduction": "", "posts": [post.pk]},
    )
    assert response.status_code == 400
    assert b"Ensure this value has at most 200 characters (it has 201)." in response.content
    assert NewsletterIssue.objects.count() == 0


def test_issue_edit_updates_draft(client_as, organisation, post):
    issue = IssueFactory(organisation=organisation, posts=[post], subject="Old")
    response = client_as("organiser").post(
        reverse("news:issue_edit", args=[issue.pk]),
        {"subject": "New", "introduction": "", "posts": [post.pk]},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "New"


def test_issue_edit_of_sent_issue_changes_nothing(client_as, organisation, post):
    issue = IssueFactory(
        organisation=organisation, posts=[post], subject="Old", status=IssueStatus.SENT
    )
    client_as("organiser").post(
        reverse("news:issue_edit", args=[issue.pk]),
        {"subject": "New", "introduction": "", "posts": [post.pk]},
    )
    issue.refresh_from_db()
    assert issue.subject == "Old"
