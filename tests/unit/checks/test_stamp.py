"""Stamp: a seal scoring at least the threshold, or an eGov QR code."""

from __future__ import annotations

import pytest

from processors.checks.stamp import SEAL_THRESHOLD, find_stamp
from processors.checks.text import prepare
from schemas.codes import ErrorCode

from . import documents as d
from .conftest import MakeDocument


@pytest.mark.parametrize(
    ("score", "present"),
    [(0.95, True), (SEAL_THRESHOLD, True), (0.49, False), (None, False)],
    ids=["clear", "threshold", "below", "none"],
)
def test_a_seal_counts_from_the_threshold(
    make_document: MakeDocument, score: float | None, present: bool
) -> None:
    document = make_document(d.RU_MATERNITY_ORDER, seal=score)
    finding = find_stamp(document, prepare(document))
    assert finding.present is present
    assert (finding.error() is None) is present


def test_a_seal_on_a_later_page_counts(make_document: MakeDocument) -> None:
    document = make_document(d.RU_MATERNITY_ORDER, "Лист ознакомления", seal=0.7, seal_page=2)
    finding = find_stamp(document, prepare(document))
    assert finding.present and finding.page == 2 and finding.evidence == "seal"


@pytest.mark.parametrize(
    "payload",
    [
        "https://egov.kz/services/P30.11/check?doc=3f1c2a",
        "https://www.egov.kz/cms/ru/check?id=123",
        "http://portal.egov.kz/verify/7788",
        "https://idocs.kz/document/0b6c5",
    ],
)
def test_an_egov_qr_code_proves_an_electronic_document(
    make_document: MakeDocument, payload: str
) -> None:
    document = make_document(d.RU_SICK_LEAVE, seal=None, qr=(payload,))
    finding = find_stamp(document, prepare(document))
    assert finding.present and finding.evidence == "egov_qr"


@pytest.mark.parametrize(
    "payload", ["https://example.com/egov.kz", "https://egov.kz.example.com/x", "WIFI:S:office;;"]
)
def test_another_qr_code_on_a_paper_document_is_no_proof(
    make_document: MakeDocument, payload: str
) -> None:
    document = make_document(d.RU_SICK_LEAVE, seal=0.2, qr=(payload,))
    finding = find_stamp(document, prepare(document))
    assert not finding.present
    error = finding.error()
    assert error is not None and error.code is ErrorCode.STAMP_MISSING
    assert error.details["found"] == {"best_seal_score": 0.2, "qr_codes": 1}


@pytest.mark.parametrize(
    "note",
    [
        "Документ подписан ЭЦП и является электронным документом.",
        "Данный электронный документ равнозначен документу на бумажном носителе.",
        "Бұл құжат ЭЦҚ-мен қол қойылған электрондық құжат болып табылады.",
    ],
)
def test_any_qr_code_on_a_declared_electronic_document_counts(
    make_document: MakeDocument, note: str
) -> None:
    document = make_document(d.RU_SICK_LEAVE + note, seal=None, qr=("0b6c5a77",))
    assert find_stamp(document, prepare(document)).present


def test_a_declared_electronic_document_without_any_qr_code_has_no_stamp(
    make_document: MakeDocument,
) -> None:
    document = make_document(d.RU_SICK_LEAVE + "Документ подписан ЭЦП.", seal=None)
    assert not find_stamp(document, prepare(document)).present
