"""Demo news: posts in several languages, comments, subscribers and a draft newsletter.

Running `load` twice changes nothing: every row is found by its slug or natural key first.
"""

import datetime
import uuid

from django.utils import timezone
from django.utils.text import slugify

from atheneum.common.markdown import render_markdown

from .enums import CommentStatus, IssueStatus, PostStatus
from .models import Comment, NewsletterIssue, Post, Subscriber, Tag

DEMO_NAMESPACE = uuid.UUID("6f1c8f5e-2b1d-4d0e-9a51-6b7f0d3a2c10")

TAGS = [
    "continuing professional development",
    "coaching",
    "conferences",
    "translation",
    "reflective practice",
    "competencies",
]

# (group, language, slug, title, summary, body, tags, organisation, days ago)
POSTS = [
    (
        "reflect",
        "en",
        "three-questions-after-every-workshop",
        "Three questions to ask yourself after every workshop",
        "A short routine that turns a day of training into something you still use a month later.",
        "Most of us leave a workshop full of ideas and have forgotten half of them by the "
        "following week. A few minutes of reflection on the train home makes the difference.\n\n"
        "## The routine\n\n"
        "1. What surprised me today?\n"
        "2. Which idea could I try at my own service desk within a fortnight?\n"
        "3. Who in my team should hear about it?\n\n"
        "Write the answers in your portfolio while they are fresh. Your manager will thank you "
        "at your next development conversation.",
        ["continuing professional development", "reflective practice"],
        "association",
        2,
    ),
    (
        "reflect",
        "es",
        "tres-preguntas-despues-de-cada-taller",
        "Tres preguntas para hacerse después de cada taller",
        "Una rutina breve para que una jornada de formación siga siendo útil un mes después.",
        "Solemos salir de un taller con muchas ideas y a la semana ya hemos olvidado la mitad. "
        "Unos minutos de reflexión en el camino a casa cambian mucho las cosas.\n\n"
        "## La rutina\n\n"
        "1. ¿Qué me sorprendió hoy?\n"
        "2. ¿Qué idea podría probar en mi biblioteca en las próximas dos semanas?\n"
        "3. ¿Con quién de mi equipo debería compartirla?\n\n"
        "Anote las respuestas en su portafolio mientras las tiene frescas.",
        ["continuing professional development", "reflective practice"],
        "association",
        2,
    ),
    (
        "reflect",
        "fr",
        "trois-questions-apres-chaque-atelier",
        "Trois questions à se poser après chaque atelier",
        "Une petite habitude pour qu'une journée de formation serve encore un mois plus tard.",
        "On sort souvent d'un atelier plein d'idées, et la moitié a disparu la semaine suivante. "
        "Quelques minutes de réflexion sur le trajet du retour suffisent à les garder.\n\n"
        "1. Qu'est-ce qui m'a surpris aujourd'hui ?\n"
        "2. Quelle idée puis-je essayer dans ma bibliothèque d'ici quinze jours ?\n"
        "3. Qui, dans mon équipe, devrait en entendre parler ?",
        ["continuing professional development", "reflective practice"],
        "association",
        2,
    ),
    (
        "coaching-round",
        "en",
        "coaching-round-opens-for-volunteers",
        "Our spring coaching round is looking for volunteer coaches",
        "Experienced colleagues can offer an hour a month to someone starting out.",
        "Coaching is one of the cheapest and most effective forms of professional development "
        "we know. This spring we are pairing new professionals with experienced colleagues in "
        "another country, so both sides learn how libraries work elsewhere.\n\n"
        "If you can spare one online hour a month for three months, tell us which languages "
        "you speak and which time zones suit you. We will send a short guide before the first "
        "meeting.",
        ["coaching", "continuing professional development"],
        "association",
        6,
    ),
    (
        "coaching-round",
        "sv",
        "coachningsomgang-soker-frivilliga",
        "Vårens coachningsomgång söker frivilliga coacher",
        "Erfarna kolleger kan ge en timme i månaden till någon som är ny i yrket.",
        "Coachning är ett av de billigaste och mest verkningsfulla sätten att utvecklas i yrket. "
        "I vår parar vi ihop nya bibliotekarier med erfarna kolleger i ett annat land.\n\n"
        "Kan du avvara en timme i månaden under tre månader? Berätta vilka språk du talar och "
        "vilka tidszoner som passar dig.",
        ["coaching"],
        "association",
        6,
    ),
    (
        "coaching-round",
        "ar",
        "jawlat-al-tawjih-tabhath-an-mutatawwiin",
        "جولة التوجيه في الربيع تبحث عن موجّهين متطوعين",
        "يمكن للزملاء ذوي الخبرة تقديم ساعة شهريًا لزميل في بداية مسيرته.",
        "التوجيه المهني من أقل وسائل التطوير المهني كلفة وأكثرها أثرًا. "
        "في هذا الربيع نجمع بين أمناء مكتبات جدد وزملاء ذوي خبرة من بلدان أخرى.\n\n"
        "إذا استطعت تخصيص ساعة واحدة عبر الإنترنت كل شهر لمدة ثلاثة أشهر، فأخبرنا باللغات التي "
        "تتحدثها والمناطق الزمنية المناسبة لك.",
        ["coaching"],
        "association",
        6,
    ),
    (
        "conference",
        "en",
        "programme-for-the-online-conference",
        "The programme for our online conference is out",
        "Three days, sessions in four languages, and every time shown in your own zone.",
        "The programme for this year's online conference is now published. Sessions run in "
        "English, French, Spanish and Arabic, and recordings will be available to members "
        "afterwards.\n\n"
        "Highlights include a panel on **steering competence development in small teams** and "
        "a hands-on session about writing learning objectives that a manager can actually "
        "review.",
        ["conferences", "competencies"],
        "association",
        10,
    ),
    (
        "translators",
        "en",
        "help-translate-the-cpd-poster",
        "Help us translate the CPD poster",
        "The one-page poster about planning your learning needs more languages.",
        "Our one-page poster on planning your own learning has proved popular in staff rooms. "
        "It currently exists in six languages and we would love to add more.\n\n"
        "The text is about three hundred words. Claim a language, translate it, and a second "
        "volunteer will review your version before we publish it with your name on it.",
        ["translation"],
        "association",
        14,
    ),
    (
        "translators",
        "fr",
        "aidez-nous-a-traduire-l-affiche",
        "Aidez-nous à traduire l'affiche sur le développement professionnel",
        "L'affiche sur la planification de vos apprentissages cherche de nouvelles langues.",
        "Notre affiche d'une page sur la planification des apprentissages est affichée dans de "
        "nombreuses salles du personnel. Elle existe en six langues ; aidez-nous à en ajouter.\n\n"
        "Le texte compte environ trois cents mots. Une relectrice ou un relecteur vérifie chaque "
        "version avant publication.",
        ["translation"],
        "association",
        14,
    ),
    (
        "riverside-hours",
        "en",
        "riverside-protects-learning-time",
        "Riverside Library sets aside learning time for every team",
        "Two hours a month, in the rota, for every member of staff.",
        "From next month every team at Riverside has two hours a month in the rota for "
        "professional development. Team managers agree the priorities with their teams, and "
        "everyone records what they did in their portfolio.\n\n"
        "We will report back on how it went at the end of the year.",
        ["continuing professional development", "competencies"],
        "riverside",
        20,
    ),
    (
        "hilltown-club",
        "en",
        "hilltown-reading-group-for-staff",
        "A journal club for Hill Town staff",
        "One article, one hour, once a month, over lunch.",
        "Starting in the autumn, Hill Town Library staff meet once a month over lunch to "
        "discuss one article from the professional literature. Anyone may propose an article; "
        "the person who proposes it leads the conversation.",
        ["reflective practice"],
        "hilltown",
        25,
    ),
    (
        "self-assessment",
        "es",
        "autoevaluacion-de-competencias",
        "Cómo hacer una autoevaluación de competencias útil",
        "Sea honesto, sea concreto y vuelva a mirarla dentro de seis meses.",
        "Una autoevaluación solo sirve si la usamos para decidir qué aprender después. "
        "Elija tres competencias, describa un ejemplo reciente de cada una y fije un nivel "
        "objetivo realista para los próximos seis meses.",
        ["competencies", "continuing professional development"],
        "association",
        30,
    ),
]

COMMENTS = [
    (
        "three-questions-after-every-workshop",
        "member",
        "I tried this after last week's cataloguing course and it worked: I actually changed "
        "how we handle series records.",
        CommentStatus.APPROVED,
    ),
    (
        "coaching-round-opens-for-volunteers",
        "manager",
        "Two of my team would love a coach. Is there a deadline for coachees too?",
        CommentStatus.APPROVED,
    ),
    (
        "programme-for-the-online-conference",
        "member",
        "Will the panel on small teams be recorded?",
        CommentStatus.PENDING,
    ),
]


def load(*, organisations: dict, users: dict) -> None:
    now = timezone.now()
    author = users["organiser"]
    tags = {}
    for name in TAGS:
        slug = slugify(name, allow_unicode=True)
        tags[name], _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})

    posts = {}
    for group, language, slug, title, summary, body, tag_names, org_key, days in POSTS:
        post, created = Post.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": organisations[org_key],
                "author": author if org_key == "association" else users["admin"],
                "title": title,
                "summary": summary,
                "body": body,
                "body_html": render_markdown(body),
                "language": language,
                "status": PostStatus.PUBLISHED,
                "published_at": now - datetime.timedelta(days=days),
                "translation_group": uuid.uuid5(DEMO_NAMESPACE, group),
            },
        )
        if created:
            post.tags.set([tags[name] for name in tag_names])
        posts[slug] = post

    Post.objects.get_or_create(
        slug="draft-call-for-speakers",
        defaults={
            "organisation": organisations["association"],
            "author": author,
            "title": "Call for speakers (draft)",
            "body": "We are still writing this one.",
            "body_html": render_markdown("We are still writing this one."),
            "language": "en",
            "status": PostStatus.DRAFT,
        },
    )

    for slug, user_key, body, status in COMMENTS:
        Comment.objects.get_or_create(
            post=posts[slug], author=users[user_key], body=body, defaults={"status": status}
        )

    association = organisations["association"]
    for email, language in [("reader@example.org", "en"), ("lectora@example.org", "es")]:
        Subscriber.objects.get_or_create(
            organisation=association,
            email=email,
            defaults={"language": language, "confirmed_at": now},
        )

    issue, created = NewsletterIssue.objects.get_or_create(
        organisation=association,
        subject="Coaching, conferences and a poster to translate",
        defaults={
            "introduction": "Here is what happened this month. As always, *reply* and tell us "
            "what you would like to read about.",
            "status": IssueStatus.DRAFT,
            "created_by": author,
        },
    )
    if created:
        issue.posts.set(
            [
                posts["coaching-round-opens-for-volunteers"],
                posts["programme-for-the-online-conference"],
                posts["help-translate-the-cpd-poster"],
            ]
        )
