"""The born-digital PDF: a real text layer, vector seal outside it, small and byte-stable."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
import zxingcpp

from schemas.codes import DocType
from stream.samples import NON_ACCEPTED_KINDS, DocumentSpec, SampleCase, cast, render_text_pdf
from stream.samples.spec import DocKind, Language


def text_layer(pdf: bytes) -> str:
    """All pages' text with whitespace runs (line breaks included) folded to one space."""
    document = pdfium.PdfDocument(pdf)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())


def test_russian_order_has_inflected_name_and_labelled_iin(
    case_named: Callable[[str], SampleCase],
) -> None:
    case = case_named("maternity_ru_pdf")
    text = text_layer(case.content)
    assert "Предоставить бухгалтеру Ивановой Марии Петровне" in text
    assert f"ИИН: {case.iin}" in text
    assert f"БИН {cast.ALTYN_DALA.bin}" in text
    assert "Сейткали Б.Е." in text


def test_kazakh_order_has_kazakh_case_ending_and_label(
    case_named: Callable[[str], SampleCase],
) -> None:
    case = case_named("dismissal_kk_pdf")
    text = text_layer(case.content)
    assert "Әбілқайыр Дәулет Ерланұлымен" in text
    assert f"ЖСН: {case.iin}" in text
    assert f"БСН {cast.SARYARKA.bin}" in text
    assert case.second_name == "Ерланулы"


def test_seal_lettering_is_ink_not_text(case_named: Callable[[str], SampleCase]) -> None:
    # Without fontTools the seal falls back to real text; the project should install it.
    pytest.importorskip("fontTools", reason="fonttools draws the seal's lettering as outlines")
    text = text_layer(case_named("maternity_ru_pdf").content)
    assert "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ" not in text
    assert "М.П." in text


def test_text_pdfs_are_small_and_byte_stable(demo_cases: list[SampleCase]) -> None:
    digital = [c for c in demo_cases if c.media_type == "application/pdf" and text_layer(c.content)]
    assert len(digital) >= 6
    for case in digital:
        assert len(case.content) < 100_000, case.name
        assert render_text_pdf(case.spec) == case.content, case.name


def test_egov_qr_decodes_to_its_payload(case_named: Callable[[str], SampleCase]) -> None:
    case = case_named("disability_kk_egov_pdf")
    document = pdfium.PdfDocument(case.content)
    image = document[0].render(scale=200 / 72).to_pil()
    document.close()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [case.spec.qr_payload]


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("kind", [*DocType, *NON_ACCEPTED_KINDS])
def test_every_kind_renders_in_both_languages(
    make_spec: Callable[..., DocumentSpec], kind: DocKind, language: Language
) -> None:
    spec = make_spec(kind, language)
    text = text_layer(render_text_pdf(spec))
    label = "ИИН" if language == "ru" else "ЖСН"
    assert f"{label}: {spec.iin}" in text
    assert any(form in text for form in (spec.subject.nom, spec.subject.dat, spec.subject.ins))


def test_unknown_kind_is_refused(make_spec: Callable[..., DocumentSpec]) -> None:
    with pytest.raises(ValueError, match="unknown document kind"):
        make_spec("birth_certificate")
