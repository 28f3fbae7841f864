"""Where Tesseract's trained data lives."""

from __future__ import annotations

import os
from pathlib import Path

# Debian/Ubuntu layouts first (tesseract 5, then 4), then the upstream default.
_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
REQUIRED_LANGUAGES = ("rus", "kaz", "eng", "osd")
# What every page is read in, by Tesseract or by the OCR service.
LANGUAGES = "rus+kaz+eng"
_APT_PACKAGES = "tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz"


class TessdataMissing(RuntimeError):
    """No tessdata folder holds the languages the service reads."""


def _has_languages(folder: Path, languages: tuple[str, ...]) -> bool:
    return all((folder / f"{lang}.traineddata").is_file() for lang in languages)


def _missing(folder: Path) -> list[str]:
    return [lang for lang in REQUIRED_LANGUAGES if not (folder / f"{lang}.traineddata").is_file()]


def tessdata_dir() -> str:
    """The tessdata folder with rus, kaz, eng and osd trained data.

    ``TESSDATA_PREFIX`` wins when set (it may name the folder itself or, as
    Tesseract 3 expected, its parent). Raises ``TessdataMissing`` naming the
    apt packages to install when no candidate holds every language.
    """
    candidates: list[Path] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [Path(prefix), Path(prefix) / "tessdata"]
    candidates += [Path(c) for c in _CANDIDATES]
    for folder in candidates:
        if _has_languages(folder, REQUIRED_LANGUAGES):
            return str(folder)
    looked = ", ".join(
        f"{folder} (missing {', '.join(_missing(folder))})"
        for folder in candidates
        if folder.is_dir()
    ) or ", ".join(str(folder) for folder in candidates)
    raise TessdataMissing(
        f"Tesseract trained data for {'+'.join(REQUIRED_LANGUAGES)} not found; "
        f"install the Debian packages: apt-get install {_APT_PACKAGES} "
        f"(osd and eng come with tesseract-ocr), or set TESSDATA_PREFIX. Looked in: {looked}"
    )
