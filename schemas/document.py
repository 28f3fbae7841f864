"""What the reading stage extracts from a file, as the checking stage sees it.

Produced in a pool process, carried over the internal topic between the OCR
and the checking agents, so it holds text and small findings only, no pixels.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TextSource = Literal["text_layer", "ocr"]


class SealMark(BaseModel):
    """A round seal found on a page image, in page pixels at the read resolution."""

    model_config = ConfigDict(frozen=True)

    x: int
    y: int
    radius: int
    score: float = Field(ge=0.0, le=1.0, description="how sure the detector is")
    colour: Literal["blue", "violet", "red", "gray"]


class PageReading(BaseModel):
    """One page: its text and what was found on its image."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    text: str
    source: TextSource
    ocr_confidence: float | None = Field(default=None, description="mean word confidence, 0-100")
    rotation: int = Field(default=0, description="degrees the page was turned to read it")
    seals: list[SealMark] = Field(default_factory=list)
    qr_codes: list[str] = Field(default_factory=list, description="decoded QR payloads")


class ReadDocument(BaseModel):
    """A whole file, read."""

    model_config = ConfigDict(frozen=True)

    media_type: str
    sha256: str
    page_count: int = Field(ge=0, description="pages in the file; may exceed those read")
    pages: list[PageReading]

    @property
    def text(self) -> str:
        return "\n\f\n".join(page.text for page in self.pages)
