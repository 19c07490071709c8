"""Writing modules: metadata, topics and what is inside them, the self-assessment, status,
versions and copies. Every function checks the acting user's right through `rules.py` and
raises `ValidationError` (changing nothing) on bad input."""

import langcodes
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.portfolio.files import sniff_content_type

from .enums import Level, Licence, MediaKind, ModuleStatus, QuestionKind
from .models import Choice, Exercise, Media, Module, Question, Resource, Topic
from .urls import RESERVED_MODULE_SLUGS

MAX_RESOURCE_BYTES = 10 * 1024 * 1024
MAX_CAPTIONS_BYTES = 1024 * 1024
MAX_MEDIA_BYTES = 200 * 1024 * 1024
MAX_CHOICES = 8
# The authoring pages' own fixed addresses, beside the catalogue's reserved ones.
RESERVED_SLUGS = RESERVED_MODULE_SLUGS | {"import"}

MODULE_FIELDS = (
    "title",
    "slug",
    "summary",
    "introduction",
    "objectives",
    "estimated_minutes",
    "level",
    "language",
    "licence",
    "credits",
    "is_partner",
    "pass_mark",
)

MEDIA_SIGNATURES = [
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
    (4, b"ftyp", "video/mp4"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (0, b"RIFF", "audio/wav"),
    (0, b"fLaC", "audio/flac"),
]


# --- Checks shared by the forms, the services and the importer ---------------------------------


def check_language(tag: str) -> str:
    """The normalised form of a BCP 47 language tag, or a ValidationError."""
    tag = (tag or "").strip()
    if not tag or not langcodes.tag_is_valid(tag):
        raise ValidationError(
            _("“%(tag)s” is not a language tag such as en, fr or pt-BR.") % {"tag": tag},
            code="language",
        )
    return langcodes.standardize_tag(tag)


def check_captions_bytes(data: bytes, *, name: str = "") -> None:
    if len(data) > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            _("The captions file “%(name)s” is larger than 1 MB.") % {"name": name},
            code="captions_size",
        )
    if not data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(
            _("The captions file “%(name)s” is not a WebVTT file: it must start with WEBVTT.")
            % {"name": name},
            code="captions_format",
        )


def check_captions_file(uploaded) -> None:
    uploaded.seek(0)
    data = uploaded.read(MAX_CAPTIONS_BYTES + 1)
    uploaded.seek(0)
    check_captions_bytes(data, name=uploaded.name)


def media_content_type(head: bytes) -> str | None:
    return next(
        (kind for offset, magic, kind in MEDIA_SIGNATURES if head[offset:].startswith(magic)),
        None,
    )


def check_media_file(uploaded) -> None:
    if uploaded.size > MAX_MEDIA_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is larger than 200 MB.") % {"name": uploaded.name},
            code="media_size",
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if media_content_type(head) is None:
        raise ValidationError(
            _("The file “%(name)s” is not a video or audio file we can play (WebM, MP4, Ogg, MP3).")
            % {"name": uploaded.name},
            code="media_type",
        )


def check_resource_file(uploaded) -> None:
    if uploaded.size > MAX_RESOURCE_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is larger than 10 MB.") % {"name": uploaded.name},
            code="resource_size",
        )
    if uploaded.size == 0 or sniff_content_type(uploaded) is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a PDF, an image or an office document "
                "(Word, Excel, PowerPoint, OpenDocument)."
            )
            % {"name": uploaded.name},
            code="resource_type",
        )


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def _require_edit(user, module: Module) -> None:
    _require(user, "learning.change_module", module)


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# --- Modules ----------------------------------------------------------------------------------


def _clean_module_fields(fields: dict, *, module: Module | None) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    slug = cleaned.get("slug", "")
    if slug in RESERVED_SLUGS:
        errors["slug"] = [
            _("“%(slug)s” is used by the site's own pages. Please choose another.") % {"slug": slug}
        ]
    elif Module.objects.filter(slug=slug).exclude(pk=module.pk if module else None).exists():
        errors["slug"] = [_("Another module already uses this short name.")]
    try:
        cleaned["language"] = check_language(cleaned.get("language", ""))
    except ValidationError as error:
        errors["language"] = error.messages
    if not 0 <= int(cleaned.get("pass_mark", 0)) <= 100:
        errors["pass_mark"] = [_("The pass mark is a percentage between 0 and 100.")]
    if cleaned.get("level") not in Level.values:
        errors["level"] = [_("Choose a level from the list.")]
    if cleaned.get("licence") not in Licence.values:
        errors["licence"] = [_("Choose a licence from the list.")]
    if not (cleaned.get("title") or "").strip():
        errors["title"] = [_("A module needs a title.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def module_create(
    *, organisation: Organisation, acting_user, authors=(), competencies=(), **fields
) -> Module:
    _require(acting_user, "learning.add_module", organisation)
    cleaned = _clean_module_fields(fields, module=None)
    module = Module.objects.create(organisation=organisation, created_by=acting_user, **cleaned)
    module.authors.set(list(authors) or [acting_user])
    module.competencies.set(competencies)
    return module


@transaction.atomic
def module_update(*, module: Module, acting_user, authors=None, competencies=None, **fields):
    _require_edit(acting_user, module)
    unknown = set(fields) - set(MODULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown module fields: {sorted(unknown)}")
    current = {name: getattr(module, name) for name in MODULE_FIELDS}
    cleaned = _clean_module_fields({**current, **fields}, module=module)
    for name, value in cleaned.items():
        setattr(module, name, value)
    module.save()
    if authors is not None:
        module.authors.set(authors)
        module._author_ids = {author.pk for author in authors}
    if competencies is not None:
        module.competencies.set(competencies)
    return module


def publish_problems(module: Module) -> list[str]:
    """What stops the module from being published, in words an author can act on."""
    problems = []
    topics = list(module.topics.prefetch_related("media"))
    if not topics:
        problems.append(_("The module has no topics yet. Add at least one topic."))
    for topic in topics:
        for media in topic.media.all():
            if not media.captions:
                problems.append(
                    _("The media “%(media)s” in the topic “%(topic)s” has no captions file.")
                    % {"media": media.title, "topic": topic.title}
                )
            if not media.transcript.strip():
                problems.append(
                    _("The media “%(media)s” in the topic “%(topic)s” has no transcript.")
                    % {"media": media.title, "topic": topic.title}
                )
    for question in module.questions.prefetch_related("choices"):
        if question.is_scored and not any(c.is_correct for c in question.choices.all()):
            problems.append(
                _("The question “%(question)s” has no correct answer.")
                % {"question": question.text[:80]}
            )
    return problems


@transaction.atomic
def module_publish(*, module: Module, acting_user) -> Module:
    _require(acting_user, "learning.publish_module", module)
    problems = publish_problems(module)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    module.status = ModuleStatus.PUBLISHED
    module.published_at = module.published_at or timezone.now()
    module.save(update_fields=["status", "published_at", "updated_at"])
    return module


@transaction.atomic
def module_set_status(*, module: Module, status: str, acting_user) -> Module:
    """Back to draft (unpublish) or archived; publishing goes through `module_publish`."""
    _require(acting_user, "learning.publish_module", module)
    if status not in {ModuleStatus.DRAFT, ModuleStatus.ARCHIVED}:
        raise ValidationError(_("Choose draft or archived."), code="status")
    module.status = status
    module.save(update_fields=["status", "updated_at"])
    return module


@transaction.atomic
def module_new_version(*, module: Module, major: bool, acting_user) -> Module:
    """A minor version for small fixes; a major one asks learners to review (they keep their
    progress either way: `Enrolment.needs_review` compares the major versions)."""
    _require_edit(acting_user, module)
    module = Module.objects.select_for_update().get(pk=module.pk)
    if major:
        module.version_major += 1
        module.version_minor = 0
    else:
        module.version_minor += 1
    module.save(update_fields=["version_major", "version_minor", "updated_at"])
    return module


def _derived_credits(original: Module, *, translation: bool) -> str:
    note = (
        _("Translated from “%(title)s” by %(organisation)s.")
        if translation
        else _("Adapted from “%(title)s” by %(organisation)s.")
    ) % {"title": original.title, "organisation": original.organisation.name}
    credits = f"{note} {original.credits}".strip()
    return credits[: Module._meta.get_field("credits").max_length]


@transaction.atomic
def module_duplicate(
    *, module: Module, organisation: Organisation, slug: str, acting_user, language: str = ""
) -> Module:
    """A new draft with everything the original teaches (not who took it)."""
    if not (
        can(acting_user, "learning.duplicate_module", module)
        or can(acting_user, "learning.change_module", module)
    ):
        raise PermissionDenied
    _require(acting_user, "learning.add_module", organisation)
    language = language.strip() or module.language
    fields = {name: getattr(module, name) for name in MODULE_FIELDS}
    fields.update(slug=slug, language=language)
    try:
        cleaned = _clean_module_fields(fields, module=None)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    is_translation = langcodes.standardize_tag(module.language) != cleaned["language"]
    cleaned["credits"] = _derived_credits(module, translation=is_translation)
    copy = Module.objects.create(
        organisation=organisation,
        created_by=acting_user,
        derived_from=module,
        status=ModuleStatus.DRAFT,
        **cleaned,
        **({"translation_group": module.translation_group} if is_translation else {}),
    )
    copy.authors.set([acting_user])
    copy.competencies.set(module.competencies.all())
    _copy_content(module, copy)
    return copy


def _copy_content(source: Module, target: Module) -> None:
    topics = source.topics.prefetch_related("exercises", "media", "resources")
    for topic in topics:
        new_topic = Topic.objects.create(
            module=target,
            position=topic.position,
            title=topic.title,
            body=topic.body,
            examples=topic.examples,
        )
        Exercise.objects.bulk_create(
            Exercise(
                topic=new_topic,
                position=e.position,
                prompt=e.prompt,
                expects_answer=e.expects_answer,
            )
            for e in topic.exercises.all()
        )
        # The copy points at the same stored files: nothing deletes them while one row uses them.
        Media.objects.bulk_create(
            Media(
                topic=new_topic,
                position=m.position,
                kind=m.kind,
                title=m.title,
                url=m.url,
                file=m.file.name,
                captions=m.captions.name,
                captions_language=m.captions_language,
                transcript=m.transcript,
            )
            for m in topic.media.all()
        )
        Resource.objects.bulk_create(
            Resource(
                topic=new_topic,
                position=r.position,
                title=r.title,
                description=r.description,
                url=r.url,
                file=r.file.name,
            )
            for r in topic.resources.all()
        )
    for question in source.questions.prefetch_related("choices"):
        new_question = Question.objects.create(
            module=target,
            position=question.position,
            kind=question.kind,
            text=question.text,
            feedback=question.feedback,
        )
        Choice.objects.bulk_create(
            Choice(
                question=new_question,
                position=c.position,
                text=c.text,
                is_correct=c.is_correct,
                feedback=c.feedback,
            )
            for c in question.choices.all()
        )


# --- Ordering ---------------------------------------------------------------------------------


def _move(item, siblings, direction: str) -> None:
    """Swaps `item` with its neighbour; positions are renumbered 0..n first so ties vanish."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Move up or down."), code="direction")
    ordered = list(siblings.order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, other in enumerate(ordered):
        if other.position != position:
            other.position = position
            type(other).objects.filter(pk=other.pk).update(position=position)


# --- Topics -----------------------------------------------------------------------------------


def _check_title(title: str) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": [_("Please give it a title.")]})


@transaction.atomic
def topic_create(
    *, module: Module, title: str, body: str = "", examples: str = "", acting_user
) -> Topic:
    _require_edit(acting_user, module)
    _check_title(title)
    return Topic.objects.create(
        module=module,
        position=_next_position(module.topics.all()),
        title=title.strip(),
        body=body,
        examples=examples,
    )


@transaction.atomic
def topic_update(*, topic: Topic, title: str, body: str, examples: str, acting_user) -> Topic:
    _require_edit(acting_user, topic.module)
    _check_title(title)
    topic.title, topic.body, topic.examples = title.strip(), body, examples
    topic.save()
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, acting_user) -> None:
    _require_edit(acting_user, topic.module)
    topic.delete()


@transaction.atomic
def topic_move(*, topic: Topic, direction: str, acting_user) -> None:
    _require_edit(acting_user, topic.module)
    _move(topic, topic.module.topics.all(), direction)


# --- Inside a topic: activities, media, resources ----------------------------------------------


@transaction.atomic
def exercise_create(
    *, topic: Topic, prompt: str, expects_answer: bool = True, acting_user
) -> Exercise:
    _require_edit(acting_user, topic.module)
    if not prompt.strip():
        raise ValidationError({"prompt": [_("Please write the activity's prompt.")]})
    return Exercise.objects.create(
        topic=topic,
        position=_next_position(topic.exercises.all()),
        prompt=prompt,
        expects_answer=expects_answer,
    )


@transaction.atomic
def exercise_delete(*, exercise: Exercise, acting_user) -> None:
    _require_edit(acting_user, exercise.topic.module)
    exercise.delete()


@transaction.atomic
def media_create(
    *,
    topic: Topic,
    title: str,
    kind: str,
    url: str = "",
    file=None,
    captions=None,
    captions_language: str = "en",
    transcript: str = "",
    acting_user,
) -> Media:
    """Captions and transcript may come later, but the module can't be published without them."""
    _require_edit(acting_user, topic.module)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Please give it a title.")]
    if kind not in MediaKind.values:
        errors["kind"] = [_("Choose video or audio.")]
    if bool(url) == bool(file):
        errors["url"] = [_("Give either a link or a file, not both.")]
    for name, check, value in (
        ("file", check_media_file, file),
        ("captions", check_captions_file, captions),
    ):
        if value:
            try:
                check(value)
            except ValidationError as error:
                errors[name] = error.messages
    try:
        captions_language = check_language(captions_language)
    except ValidationError as error:
        errors["captions_language"] = error.messages
    if errors:
        raise ValidationError(errors)
    media = Media(
        topic=topic,
        position=_next_position(topic.media.all()),
        title=title.strip(),
        kind=kind,
        url=url,
        captions_language=captions_language,
        transcript=transcript,
    )
    if file:
        media.file.save(file.name, file, save=False)
    if captions:
        media.captions.save(captions.name, captions, save=False)
    media.save()
    return media


@transaction.atomic
def media_update_accessibility(
    *, media: Media, captions=None, transcript: str, acting_user
) -> Media:
    """Adds or replaces the captions file and the transcript of existing media."""
    _require_edit(acting_user, media.topic.module)
    if captions:
        try:
            check_captions_file(captions)
        except ValidationError as error:
            raise ValidationError({"captions": error.messages}) from None
        media.captions.save(captions.name, captions, save=False)
    media.transcript = transcript
    media.save()
    return media


@transaction.atomic
def media_delete(*, media: Media, acting_user) -> None:
    _require_edit(acting_user, media.topic.module)
    media.delete()


@transaction.atomic
def resource_create(
    *, topic: Topic, title: str, description: str = "", url: str = "", file=None, acting_user
) -> Resource:
    _require_edit(acting_user, topic.module)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Please give it a title.")]
    if bool(url) == bool(file):
        errors["url"] = [_("Give either a link or a file, not both.")]
    if file:
        try:
            check_resource_file(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    resource = Resource(
        topic=topic,
        position=_next_position(topic.resources.all()),
        title=title.strip(),
        description=description,
        url=url,
    )
    if file:
        resource.file.save(file.name, file, save=False)
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, acting_user) -> None:
    _require_edit(acting_user, resource.topic.module)
    resource.delete()


# --- Self-assessment --------------------------------------------------------------------------


def check_choices(kind: str, choices: list[dict]) -> None:
    """Single choice and true/false: exactly one correct answer; multiple choice: at least one;
    a reflection has no choices."""
    if kind not in QuestionKind.values:
        raise ValidationError(_("Choose a kind of question."), code="kind")
    correct = sum(1 for choice in choices if choice.get("is_correct"))
    if kind == QuestionKind.REFLECTION:
        if choices:
            raise ValidationError(
                _("A reflection has no answer choices; the learner writes freely."),
                code="reflection_choices",
            )
        return
    if len(choices) < 2:
        raise ValidationError(_("Give at least two answer choices."), code="too_few")
    if len(choices) > MAX_CHOICES:
        raise ValidationError(
            _("Give at most %(count)d answer choices.") % {"count": MAX_CHOICES}, code="too_many"
        )
    if kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
        raise ValidationError(
            _("A true-or-false question has exactly two choices."), code="true_false"
        )
    if kind == QuestionKind.MULTIPLE and correct < 1:
        raise ValidationError(_("Mark at least one choice as correct."), code="no_correct")
    if kind in {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE} and correct != 1:
        raise ValidationError(_("Mark exactly one choice as correct."), code="one_correct")


def _set_choices(question: Question, choices: list[dict]) -> None:
    existing = list(question.choices.order_by("position", "pk"))
    for position, data in enumerate(choices):
        values = {
            "text": data["text"].strip(),
            "is_correct": bool(data.get("is_correct")),
            "feedback": data.get("feedback", ""),
            "position": position,
        }
        if position < len(existing):
            choice = existing[position]
            for name, value in values.items():
                setattr(choice, name, value)
            choice.save()
        else:
            Choice.objects.create(question=question, **values)
    Choice.objects.filter(pk__in=[c.pk for c in existing[len(choices) :]]).delete()


@transaction.atomic
def question_save(
    *,
    module: Module,
    kind: str,
    text: str,
    feedback: str = "",
    choices: list[dict],
    acting_user,
    question: Question | None = None,
) -> Question:
    """Creates a question, or replaces an existing one's text and choices (kept in order)."""
    _require_edit(acting_user, module)
    if question is not None and question.module_id != module.pk:
        raise PermissionDenied
    choices = [c for c in choices if c.get("text", "").strip()]
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Please write the question.")]
    try:
        check_choices(kind, choices)
    except ValidationError as error:
        errors["__all__"] = error.messages
    if errors:
        raise ValidationError(errors)
    if question is None:
        question = Question(module=module, position=_next_position(module.questions.all()))
    question.kind, question.text, question.feedback = kind, text.strip(), feedback
    question.save()
    _set_choices(question, choices)
    return question


@transaction.atomic
def question_delete(*, question: Question, acting_user) -> None:
    _require_edit(acting_user, question.module)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str, acting_user) -> None:
    _require_edit(acting_user, question.module)
    _move(question, question.module.questions.all(), direction)
