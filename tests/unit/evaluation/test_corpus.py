"""The evaluation corpus: what it covers, that its labels follow from its documents,
and that its files are what they claim to be."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import date

import pypdfium2 as pdfium
import pytest
from PIL import Image

from schemas.codes import DocType, ErrorCode
from schemas.iin import is_valid_iin
from stream.samples.corpus import composition, corpus_entries, select
from stream.samples.corpus_base import FILE_CODES, CorpusEntry
from stream.samples.labels import expected_codes

TODAY = date(2026, 11, 20)
DOCUMENT_CODES = set(ErrorCode) - {ErrorCode.INVALID_EVENT, ErrorCode.PROCESSING_FAILED}


@pytest.fixture(scope="module")
def entries() -> list[CorpusEntry]:
    return corpus_entries(TODAY)


@pytest.fixture(scope="module")
def by_name(entries: list[CorpusEntry]) -> dict[str, CorpusEntry]:
    return {e.name: e for e in entries}


def test_size_and_share_of_acceptable_documents(entries: list[CorpusEntry]) -> None:
    assert len(entries) >= 60
    accepted = sum(e.expected_verdict for e in entries)
    assert 0.35 <= accepted / len(entries) <= 0.45


def test_every_type_language_rendering_and_code_is_covered(entries: list[CorpusEntry]) -> None:
    counts = composition(entries)
    assert {t.value for t in DocType} <= counts["kind"].keys()
    assert {"ru", "kk"} <= counts["language"].keys()
    assert {
        "text_pdf", "scan", "scan_gray", "photo_jpeg", "photo_jpeg_rot", "photo_png",
        "photo_heic", "photo_heic_rot", "multi_text_pdf", "multi_scan",
    } <= counts["rendering"].keys()  # fmt: skip
    assert {code.value for code in DOCUMENT_CODES} <= counts["code"].keys()
    assert {
        "dative", "instrumental", "genitive", "kyzy", "ulu", "no_patronymic",
        "indeclinable_surname", "decoy_director", "decoy_doctor", "decoy_executor",
        "decoy_relative", "cited_document", "future_period", "decisive_page_2",
    } <= counts["tag"].keys()  # fmt: skip


def test_names_and_filenames_are_unique(entries: list[CorpusEntry]) -> None:
    assert len({e.name for e in entries}) == len(entries)
    assert len({e.filename for e in entries}) == len(entries)


def test_document_labels_follow_from_the_spec(entries: list[CorpusEntry]) -> None:
    for e in entries:
        if e.expected_codes & FILE_CODES:
            assert len(e.expected_codes) == 1, e.name  # the worker stops at the file
            continue
        assert e.spec is not None, e.name
        assert expected_codes(e.spec, e.applicant, e.reason, TODAY) == e.expected_codes, e.name


def test_applicants_send_valid_events(entries: list[CorpusEntry]) -> None:
    for e in entries:
        fields = e.applicant_fields()
        assert is_valid_iin(fields["iin"]), e.name
        assert fields["last_name"] and fields["first_name"]
        assert not set("ӘәҒғҚқҢңӨөҰұҮүҺһІі") & set("".join(filter(None, fields.values())))


def test_decoys_print_the_applicants_name_for_someone_else(
    by_name: dict[str, CorpusEntry],
) -> None:
    director = by_name["decoy_director_pdf"]
    assert director.spec is not None and director.spec.head.name == "Сейткали Б.Е."
    assert director.applicant.last == "Сейткали"
    doctor = by_name["decoy_doctor_scan"]
    assert doctor.spec is not None
    assert any(p.name == "Абдрахманова Г.Т." for p in doctor.spec.others)
    for name in ("decoy_director_pdf", "decoy_doctor_scan", "decoy_executor_photo"):
        assert by_name[name].expected_codes == {ErrorCode.NAME_MISMATCH}


def test_the_fast_subset_is_small_and_mostly_digital(entries: list[CorpusEntry]) -> None:
    fast = select(entries, "fast")
    assert 10 <= len(fast) <= 16
    renderings = Counter(e.rendering for e in fast)
    assert renderings["scan"] + renderings["scan_gray"] <= 3
    assert not any(r.startswith("photo") or r.startswith("multi") for r in renderings)
    assert any(e.expected_verdict for e in fast) and any(not e.expected_verdict for e in fast)
    assert [e.name for e in select(entries, "full", ["decoy"])] == [
        e.name for e in entries if "decoy" in e.name
    ]


def test_labels_are_the_same_on_every_build(entries: list[CorpusEntry]) -> None:
    again = corpus_entries(TODAY)
    assert [e.manifest_entry() for e in again] == [e.manifest_entry() for e in entries]


def _pages(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_multi_page_files_put_the_order_after_its_companions(
    by_name: dict[str, CorpusEntry],
) -> None:
    content, media_type = by_name["maternity_ru_cover_ack_pdf"].make()
    pages = _pages(content)
    assert media_type == "application/pdf" and len(pages) == 3
    assert "СОПРОВОДИТЕЛЬНОЕ ПИСЬМО" in pages[0] and "Мухамеджановой Жанар Ерболовны" in pages[0]
    assert "ПРИКАЗ" in pages[1] and "ЛИСТ ОЗНАКОМЛЕНИЯ" in pages[2]
    assert content == by_name["maternity_ru_cover_ack_pdf"].make()[0]


def test_owner_password_opens_and_user_password_does_not(
    by_name: dict[str, CorpusEntry],
) -> None:
    assert "ПРИКАЗ" in _pages(by_name["childcare_ru_owner_password"].make()[0])[0]
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(by_name["password_pdf"].make()[0])


def test_damaged_files_are_what_they_claim(by_name: dict[str, CorpusEntry]) -> None:
    html, _ = by_name["html_named_pdf"].make()
    assert html.startswith(b"<!DOCTYPE html>") and b"%PDF" not in html
    archive, _ = by_name["zip_named_pdf"].make()
    [inner] = zipfile.ZipFile(io.BytesIO(archive)).infolist()
    assert inner.compress_type == zipfile.ZIP_DEFLATED and b"%PDF" not in archive[:2048]
    truncated, _ = by_name["truncated_pdf"].make()
    assert truncated.startswith(b"%PDF") and b"%%EOF" not in truncated
    assert by_name["empty_file"].make()[0] == b""
    assert not by_name["missing_object"].stored


def test_the_undated_form_prints_no_issue_date(by_name: dict[str, CorpusEntry]) -> None:
    [page] = _pages(by_name["date_missing_unemployment_ru_pdf"].make()[0])
    assert "«___» ____________ 20___ г." in page
    assert f"{TODAY:%Y}" in page  # the other dates are still there


def test_the_exif_photo_is_stored_sideways(by_name: dict[str, CorpusEntry]) -> None:
    content, media_type = by_name["sick_ru_exif_photo_open"].make()
    image = Image.open(io.BytesIO(content))
    assert media_type == "image/jpeg" and image.width > image.height
    assert image.getexif()[0x0112] == 6
