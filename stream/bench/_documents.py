"""The benchmark's documents: the demo's text PDFs and scans, made unique per event.

A few bytes after ``%%EOF`` give each copy its own SHA-256 while PDFium reads
it exactly as the original, so a "cold" event costs a full read (no cached
result can answer it) and the rendering of samples stays a one-off cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

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


@dataclass(frozen=True, slots=True)
class DocumentSet:
    text_pdfs: tuple[SampleCase, ...]
    scans: tuple[SampleCase, ...]

    @classmethod
    def build(cls, cases: list[SampleCase] | None = None) -> DocumentSet:
        cases = cases if cases is not None else build_samples(datetime.now(UTC).date())
        text = tuple(c for c in cases if c.rendering == "text_pdf")
        scans = tuple(c for c in cases if c.rendering.startswith("scan"))
        if not text or not scans:
            raise ValueError("the samples hold no text PDF or no scan")
        return cls(text, scans)

    def unique(self, kind: str, index: int) -> BenchDocument:
        """The ``index``-th distinct copy of a ``kind`` ("text" or "scan") document."""
        pool = self.text_pdfs if kind == "text" else self.scans
        case = pool[index % len(pool)]
        return BenchDocument(case, case.content + f"\n%bench {index:08d}\n".encode())

    def same(self, kind: str, index: int) -> BenchDocument:
        """One of the originals, byte for byte: its read result can be reused."""
        pool = self.text_pdfs if kind == "text" else self.scans
        case = pool[index % len(pool)]
        return BenchDocument(case, case.content)
