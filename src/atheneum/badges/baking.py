"""The badge image, and baking a credential into it (Open Badges 3.0 baking, PNG iTXt)."""

import io
import json

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

KEYWORD = "openbadgecredential"
SIZE = 400
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_DECODED_PIXELS = 4_000_000


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:3]).upper() or "?"


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def _draw_centred(draw, y: int, text: str, font, fill) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((SIZE - (right - left)) / 2, y), text, font=font, fill=fill)


def badge_image(*, organisation_name: str, achievement_name: str, revoked: bool = False) -> Image:
    """A round badge: the organisation's initials over the achievement's short name."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = (120, 120, 120, 255) if revoked else (20, 83, 116, 255)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=ring)
    draw.ellipse((28, 28, SIZE - 28, SIZE - 28), fill=(255, 255, 255, 255))
    _draw_centred(draw, 110, _initials(organisation_name), _font(96), ring)
    words = _short(achievement_name)
    _draw_centred(draw, 250, words, _font(22), (30, 30, 30, 255))
    return image


def png_bytes(image: Image, *, credential: str | None = None) -> bytes:
    """The image as PNG; with `credential` (a compact VC-JWT) baked in an iTXt chunk."""
    info = PngImagePlugin.PngInfo()
    if credential:
        info.add_itxt(KEYWORD, credential, lang="", tkey="")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def credential_from_png(data: bytes) -> str | None:
    """The baked credential (compact JWT or JSON text) from a PNG; None if there is none."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return None
            # Chunks before the pixel data are read without decoding the image; only a
            # modest image is decoded to find a chunk placed after it.
            value = image.info.get(KEYWORD)
            if value is None and image.width * image.height <= MAX_DECODED_PIXELS:
                image.load()
                value = image.text.get(KEYWORD)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return str(value) if value else None


def token_from_text(text: str) -> str:
    """A compact JWT from what a visitor pasted or uploaded: the JWT itself, our JSON download
    ({"jwt": …}) or a JSON document carrying the JWT as a `proof.jwt`."""
    text = (text or "").strip()
    if not text.startswith("{"):
        return text
    try:
        document = json.loads(text)
    except ValueError:
        return ""
    if isinstance(document, dict):
        if isinstance(document.get("jwt"), str):
            return document["jwt"].strip()
        proof = document.get("proof")
        if isinstance(proof, dict) and isinstance(proof.get("jwt"), str):
            return proof["jwt"].strip()
    return ""
