"""The labelled evaluation corpus: about seventy documents, some 40% of them acceptable.

Six document types in Russian and Kazakh, as digital PDFs (one with an owner
password), multi-page PDFs and scans whose decisive page is not the first,
colour and grayscale scans, JPEG, PNG and HEIC phone photos (upright, turned
sideways, or turned by an EXIF tag), and files the service must refuse. Every
code of CONTRACT section 4 a document can earn appears at least once.

Deterministic: every date counts back from ``today`` and every random choice
comes from a seed in the case. Files are made on demand (``CorpusEntry.make``
or ``make_file``, which a process pool can call), so a subset costs only its own
rendering.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from stream.samples.corpus_base import FILE_CODES, CorpusBuilder, CorpusEntry, Subset
from stream.samples.corpus_certificates import add_certificates
from stream.samples.corpus_files import add_files
from stream.samples.corpus_orders import add_orders
from stream.samples.corpus_people import add_people
from stream.samples.corpus_rejected import add_dates, add_kinds_and_stamps
from stream.samples.holdout import holdout_entries

MANIFEST = "manifest.json"
Corpus = Literal["main", "holdout"]


def corpus_entries(today: date) -> list[CorpusEntry]:
    """Every corpus case, labelled, for events created on ``today``."""
    builder = CorpusBuilder(today)
    for add in (add_orders, add_certificates, add_people, add_dates, add_kinds_and_stamps):
        add(builder)
    add_files(builder)
    return builder.entries


def entries_of(corpus: Corpus, today: date) -> list[CorpusEntry]:
    """The cases of the main corpus or of the holdout corpus (``stream.samples.holdout``)."""
    if corpus == "holdout":
        return holdout_entries(today)
    return corpus_entries(today)


def select(
    entries: Sequence[CorpusEntry], subset: Subset = "full", names: Iterable[str] = ()
) -> list[CorpusEntry]:
    """The ``fast`` subset or all; ``names`` (substrings) narrows either further."""
    chosen = [e for e in entries if subset == "full" or e.fast]
    wanted = tuple(names)
    if wanted:
        chosen = [e for e in chosen if any(w in e.name for w in wanted)]
    return chosen


@lru_cache(maxsize=2)
def _by_name(today: date, corpus: Corpus = "main") -> dict[str, CorpusEntry]:
    return {entry.name: entry for entry in entries_of(corpus, today)}


def make_file(today: date, name: str, corpus: Corpus = "main") -> tuple[bytes, str]:
    """The file of case ``name`` and its media type; picklable, for a process pool."""
    return _by_name(today, corpus)[name].make()


def composition(entries: Sequence[CorpusEntry]) -> dict[str, dict[str, int]]:
    """How many cases there are by verdict, kind, language, rendering, code and tag."""
    counts: dict[str, Counter[str]] = {
        key: Counter() for key in ("verdict", "kind", "language", "rendering", "code", "tag")
    }
    for e in entries:
        counts["verdict"]["accept" if e.expected_verdict else "reject"] += 1
        counts["kind"][e.kind] += 1
        counts["language"][e.language or "none"] += 1
        counts["rendering"][e.rendering] += 1
        counts["code"].update(code.value for code in e.expected_codes)
        counts["tag"].update(e.tags)
    return {key: dict(sorted(c.items())) for key, c in counts.items()}


def write_corpus(entries: Sequence[CorpusEntry], outdir: Path, *, today: date) -> Path:
    """Make every stored case's file in ``outdir`` beside ``manifest.json``; return its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        if entry.stored:
            (outdir / entry.filename).write_bytes(entry.make()[0])
    manifest = {
        "today": today.isoformat(),
        "composition": composition(entries),
        "cases": [entry.manifest_entry() for entry in entries],
    }
    path = outdir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


__all__ = [
    "FILE_CODES",
    "MANIFEST",
    "Corpus",
    "CorpusEntry",
    "Subset",
    "composition",
    "corpus_entries",
    "entries_of",
    "make_file",
    "select",
    "write_corpus",
]
