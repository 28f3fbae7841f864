"""The holdout corpus builds, its labels follow from its documents, and it covers every
accepted type in both languages."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest

from schemas.codes import DocType, ErrorCode
from stream.samples.corpus import composition, corpus_entries, entries_of, make_file
from stream.samples.corpus_base import FILE_CODES, CorpusEntry
from stream.samples.holdout import holdout_entries
from stream.samples.holdout_render import compose
from stream.samples.labels import expected_codes

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def entries() -> list[CorpusEntry]:
    return holdout_entries(TODAY)


def test_size_and_share_of_acceptable_documents(entries: list[CorpusEntry]) -> None:
    assert 30 <= len(entries) <= 40
    assert 0.3 <= sum(e.expected_verdict for e in entries) / len(entries) <= 0.5
    assert len({e.name for e in entries}) == len({e.filename for e in entries}) == len(entries)


def test_every_type_and_language_is_covered(entries: list[CorpusEntry]) -> None:
    counts = composition(entries)
    for doc_type in DocType:
        assert {"ru", "kk"} <= {e.language for e in entries if e.kind == doc_type}, doc_type
    assert {"annual_leave_order", "salary_statement", "employment_contract"} <= set(counts["kind"])
    # Every code a document's content can earn, and one unreadable photo.
    content_codes = {c.value for c in ErrorCode} - {c.value for c in FILE_CODES}
    assert content_codes - {"INVALID_EVENT", "PROCESSING_FAILED"} <= set(counts["code"])
    assert "UNREADABLE" in counts["code"]
    assert {"text_pdf", "scan", "scan_gray", "photo_jpeg_rot", "photo_png", "photo_heic"} <= set(
        counts["rendering"]
    )


def test_labels_follow_from_the_spec(entries: list[CorpusEntry]) -> None:
    for e in entries:
        assert e.spec is not None, e.name
        if e.expected_codes == {ErrorCode.UNREADABLE}:
            continue
        assert expected_codes(e.spec, e.applicant, e.reason, TODAY) == e.expected_codes, e.name
        assert compose(e.spec).blocks, e.name


def test_its_people_are_not_the_main_corpus_people(entries: list[CorpusEntry]) -> None:
    main = {e.applicant.iin for e in corpus_entries(TODAY)}
    assert not main & {e.applicant.iin for e in entries}


def test_eval_finds_its_files_by_name(entries: list[CorpusEntry]) -> None:
    assert [e.name for e in entries_of("holdout", TODAY)] == [e.name for e in entries]
    content, media_type = make_file(TODAY, "name_director_only_pdf", "holdout")
    document = pdfium.PdfDocument(content)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert media_type == "application/pdf"
    assert "Байжанов Тимур Ерикович" in text and "Смагуловой Камилой Нуржановной" in text
