"""What the pool hands back when an OCR engine outside it reads the text.

Plain data only (no OpenCV, PDFium or Tesseract): the process on the event
loop unpickles these and finishes the document once the engine has answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.document import PageReading, ReadDocument, SealMark


@dataclass(frozen=True)
class PendingPage:
    """A page prepared in the pool whose text an engine outside the pool will read."""

    number: int
    image: str
    """Path of a grayscale PNG of the page, upright and levelled."""
    dpi: int
    rotation: int
    seals: list[SealMark] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)

    def read(self, text: str, confidence: float | None) -> PageReading:
        """The finished page, once the engine has read ``text`` off the image."""
        return PageReading(
            number=self.number,
            text=text.strip(),
            source="ocr",
            ocr_confidence=None if confidence is None else round(confidence, 1),
            rotation=self.rotation,
            seals=self.seals,
            qr_codes=self.qr_codes,
        )


@dataclass(frozen=True)
class PreparedDocument:
    """A file read in the pool except for the pages an outside OCR engine must read."""

    media_type: str
    sha256: str
    page_count: int
    pages: list[PageReading | PendingPage]

    @property
    def pending(self) -> list[PendingPage]:
        return [page for page in self.pages if isinstance(page, PendingPage)]

    def finish(self, texts: dict[int, tuple[str, float | None]]) -> ReadDocument:
        """The ``ReadDocument`` once ``texts`` holds (text, confidence) of every pending page."""
        return ReadDocument(
            media_type=self.media_type,
            sha256=self.sha256,
            page_count=self.page_count,
            pages=[
                page.read(*texts[page.number]) if isinstance(page, PendingPage) else page
                for page in self.pages
            ],
        )
