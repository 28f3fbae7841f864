"""The benchmark's documents: the demo's text PDFs, scans and photos, made unique
per event.

A few bytes after the end (``%%EOF``, a JPEG's last marker, a HEIC's last box)
give each copy its own SHA-256 while PDFium, libjpeg and libheif read it
exactly as the original, so a "cold" event costs a full read (no cached result
can answer it) and the rendering of samples stays a one-off cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from stream.samples import SampleCase, build_samples


@dataclass(frozen=True, slots=True)
class BenchDocument:
    """One file to upload and the event fields of its applicant."""

    case: SampleCase
    content: bytes

    @property
    def filename(self) -> str:
        return self.case.filename

    @property
    def media_type(self) -> str:
        return self.case.media_type


Kind = Literal["text", "scan", "photo"]


@dataclass(frozen=True, slots=True)
class DocumentSet:
    text_pdfs: tuple[SampleCase, ...]
    scans: tuple[SampleCase, ...]
    photos: tuple[SampleCase, ...]
    """Phone photos (JPEG, HEIC): the sheet on a desk, one of them sideways."""

    @classmethod
    def build(cls, cases: list[SampleCase] | None = None) -> DocumentSet:
        cases = cases if cases is not None else build_samples(datetime.now(UTC).date())
        text = tuple(c for c in cases if c.rendering == "text_pdf")
        scans = tuple(c for c in cases if c.rendering.startswith("scan"))
        photos = tuple(c for c in cases if c.rendering.startswith("photo"))
        if not text or not scans or not photos:
            raise ValueError("the samples hold no text PDF, no scan or no photo")
        return cls(text, scans, photos)

    def of(self, kind: Kind) -> tuple[SampleCase, ...]:
        return {"text": self.text_pdfs, "scan": self.scans, "photo": self.photos}[kind]

    def unique(self, kind: Kind, index: int) -> BenchDocument:
        """The ``index``-th distinct copy of a ``kind`` document."""
        pool = self.of(kind)
        case = pool[index % len(pool)]
        return BenchDocument(case, case.content + f"\n%bench {index:08d}\n".encode())

    def same(self, kind: Kind, index: int) -> BenchDocument:
        """One of the originals, byte for byte: its read result can be reused."""
        pool = self.of(kind)
        case = pool[index % len(pool)]
        return BenchDocument(case, case.content)
