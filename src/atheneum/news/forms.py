from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .enums import PostStatus
from .models import Comment, NewsletterIssue, Post, Subscriber

COMMENT_MAX = Comment._meta.get_field("body").max_length


class PostForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=Post._meta.get_field("title").max_length)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=Post._meta.get_field("slug").max_length,
        required=False,
        allow_unicode=True,
        help_text=_("Letters, digits and hyphens. Leave empty to make one from the title."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=Post._meta.get_field("summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in lists and feeds."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=Post._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Written in Markdown: *emphasis*, **strong**, [link](https://…), ## heading."),
    )
    language = forms.ChoiceField(label=_("Language of the post"), choices=settings.LANGUAGES)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, for example: coaching, conferences."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PostStatus.choices)
    published_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "In your time zone. Leave empty to publish now; a later time schedules the post."
        ),
    )
    translation_of = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Translation of"),
        help_text=_("If this post is a translation, the post it translates."),
    )

    def __init__(self, *args, organisations, translation_choices, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["translation_of"].queryset = translation_choices
        self.fields["language"].initial = translation.get_language()
        if editing:
            del self.fields["organisation"]

    def clean_tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text, at most 3000 characters."),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _(
                "A comment may have at most %(limit_value)d characters; "
                "this one has %(show_value)d."
            ),
        },
    )


class SubscriptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Newsletter of"),
        to_field_name="slug",
        empty_label=_("Choose an organisation"),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=Subscriber._meta.get_field("email").max_length,
    )
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        help_text=_("Posts are sent in this language when a translation exists."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["language"].initial = translation.get_language()


class IssueForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=NewsletterIssue._meta.get_field("subject").max_length
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=NewsletterIssue._meta.get_field("introduction").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in Markdown."),
    )
    posts = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Posts in this issue"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one post.")},
    )

    def __init__(self, *args, post_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = post_choices
