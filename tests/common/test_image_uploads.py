"""Logos and photos: the right formats only, at most 2 MB and 40 megapixels, clear messages."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atheneum.coaching.programme_forms import CoachForm
from atheneum.events.forms import PartnerForm, SpeakerForm


def image_file(size=(40, 40), fmt="PNG", noise=False, name="photo.png"):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "teal")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def speaker_errors(photo):
    form = SpeakerForm(data={"name": "Sam Speaker", "photo_alt": "Sam"}, files={"photo": photo})
    form.is_valid()
    return form.errors.get("photo", [])


def test_small_png_is_accepted():
    assert speaker_errors(image_file()) == []


def test_oversized_photo_is_refused():
    assert speaker_errors(image_file((1000, 1000), noise=True)) == [
        "The image is larger than 2 MB."
    ]


def test_pixel_bomb_is_refused():
    assert speaker_errors(image_file((8000, 6000))) == ["The image has too many pixels."]


def test_other_image_formats_are_refused():
    assert speaker_errors(image_file(fmt="BMP", name="photo.bmp")) == [
        "Upload a JPEG, PNG or WebP image."
    ]


def test_svg_with_script_is_not_an_image():
    svg = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    form = PartnerForm(data={"name": "Partner", "position": 0}, files={"logo": svg})
    assert not form.is_valid()
    assert "logo" in form.errors


@pytest.mark.django_db
def test_coach_photo_uses_the_same_check():
    form = CoachForm(
        data={"photo_alt": "Me"},
        files={"photo": image_file((8000, 6000))},
        competency_choices=[],
        has_photo=False,
    )
    form.is_valid()
    assert form.errors.get("photo") == ["The image has too many pixels."]
