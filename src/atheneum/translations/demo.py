"""Demo data: the association's poster on CPD in the digital environment, wanted in twelve
languages and at every stage, from published Arabic and Chinese to Japanese still wanted."""

import datetime

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from atheneum.accounts.models import User
from atheneum.common.demo import demo_password_hash

from . import campaign_services as services
from .documents import preview_pdf
from .enums import FileKind, LanguageState, Region
from .models import (
    Campaign,
    GlossaryTerm,
    GlossaryTranslation,
    LanguageReviewer,
    ReviewComment,
    Segment,
    SegmentTranslation,
    StateChange,
    TargetLanguage,
    Volunteer,
)

SLUG = "cpd-digital-poster"

SOURCE = [
    "Learning in a digital world: guidelines for continuing professional development",
    "Library work changes with every new tool. These guidelines help you keep learning, "
    "and show what you have learnt.",
    "1. Plan your learning. Once a year, choose two or three goals that match your role "
    "and the needs of your community.",
    "2. Mix your sources. Online courses, webinars, podcasts and reading groups all count, "
    "as do conferences and visits to other libraries.",
    "3. Build your digital literacy. Practise searching, evaluating sources, protecting "
    "privacy and creating content with open tools.",
    "4. Keep a learning record. Write down what you did, when, and for how long, with a "
    "link or a certificate if you have one.",
    "5. Reflect. After each activity, note one thing you will do differently at work.",
    "6. Learn with others. Ask a mentor for advice, share what you found with colleagues "
    "and offer help in return.",
    "7. Look after yourself. Screens are tiring: take breaks and set limits on notifications.",
    "8. Respect rights. Credit authors, follow licences and protect the personal data of "
    "library users.",
    "Your employer should give you time for learning; your association can help you find it.",
    "Supported by library associations worldwide. Translate this poster on Atheneum.",
]

CONTEXTS = {0: "Headline, large type", 11: "Footer, small type"}

TRANSLATIONS = {
    "ar": [
        "التعلّم في عالم رقمي: إرشادات للتطوير المهني المستمر",
        "يتغيّر العمل في المكتبات مع كل أداة جديدة. تساعدك هذه الإرشادات على مواصلة التعلّم "
        "وإظهار ما تعلّمته.",
        "١. خطّط لتعلّمك. اختر مرة كل عام هدفين أو ثلاثة أهداف تناسب دورك واحتياجات مجتمعك.",
        "٢. نوّع مصادرك. الدورات عبر الإنترنت والندوات الإلكترونية والبودكاست ومجموعات "
        "القراءة كلها تُحتسب، وكذلك المؤتمرات وزيارات المكتبات الأخرى.",
        "٣. طوّر ثقافتك الرقمية. تدرّب على البحث وتقييم المصادر وحماية الخصوصية وإنشاء "
        "المحتوى بأدوات مفتوحة.",
        "٤. احتفظ بسجل للتعلّم. دوّن ما قمت به ومتى وكم استغرق من الوقت، مع رابط أو شهادة إن وُجدت.",
        "٥. تأمّل. بعد كل نشاط، سجّل أمراً واحداً ستفعله بشكل مختلف في عملك.",
        "٦. تعلّم مع الآخرين. اطلب المشورة من مرشد، وشارك ما وجدته مع زملائك، وقدّم المساعدة بدورك.",
        "٧. اعتنِ بنفسك. الشاشات متعبة: خذ فترات راحة وقلّل الإشعارات.",
        "٨. احترم الحقوق. انسب الأعمال إلى مؤلفيها، والتزم بالتراخيص، واحمِ البيانات "
        "الشخصية لمستخدمي المكتبة.",
        "ينبغي أن يمنحك صاحب العمل وقتاً للتعلّم، ويمكن لجمعيتك المهنية أن تساعدك في الحصول عليه.",
        "بدعم من جمعيات المكتبات حول العالم. ترجم هذا الملصق على أثينيوم.",
    ],
    "zh-Hans": [
        "数字时代的学习：持续专业发展指南",
        "图书馆工作随着每一种新工具而变化。这些指南帮助你不断学习，并展示你的学习成果。",
        "1. 规划学习。每年选择两到三个符合你的岗位和社区需求的目标。",
        "2. 丰富学习来源。在线课程、网络研讨会、播客和读书会都算在内，会议和参观其他图书馆也一样。",
        "3. 提升数字素养。练习检索、评估信息来源、保护隐私，并使用开放工具创作内容。",
        "4. 保存学习记录。写下你做了什么、何时做的、用了多长时间，如有链接或证书请一并附上。",
        "5. 反思。每次活动之后，记下一件你在工作中会改变做法的事情。",
        "6. 与他人一起学习。向导师请教，与同事分享你的发现，也为他人提供帮助。",
        "7. 照顾好自己。屏幕使人疲劳：适时休息，并限制通知。",
        "8. 尊重权利。注明作者，遵守许可协议，保护图书馆用户的个人数据。",
        "你的雇主应当给你学习的时间；你的协会可以帮助你争取。",
        "由世界各地的图书馆协会支持。欢迎在 Atheneum 上翻译这张海报。",
    ],
    "es": [
        "Aprender en un mundo digital: pautas para el desarrollo profesional continuo",
        "El trabajo en bibliotecas cambia con cada nueva herramienta. Estas pautas te ayudan a "
        "seguir aprendiendo y a mostrar lo que has aprendido.",
        "1. Planifica tu aprendizaje. Una vez al año, elige dos o tres objetivos acordes con tu "
        "puesto y con las necesidades de tu comunidad.",
        "2. Combina tus fuentes. Los cursos en línea, los seminarios web, los pódcast y los "
        "clubes de lectura cuentan, igual que los congresos y las visitas a otras bibliotecas.",
        "3. Desarrolla tu alfabetización digital. Practica la búsqueda, la evaluación de "
        "fuentes, la protección de la privacidad y la creación de contenidos con herramientas "
        "abiertas.",
        "4. Lleva un registro de aprendizaje. Anota qué hiciste, cuándo y durante cuánto "
        "tiempo, con un enlace o un certificado si lo tienes.",
        "5. Reflexiona. Después de cada actividad, anota una cosa que harás de otra manera en "
        "el trabajo.",
        "6. Aprende con otras personas. Pide consejo a un mentor, comparte lo que encuentres "
        "con tus colegas y ofrece ayuda a cambio.",
        "7. Cuídate. Las pantallas cansan: haz pausas y limita las notificaciones.",
        "8. Respeta los derechos. Cita a los autores, cumple las licencias y protege los datos "
        "personales de los usuarios de la biblioteca.",
        "Tu empleador debería darte tiempo para aprender; tu asociación puede ayudarte a "
        "conseguirlo.",
        "Con el apoyo de asociaciones de bibliotecas de todo el mundo. Traduce este póster en "
        "Atheneum.",
    ],
    "fr": [
        "Apprendre dans un monde numérique : repères pour le développement professionnel continu",
        "Le travail en bibliothèque évolue avec chaque nouvel outil. Ces repères vous aident à "
        "continuer d'apprendre et à montrer ce que vous avez appris.",
        "1. Planifiez votre apprentissage. Une fois par an, choisissez deux ou trois objectifs "
        "adaptés à votre poste et aux besoins de votre public.",
        "2. Variez vos sources. Cours en ligne, webinaires, podcasts et cercles de lecture "
        "comptent, tout comme les congrès et les visites d'autres bibliothèques.",
        "3. Développez votre culture numérique. Entraînez-vous à chercher, à évaluer les "
        "sources, à protéger la vie privée et à créer des contenus avec des outils libres.",
        "4. Tenez un relevé de vos formations. Notez ce que vous avez fait, quand et pendant "
        "combien de temps, avec un lien ou une attestation si vous en avez une.",
        "5. Prenez du recul. Après chaque activité, notez une chose que vous ferez autrement "
        "au travail.",
        "6. Apprenez avec d'autres. Demandez conseil à un mentor, partagez vos découvertes avec "
        "vos collègues et proposez votre aide en retour.",
        "7. Prenez soin de vous. Les écrans fatiguent : faites des pauses et limitez les "
        "notifications.",
        "8. Respectez les droits. Citez les auteurs, respectez les licences et protégez les "
        "données personnelles des usagers.",
        "Votre employeur devrait vous accorder du temps pour apprendre ; votre association peut "
        "vous aider à l'obtenir.",
        "Avec le soutien d'associations de bibliothèques du monde entier. Traduisez cette "
        "affiche sur Atheneum.",
    ],
    "sw": [
        "Kujifunza katika ulimwengu wa kidijitali: miongozo ya maendeleo endelevu ya kitaaluma",
        "Kazi ya maktaba hubadilika kila kinapokuja kifaa kipya. Miongozo hii inakusaidia "
        "kuendelea kujifunza na kuonyesha ulichojifunza.",
        "1. Panga mafunzo yako. Mara moja kwa mwaka, chagua malengo mawili au matatu "
        "yanayolingana na kazi yako na mahitaji ya jamii yako.",
        "2. Changanya vyanzo vyako. Kozi za mtandaoni, semina za mtandaoni, podikasti na "
        "vikundi vya usomaji vyote vinahesabika, pamoja na makongamano na kutembelea maktaba "
        "nyingine.",
        "3. Jenga ujuzi wako wa kidijitali. Fanya mazoezi ya kutafuta, kutathmini vyanzo, "
        "kulinda faragha na kuunda maudhui kwa zana huria.",
        "4. Weka kumbukumbu ya mafunzo. Andika ulichofanya, lini na kwa muda gani, pamoja na "
        "kiungo au cheti ikiwa unacho.",
    ],
    "sv": [
        "Att lära i en digital värld: riktlinjer för kontinuerlig kompetensutveckling",
        "Biblioteksarbetet förändras med varje nytt verktyg. De här riktlinjerna hjälper dig att "
        "fortsätta lära och visa vad du har lärt dig.",
    ],
    "de": [
        "Lernen in einer digitalen Welt: Leitlinien für die berufliche Weiterbildung",
        "Die Arbeit in Bibliotheken verändert sich mit jedem neuen Werkzeug. Diese Leitlinien "
        "helfen Ihnen, weiter zu lernen und zu zeigen, was Sie gelernt haben.",
    ],
    "ru": [
        "Обучение в цифровом мире: рекомендации по непрерывному профессиональному развитию",
        "Работа в библиотеке меняется с каждым новым инструментом. Эти рекомендации помогут "
        "вам продолжать учиться и показывать, чему вы научились.",
    ],
    "pt": [
        "Aprender num mundo digital: orientações para o desenvolvimento profissional contínuo",
        "O trabalho nas bibliotecas muda com cada nova ferramenta. Estas orientações ajudam-no "
        "a continuar a aprender e a mostrar o que aprendeu.",
    ],
}

GLOSSARY = [
    (
        "CPD",
        "Continuing professional development: the learning that keeps your skills current.",
        {
            "fr": "DPC (développement professionnel continu)",
            "es": "DPC (desarrollo profesional continuo)",
            "ar": "التطوير المهني المستمر",
            "zh-Hans": "持续专业发展",
        },
    ),
    (
        "digital literacy",
        "Finding, judging, using and creating information with digital tools.",
        {
            "fr": "culture numérique",
            "es": "alfabetización digital",
            "ar": "الثقافة الرقمية",
            "zh-Hans": "数字素养",
        },
    ),
    (
        "learning record",
        "The list of activities a person keeps as evidence of their CPD.",
        {
            "fr": "relevé de formations",
            "es": "registro de aprendizaje",
            "ar": "سجل التعلّم",
            "zh-Hans": "学习记录",
        },
    ),
    (
        "reflection",
        "Thinking back on an activity and what it changes in your practice.",
        {"fr": "prise de recul", "es": "reflexión", "ar": "التأمّل", "zh-Hans": "反思"},
    ),
    (
        "mentor",
        "An experienced colleague who advises you over time.",
        {"fr": "mentor", "es": "mentor", "ar": "مرشد", "zh-Hans": "导师"},
    ),
    (
        "webinar",
        "A talk or workshop held online.",
        {"fr": "webinaire", "es": "seminario web", "ar": "ندوة إلكترونية", "zh-Hans": "网络研讨会"},
    ),
]

# language, region, final state, translator key (None: wanted), weeks ago of each state.
LANGUAGES = [
    ("ar", Region.ARAB, LanguageState.PUBLISHED, "layla", [9, 8, 6, 5, 4]),
    ("zh-Hans", Region.ASIA_OCEANIA, LanguageState.PUBLISHED, "wei", [9, 7, 5, 4, 3]),
    ("es", Region.AMERICAS, LanguageState.PUBLISHED, "lucia", [8, 7, 5, 3, 2]),
    ("fr", Region.EUROPE, LanguageState.PUBLISHED, "amelie", [7, 6, 4, 2, 1]),
    ("sv", Region.EUROPE, LanguageState.APPROVED, "astrid", [6, 5, 2, 1]),
    ("de", Region.EUROPE, LanguageState.IN_REVIEW, "jonas", [5, 4, 1]),
    ("ru", Region.EUROPE, LanguageState.SUBMITTED, "olga", [4, 3, 1]),
    ("pt", Region.EUROPE, LanguageState.CHANGES_REQUESTED, "joao", [4, 3, 2, 1]),
    ("sw", Region.AFRICA, LanguageState.IN_TRANSLATION, "amani", [3, 2]),
    ("hi", Region.ASIA_OCEANIA, LanguageState.CLAIMED, "priya", [1]),
    ("ja", Region.ASIA_OCEANIA, LanguageState.WANTED, None, []),
    ("ko", Region.ASIA_OCEANIA, LanguageState.WANTED, None, []),
]

PATHS = {
    LanguageState.PUBLISHED: [
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.SUBMITTED,
        LanguageState.APPROVED,
        LanguageState.PUBLISHED,
    ],
    LanguageState.APPROVED: [
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.SUBMITTED,
        LanguageState.APPROVED,
    ],
    LanguageState.IN_REVIEW: [
        LanguageState.CLAIMED,
        LanguageState.SUBMITTED,
        LanguageState.IN_REVIEW,
    ],
    LanguageState.SUBMITTED: [
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.SUBMITTED,
    ],
    LanguageState.CHANGES_REQUESTED: [
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.SUBMITTED,
        LanguageState.CHANGES_REQUESTED,
    ],
    LanguageState.IN_TRANSLATION: [LanguageState.CLAIMED, LanguageState.IN_TRANSLATION],
    LanguageState.CLAIMED: [LanguageState.CLAIMED],
    LanguageState.WANTED: [],
}

TRANSLATORS = {
    "layla": "Layla Haddad",
    "wei": "Wei Zhang",
    "lucia": "Lucía Romero",
    "amelie": "Amélie Laurent",
    "astrid": "Astrid Lindqvist",
    "jonas": "Jonas Becker",
    "olga": "Olga Smirnova",
    "joao": "João Ferreira",
    "amani": "Amani Njoroge",
    "priya": "Priya Raman",
}

TEMPLATE_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="420mm" height="594mm" viewBox="0 0 420 594">
  <title>Learning in a digital world: poster template</title>
  <rect width="420" height="594" fill="#ffffff"/>
  <rect x="0" y="0" width="420" height="110" fill="#1b4f72"/>
  <text id="segment-1" x="30" y="65" font-family="Noto Sans" font-size="22" fill="#ffffff">
    [1] Headline</text>
  <text id="segment-2" x="30" y="150" font-family="Noto Sans" font-size="12">[2] Introduction</text>
  <text id="segment-3-10" x="30" y="190" font-family="Noto Sans" font-size="11">
    [3–10] The eight guidelines, one per line</text>
  <text id="segment-11" x="30" y="540" font-family="Noto Sans" font-size="11">[11] Call</text>
  <text id="segment-12" x="30" y="575" font-family="Noto Sans" font-size="8">[12] Footer</text>
</svg>
"""

DESCRIPTION = """A one-page poster with eight practical guidelines for continuing professional
development when so much of our learning happens online. Libraries print it for staff rooms,
training days and conference stands.

**How to help:** pick a language on the board below, claim it and translate the twelve short
segments. Please follow the glossary so that the key terms match other CPD material in your
language. A reviewer who reads your language checks the text before it is published; the
designers of each supporting association then lay it out from the template."""


def _person(key: str) -> User:
    email = f"translator.{key}@demo.atheneum.test"
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": TRANSLATORS[key], "time_zone": "UTC"}
    )
    if created:
        user.password = demo_password_hash()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def load(*, organisations: dict, users: dict) -> None:
    if Campaign.objects.filter(slug=SLUG).exists():
        return
    now = timezone.now()
    organiser = users["organiser"]
    campaign = Campaign.objects.create(
        organisation=organisations["association"],
        slug=SLUG,
        title="Learning in a digital world: a CPD poster",
        description=DESCRIPTION,
        source_language="en",
        deadline=(now + datetime.timedelta(weeks=8)).date(),
        allowed_file_kinds=[FileKind.PDF, FileKind.PNG, FileKind.SVG, FileKind.DESIGN],
        text_only=True,
        is_published=True,
        created_by=organiser,
    )
    campaign.supporters.set([organisations["riverside"], organisations["hilltown"]])
    campaign.template_file.save("cpd-digital-poster.svg", ContentFile(TEMPLATE_SVG.encode()))
    campaign.preview_pdf.save(
        "cpd-digital-poster-preview.pdf",
        ContentFile(
            preview_pdf(title=campaign.title, author=campaign.organisation.name, paragraphs=SOURCE)
        ),
    )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=now - datetime.timedelta(weeks=10))
    segments = Segment.objects.bulk_create(
        [
            Segment(campaign=campaign, position=i, source_text=text, context=CONTEXTS.get(i, ""))
            for i, text in enumerate(SOURCE)
        ]
    )
    for term, explanation, translations in GLOSSARY:
        glossary_term = GlossaryTerm.objects.create(
            campaign=campaign, term=term, explanation=explanation
        )
        GlossaryTranslation.objects.bulk_create(
            [
                GlossaryTranslation(term=glossary_term, language=code, text=text)
                for code, text in translations.items()
            ]
        )

    for code, region, state, key, weeks in LANGUAGES:
        target = TargetLanguage.objects.create(campaign=campaign, language=code, region=region)
        wanted = StateChange.objects.create(target=target, state=LanguageState.WANTED)
        StateChange.objects.filter(pk=wanted.pk).update(
            changed_at=now - datetime.timedelta(weeks=10)
        )
        if key is None:
            continue
        translator = _person(key)
        Volunteer.objects.create(target=target, user=translator, is_lead=True)
        if code == "fr":
            Volunteer.objects.create(target=target, user=users["member"], is_lead=False)
        texts = TRANSLATIONS.get(code, [])
        SegmentTranslation.objects.bulk_create(
            [
                SegmentTranslation(target=target, segment=segment, text=text, updated_by=translator)
                for segment, text in zip(segments, texts, strict=False)
            ]
        )
        path = PATHS[state]
        history = list(zip(path, weeks, strict=False))
        for step, ago in history[:-1] if state == LanguageState.PUBLISHED else history:
            change = StateChange.objects.create(target=target, state=step, changed_by=translator)
            StateChange.objects.filter(pk=change.pk).update(
                changed_at=now - datetime.timedelta(weeks=ago)
            )
        target.state = LanguageState.APPROVED if state == LanguageState.PUBLISHED else state
        target.last_activity_at = now - datetime.timedelta(weeks=history[-1][1])
        target.save()
        if state == LanguageState.PUBLISHED:
            services.language_publish(target=target, acting_user=organiser)
            published_at = now - datetime.timedelta(weeks=history[-1][1])
            TargetLanguage.objects.filter(pk=target.pk).update(
                published_at=published_at, approved_by=organiser
            )
            StateChange.objects.filter(target=target, state=LanguageState.PUBLISHED).update(
                changed_at=published_at
            )
        if state == LanguageState.CHANGES_REQUESTED:
            ReviewComment.objects.create(
                target=target,
                segment=segments[1],
                author=organiser,
                text="Reads well! Please address the reader directly, as the other "
                "languages do: “ajudam-te a continuar a aprender”.",
            )

    LanguageReviewer.objects.get_or_create(campaign=campaign, language="de", user=users["member"])
    LanguageReviewer.objects.get_or_create(campaign=campaign, language="pt", user=organiser)
