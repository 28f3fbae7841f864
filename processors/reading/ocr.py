"""Tesseract OCR with page orientation, one engine of each kind per process.

``tesserocr`` is imported lazily: the pool initializer must set
``OMP_THREAD_LIMIT`` before libtesseract loads, and the parent process that
only submits work never needs it. Engines are module-level and reused; after
an engine error all are dropped, so the next page starts fresh ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import cv2
import numpy as np
from PIL import Image

from processors.errors import OcrFailure
from processors.reading.deskew import estimate_skew, rotate_small, text_lines
from processors.reading.pixels import shrink
from processors.reading.tessdata import LANGUAGES, tessdata_dir

if TYPE_CHECKING:
    from tesserocr import PyTessBaseAPI

# Tesseract's own default margin for trusting an orientation guess.
_OSD_MIN_CONFIDENCE = 7.0
# Orientation is judged on a smaller copy: it only has to rank, not read.
_ORIENTATION_LONG_SIDE = 1600
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LEFT_TO_RIGHT = 0  # tesserocr.WritingDirection.LEFT_TO_RIGHT
_GOOD_CONFIDENCE = 85.0
_GOOD_LETTERS = 20
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}

Kind = Literal["text", "osd"]
_engines: dict[Kind, PyTessBaseAPI] = {}


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float
    """Mean word confidence, 0-100."""
    rotation: int
    """Degrees the page was turned clockwise to stand upright: 0, 90, 180, 270."""
    skew: float
    """Degrees of small tilt levelled after the quarter turn."""


def turn(image: np.ndarray, clockwise: int) -> np.ndarray:
    """``image`` turned clockwise by a multiple of 90 degrees."""
    return image if clockwise % 360 == 0 else cv2.rotate(image, _TURNS[clockwise % 360])


def _engine(kind: Kind) -> PyTessBaseAPI:
    engine = _engines.get(kind)
    if engine is None:
        from tesserocr import PSM, PyTessBaseAPI

        try:
            if kind == "osd":
                engine = PyTessBaseAPI(path=tessdata_dir(), lang="osd", psm=PSM.OSD_ONLY)
            else:
                engine = PyTessBaseAPI(path=tessdata_dir(), lang=LANGUAGES, psm=PSM.AUTO)
        except RuntimeError as exc:  # TessdataMissing, or Tesseract refusing its data
            raise OcrFailure(f"cannot start Tesseract: {exc}", stage="ocr") from exc
        # Tesseract prints page-level chatter ("Image too small to scale") to
        # stderr, which would flood the worker logs.
        engine.SetVariable("debug_file", os.devnull)
        _engines[kind] = engine
    return engine


def close_engines() -> None:
    """Free this process's engines; the next call creates new ones."""
    for engine in _engines.values():
        engine.End()
    _engines.clear()


@contextmanager
def _using(kind: Kind, image: Image.Image, dpi: int | None = None) -> Iterator[PyTessBaseAPI]:
    """An engine holding ``image``; engine errors become ``OcrFailure``."""
    engine = _engine(kind)
    try:
        engine.SetImage(image)
        if dpi is not None:
            engine.SetSourceResolution(dpi)
        yield engine
        engine.Clear()
    except RuntimeError as exc:
        close_engines()
        raise OcrFailure(f"Tesseract failed: {exc}", stage="ocr") from exc


def warm_up() -> None:
    """Load both engines and run one, so the first real page is not slower."""
    with _using("text", Image.new("L", (200, 60), 255), 300) as engine:
        engine.GetUTF8Text()
    _engine("osd")


def _pil(gray: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(gray, dtype=np.uint8))


def recognise(gray: np.ndarray, dpi: int) -> tuple[str, float]:
    """Text of an upright, level grayscale page, and its mean word confidence (0-100)."""
    with _using("text", _pil(gray), dpi) as engine:
        text = engine.GetUTF8Text() or ""
        confidences = engine.AllWordConfidences() or []
    return text, float(np.mean(confidences)) if confidences else 0.0


def _osd_rotation(gray: np.ndarray) -> int | None:
    """Clockwise quarter turn that stands the page upright, when OSD is sure."""
    with _using("osd", _pil(gray)) as engine:
        # None when the page has too few characters to judge.
        found: dict[str, Any] | None = engine.DetectOrientationScript()
    if not found or found.get("orient_conf", 0.0) < _OSD_MIN_CONFIDENCE:
        return None
    # orient_deg is the counter-clockwise turn that fixes the page.
    return (360 - int(found["orient_deg"])) % 360


def _upright_score(gray: np.ndarray, dpi: int) -> tuple[float, float]:
    """Confidence-weighted Cyrillic letters read left to right, and their mean confidence.

    Tesseract reads a sideways page as vertical (top-to-bottom) text, sometimes
    correctly, so only left-to-right words count as evidence of upright text.
    """
    with _using("text", _pil(gray), dpi) as engine:
        engine.Recognize()
        return _left_to_right_score(engine)


def _left_to_right_score(engine: PyTessBaseAPI) -> tuple[float, float]:
    """``_upright_score`` of the page ``engine`` has just recognised."""
    from tesserocr import RIL, iterate_level

    score = letters_total = 0.0
    iterator = engine.GetIterator()
    # A page with no words still yields one (empty) position; skip it.
    words = iterate_level(iterator, RIL.WORD) if iterator is not None else ()
    for word in words:
        if word.Empty(RIL.WORD) or word.Orientation()[1] != _LEFT_TO_RIGHT:
            continue
        letters = len(_CYRILLIC.findall(word.GetUTF8Text(RIL.WORD) or ""))
        score += word.Confidence(RIL.WORD) * letters
        letters_total += letters
    return score, (score / letters_total if letters_total else 0.0)


def _reads_upright(score: float, mean: float) -> bool:
    """A wrong turn never yields many confidently read left-to-right Cyrillic letters."""
    return mean >= _GOOD_CONFIDENCE and score >= _GOOD_LETTERS * mean


def _trial_rotation(small: np.ndarray, dpi: int) -> int:
    """OCR the quarter turns; keep the one with most confidently read Cyrillic.

    A turn that reads well wins at once: a wrong turn never yields many
    confidently read left-to-right Cyrillic letters. Upright goes first (OSD is
    mostly unsure on short upright pages, the common case of this fallback),
    then the two sideways turns of a phone held in landscape, upside down last.
    """
    best, best_score = 0, 0.0
    for clockwise in (0, 90, 270, 180):
        score, mean = _upright_score(turn(small, clockwise), dpi)
        if _reads_upright(score, mean):
            return clockwise
        if score > best_score:
            best, best_score = clockwise, score
    return best


def find_rotation(gray: np.ndarray, dpi: int) -> int:
    """Clockwise quarter turn (0/90/180/270) that stands the page upright."""
    scale = min(1.0, _ORIENTATION_LONG_SIDE / max(gray.shape))
    small = shrink(gray, scale)
    rotation = _osd_rotation(small)
    if rotation is None:
        rotation = _trial_rotation(small, max(70, round(dpi * scale)))
    return rotation


@dataclass(frozen=True)
class Upright:
    gray: np.ndarray
    """The page turned upright and levelled: what recognition reads."""
    rotation: int
    skew: float


def stand_up(gray: np.ndarray, dpi: int, work: np.ndarray | None = None) -> Upright:
    """Quarter-turn orientation (OSD, or trial OCR on short pages), then deskew,
    the skew measured on ``work`` (the page's ``work_copy``) when given.

    Raises ``OcrFailure(stage="ocr")`` when the engine itself fails.
    """
    rotation = find_rotation(gray, dpi)
    upright = turn(gray, rotation)
    skew = estimate_skew(upright if work is None else turn(work, rotation))
    return Upright(gray=rotate_small(upright, skew), rotation=rotation, skew=skew)


def recognise_as_it_stands(
    gray: np.ndarray, dpi: int, work: np.ndarray | None = None
) -> tuple[Upright, str, float] | None:
    """Level ``gray`` (its lines measured on ``work``, its ``work_copy``, when given)
    and read it without turning it; the page, its text and mean word confidence
    when that reading itself shows upright text, else None. A page whose lines
    run down it (turned a quarter) is not read here at all.

    Most pages are upright (scans nearly always, photos mostly), and this one
    recognition pass is what ``stand_up`` then ``recognise`` would do for them,
    without the orientation pass (OSD, or trial OCR) before it.
    Raises ``OcrFailure(stage="ocr")``.
    """
    lines = text_lines(gray if work is None else work)
    if not lines.across:
        return None
    skew = lines.skew
    level = rotate_small(gray, skew)
    with _using("text", _pil(level), dpi) as engine:
        text = engine.GetUTF8Text() or ""
        confidences = engine.AllWordConfidences() or []
        score, mean = _left_to_right_score(engine)
    if not _reads_upright(score, mean):
        return None
    confidence = float(np.mean(confidences)) if confidences else 0.0
    return Upright(gray=level, rotation=0, skew=skew), text, confidence


def ocr_page(gray: np.ndarray, dpi: int) -> OcrResult:
    """Read a grayscale page: quarter-turn orientation, deskew, then recognition.

    Raises ``OcrFailure(stage="ocr")`` when the engine itself fails.
    """
    page = stand_up(gray, dpi)
    text, confidence = recognise(page.gray, dpi)
    return OcrResult(
        text=text.strip(), confidence=round(confidence, 1), rotation=page.rotation, skew=page.skew
    )
