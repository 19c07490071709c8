"""Renders the demo video of "Disability awareness for library staff": six slides, four
seconds each, white text on dark blue (contrast above 12:1), with its WebVTT captions and
transcript written beside it.

The encoder is not a dependency of Atheneum; install it for the run only:

    .venv/bin/pip install imageio-ffmpeg
    .venv/bin/python src/atheneum/learning/demo_modules/make_video.py
    .venv/bin/pip uninstall -y imageio-ffmpeg

It writes ``disability-awareness-library-staff/media/welcoming-everyone.mp4`` (H.264, about
24 seconds, well under 400 KB) plus ``welcoming-everyone.vtt`` and ``welcoming-everyone.txt``.
"""

import textwrap
from pathlib import Path

import cvttf_NotoSansCJK_Regular
import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
OUT = HERE / "disability-awareness-library-staff" / "media"
NAME = "welcoming-everyone"
SIZE = (960, 540)
FPS = 5
SECONDS_PER_SLIDE = 4
BACKGROUND = (20, 45, 80)
TEXT = (255, 255, 255)
ACCENT = (255, 214, 102)

SLIDES = [
    ("Welcoming everyone", "Five everyday habits for library staff"),
    ("1. Ask, don't assume", '"How can I help?" works better than guessing what someone needs.'),
    (
        "2. Speak to the person",
        "Talk to the visitor, not to their companion, carer or interpreter.",
    ),
    ("3. Keep routes clear", "Keep trolleys, displays and boxes out of aisles, ramps and lifts."),
    ("4. Offer more than one way", "Print, large print, audio, e-book; phone, chat or in person."),
    ("5. Follow up", "Note what was missing and tell the colleague who can fix it."),
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(cvttf_NotoSansCJK_Regular.get_TTF_path(), size)


def render(heading: str, body: str) -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 120, 72, 420), fill=ACCENT)
    draw.text((100, 130), heading, font=_font(54), fill=TEXT)
    y = 240
    for line in textwrap.wrap(body, width=36):
        draw.text((100, y), line, font=_font(38), fill=TEXT)
        y += 56
    draw.text((100, 470), "Atheneum - CC BY 4.0", font=_font(22), fill=ACCENT)
    return image


def _timestamp(seconds: int) -> str:
    return f"00:00:{seconds:02d}.000"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    writer = imageio_ffmpeg.write_frames(
        str(OUT / f"{NAME}.mp4"),
        SIZE,
        fps=FPS,
        codec="libx264",
        pix_fmt_out="yuv420p",
        output_params=["-crf", "30", "-tune", "stillimage", "-movflags", "+faststart"],
        macro_block_size=2,
    )
    writer.send(None)
    for heading, body in SLIDES:
        frame = render(heading, body).tobytes()
        for _ in range(FPS * SECONDS_PER_SLIDE):
            writer.send(frame)
    writer.close()
    cues = ["WEBVTT", ""]
    transcript = [
        "Welcoming everyone: five everyday habits (24 seconds, no sound).",
        "The video shows six slides with white text on a dark blue background.",
        "",
    ]
    for index, (heading, body) in enumerate(SLIDES):
        start, end = index * SECONDS_PER_SLIDE, (index + 1) * SECONDS_PER_SLIDE
        cues += [str(index + 1), f"{_timestamp(start)} --> {_timestamp(end)}", heading, body, ""]
        transcript.append(f"Slide {index + 1}: {heading}. {body}")
    (OUT / f"{NAME}.vtt").write_text("\n".join(cues), encoding="utf-8")
    (OUT / f"{NAME}.txt").write_text("\n".join(transcript) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
