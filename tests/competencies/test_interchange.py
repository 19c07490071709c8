import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.competencies import interchange
from atheneum.competencies.models import Competency, CompetencyText, Framework

from .factories import CompetencyFactory


@pytest.fixture
def multilingual(framework):
    competency = framework.competencies.get(code="A1")
    CompetencyText.objects.create(
        competency=competency, language="sv", title="Kundfokus", description="Fokus, kund"
    )
    area = framework.competencies.get(code="A")
    indicator = CompetencyFactory(
        framework=framework, parent=competency, kind="indicator", code="A1.1", position=0
    )
    indicator.texts.all().delete()
    CompetencyText.objects.create(competency=indicator, language="fr", title="Écoute")
    framework.description = 'Quotes " and, commas\nand lines'
    framework.version = "2"
    framework.publisher = "Riverside"
    framework.save()
    assert area
    return framework


def counts():
    return (Framework.objects.count(), Competency.objects.count(), CompetencyText.objects.count())


def test_csv_round_trip_into_new_framework_is_identical(
    multilingual, organiser, other_organisation
):
    first = interchange.export_csv(framework=multilingual)
    result = interchange.framework_import(
        content=first.encode(), file_format="csv", organisation=None, acting_user=None
    )
    copy = result.framework
    assert copy.pk != multilingual.pk
    second = interchange.export_csv(framework=copy)
    assert second == first.replace(str(multilingual.case_identifier), str(copy.case_identifier))
    assert copy.uses_manager_ratings is True
    assert result.summary[0] == "Imported 4 items."


def test_csv_round_trip_after_delete_is_byte_identical(multilingual):
    first = interchange.export_csv(framework=multilingual)
    multilingual.delete()
    result = interchange.framework_import(
        content=first, file_format="csv", organisation=None, acting_user=None
    )
    assert interchange.export_csv(framework=result.framework) == first


def test_case_round_trip_after_delete_is_identical(multilingual):
    first = interchange.export_case_json(framework=multilingual)
    organisation = multilingual.organisation
    multilingual.delete()
    result = interchange.framework_import(
        content=first, file_format="case", organisation=organisation, acting_user=None
    )
    assert interchange.export_case_json(framework=result.framework) == first


def test_case_export_structure(multilingual):
    package = interchange.export_case(framework=multilingual)
    assert package["CFDocument"]["language"] == "en"
    items = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert items["A"]["CFItemType"] == "Area"
    assert items["A1"]["fullStatement"] == "What A1 means."
    assert items["A1"]["abbreviatedStatement"] == "Customer focus"
    assert items["A1.1"]["language"] == "fr"
    child_of = {
        a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
        for a in package["CFAssociations"]
    }
    assert {a["associationType"] for a in package["CFAssociations"]} == {"isChildOf"}
    assert child_of[items["A1"]["identifier"]] == items["A"]["identifier"]
    assert child_of[items["A"]["identifier"]] == str(multilingual.case_identifier)
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [(level["score"], level["quality"]) for level in levels][:2] == [
        (0, "None"),
        (1, "Aware"),
    ]


def test_case_export_in_swedish_uses_swedish_text(multilingual):
    package = interchange.export_case(framework=multilingual, language="sv")
    items = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert (items["A1"]["abbreviatedStatement"], items["A1"]["language"]) == ("Kundfokus", "sv")
    assert items["A2"]["language"] == "en"


def bad_csv(rows):
    header = ",".join(interchange.CSV_COLUMNS)
    return "\n".join([header, *rows]) + "\n"


FRAMEWORK_ROW = f"framework,{uuid.uuid4()},,,,,,en,Test,,,,no"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [FRAMEWORK_ROW, "competency,not-a-uuid,,competency,X,0,,en,Name,,,,"],
            "Row 3: “not-a-uuid” is not a valid identifier (a UUID).",
        ),
        (
            [FRAMEWORK_ROW, f"competency,{uuid.uuid4()},,skill,X,0,,en,Name,,,,"],
            "Row 3: the kind must be area, competency or indicator, not “skill”.",
        ),
        (
            [FRAMEWORK_ROW, f"competency,{uuid.uuid4()},,competency,X,0,,en,,,,,"],
            "Row 3: the competency needs a name.",
        ),
        (
            [FRAMEWORK_ROW, f"competency,{uuid.uuid4()},{uuid.uuid4()},competency,X,0,,en,N,,,,"],
            "Row 3: its parent",
        ),
        (
            [FRAMEWORK_ROW, "level,,,,,,x,,None,,,,"],
            "Row 3: the level needs a whole number value.",
        ),
        (
            [FRAMEWORK_ROW, "level,,,,,,1,,One,,,,", "level,,,,,,1,,Uno,,,,"],
            "Row 4: level 1 appears twice.",
        ),
        (
            [f"competency,{uuid.uuid4()},,competency,X,0,,en,Name,,,,"],
            "Row 2: the first record must be the framework.",
        ),
        (
            [FRAMEWORK_ROW, f"competency,{uuid.uuid4()},,competency,X,zero,,en,Name,,,,"],
            "Row 3: the position must be a whole number.",
        ),
    ],
)
def test_bad_csv_imports_nothing(db, rows, message):
    good = f"competency,{uuid.uuid4()},,competency,OK,0,,en,Fine,,,,"
    with pytest.raises(ValidationError) as error:
        interchange.framework_import(
            content=bad_csv([*rows, good]), file_format="csv", organisation=None, acting_user=None
        )
    assert message in " ".join(error.value.messages)
    assert counts() == (0, 0, 0)


def test_csv_cycle_is_refused(db):
    a, b = uuid.uuid4(), uuid.uuid4()
    content = bad_csv(
        [
            FRAMEWORK_ROW,
            f"competency,{a},{b},area,A,0,,en,A,,,,",
            f"competency,{b},{a},area,B,0,,en,B,,,,",
        ]
    )
    with pytest.raises(ValidationError, match="it is part of itself"):
        interchange.framework_import(
            content=content, file_format="csv", organisation=None, acting_user=None
        )
    assert counts() == (0, 0, 0)


def test_csv_without_columns_is_refused(db):
    with pytest.raises(ValidationError, match="missing: record, identifier"):
        interchange.framework_import(
            content="name,description\nx,y\n",
            file_format="csv",
            organisation=None,
            acting_user=None,
        )


def test_csv_parent_by_code(db):
    content = bad_csv(
        [
            FRAMEWORK_ROW,
            ",".join(["competency", "", "", "area", "AR", "0", "", "en", "Area", "", "", "", ""]),
            ",".join(
                ["competency", "", "AR", "competency", "C", "0", "", "en", "C", "", "", "", ""]
            ),
        ]
    )
    result = interchange.framework_import(
        content=content, file_format="csv", organisation=None, acting_user=None
    )
    child = result.framework.competencies.get(code="C")
    assert child.parent.code == "AR"
    assert list(result.framework.levels.values_list("value", flat=True)) == [0, 1, 2, 3, 4]
    assert "the default 0–4 scale was added" in result.summary[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "The file is not valid JSON (line 1, column 2)."),
        ("[]", "The file has no CFDocument"),
        (
            json.dumps({"CFDocument": {"identifier": "1954b3b4-9cf7-4160-bf70-f1abac48459e"}}),
            "needs a title",
        ),
        (
            json.dumps(
                {
                    "CFDocument": {"identifier": str(uuid.uuid4()), "title": "T"},
                    "CFItems": [
                        {"identifier": str(uuid.uuid4()), "fullStatement": "ok"},
                        {"identifier": str(uuid.uuid4())},
                    ],
                }
            ),
            "CFItem 2 (",
        ),
        (
            json.dumps(
                {
                    "CFDocument": {"identifier": str(uuid.uuid4()), "title": "T"},
                    "CFItems": [{"identifier": "nope", "fullStatement": "x"}],
                }
            ),
            "CFItem 1: “nope” is not a valid identifier (a UUID).",
        ),
    ],
)
def test_bad_case_imports_nothing(db, content, message):
    with pytest.raises(ValidationError) as error:
        interchange.framework_import(
            content=content, file_format="case", organisation=None, acting_user=None
        )
    assert message in " ".join(error.value.messages)
    assert counts() == (0, 0, 0)


def big_case(count: int) -> str:
    """A CASE package like published ones: deep, extra fields and other association types."""
    document = str(uuid.uuid4())
    items, associations = [], []
    groups = [str(uuid.uuid4()) for _ in range(30)]
    for number, identifier in enumerate(groups):
        items.append(
            {
                "identifier": identifier,
                "fullStatement": f"Domain {number}",
                "CFItemType": "Domain",
                "CFItemTypeURI": {"identifier": str(uuid.uuid4())},
                "educationLevel": ["09", "10"],
            }
        )
        associations.append(
            {
                "identifier": str(uuid.uuid4()),
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": identifier},
                "destinationNodeURI": {"identifier": document},
                "sequenceNumber": number,
            }
        )
    for number in range(count - len(groups)):
        identifier = str(uuid.uuid4())
        items.append(
            {
                "identifier": identifier,
                "fullStatement": {"en": f"Statement {number}", "fr": f"Énoncé {number}"},
                "humanCodingScheme": f"S.{number}",
                "CFItemType": "Standard",
            }
        )
        associations.append(
            {
                "identifier": str(uuid.uuid4()),
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": identifier},
                "destinationNodeURI": {"identifier": groups[number % len(groups)]},
            }
        )
        if number % 3 == 0:
            associations.append(
                {
                    "identifier": str(uuid.uuid4()),
                    "associationType": "precedes" if number % 2 else "exactMatchOf",
                    "originNodeURI": {"identifier": identifier},
                    "destinationNodeURI": {"identifier": str(uuid.uuid4())},
                }
            )
    package = {
        "CFDocument": {"identifier": document, "title": "Big standards", "language": "en"},
        "CFItems": items,
        "CFAssociations": associations,
    }
    return json.dumps(package)


def test_large_case_import_in_bounded_queries(db):
    content = big_case(3000)
    with CaptureQueriesContext(connection) as context:
        result = interchange.framework_import(
            content=content, file_format="case", organisation=None, acting_user=None
        )
    assert len(context) <= 80
    framework = result.framework
    assert framework.competencies.count() == 3000
    assert framework.competencies.filter(kind="area").count() == 30
    assert CompetencyText.objects.filter(competency__framework=framework).count() == 2 * 2970 + 30
    assert result.summary[0] == "Imported 3,000 items."
    assert "Ignored 990 associations of the types exactMatchOf (495), precedes (495)." in (
        result.summary
    )
    assert "Ignored item fields: CFItemTypeURI, educationLevel." in result.summary


def test_import_page_by_organiser(client_as, organisation, multilingual):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = interchange.export_csv(framework=multilingual).encode()
    response = client_as("organiser").post(
        reverse("competencies:framework_import"),
        {
            "organisation": organisation.pk,
            "file_format": "csv",
            "file": SimpleUploadedFile("f.csv", content, content_type="text/csv"),
        },
    )
    assert response.status_code == 302
    assert Framework.objects.count() == 2


def test_import_page_bad_file_names_row_and_changes_nothing(client_as, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = counts()
    response = client_as("organiser").post(
        reverse("competencies:framework_import"),
        {
            "organisation": organisation.pk,
            "file_format": "csv",
            "file": SimpleUploadedFile(
                "f.csv", bad_csv([FRAMEWORK_ROW, "oops,,,,,,,,,,,,"]).encode()
            ),
        },
    )
    assert response.status_code == 400
    assert b"Row 3: the record must be framework, level or competency." in response.content
    assert counts() == before


def test_import_page_for_other_organisation_is_refused(client_as, other_organisation, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("organiser").post(
        reverse("competencies:framework_import"),
        {
            "organisation": other_organisation.pk,
            "file_format": "csv",
            "file": SimpleUploadedFile("f.csv", b"x"),
        },
    )
    assert response.status_code == 400
    assert Framework.objects.count() == 0


def test_commands_round_trip(tmp_path, multilingual, organisation):
    path = tmp_path / "out.json"
    call_command("export_framework", multilingual.slug, "--format", "case", "--output", str(path))
    call_command(
        "import_framework", str(path), "--organisation", organisation.slug, "--slug", "copy"
    )
    copy = Framework.objects.get(slug="copy")
    assert copy.organisation == organisation
    assert copy.competencies.count() == 4


def test_import_command_bad_file_fails_cleanly(tmp_path, db):
    path = tmp_path / "bad.csv"
    path.write_text("record,identifier,title\nlevel,,x\n")
    with pytest.raises(CommandError, match="Row 2: the first record must be the framework."):
        call_command("import_framework", str(path))
    assert counts() == (0, 0, 0)


def test_export_command_unknown_slug(db):
    with pytest.raises(CommandError, match="No framework with the slug"):
        call_command("export_framework", "nothing")
