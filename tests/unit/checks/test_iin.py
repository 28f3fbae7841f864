"""IIN: labelled numbers with a valid check digit only; a БИН is not an IIN."""

from __future__ import annotations

import pytest

from processors.checks.iin import find_iins
from processors.checks.text import PageText
from schemas.codes import ErrorCode
from schemas.iin import is_valid_iin

from . import documents as d

APPLICANT = d.IIN_IVANOVA
OTHER = d.IIN_ZHARMAGANBET


def _text(line: str) -> str:
    return f"СПРАВКА\nДана Ивановой Марии Петровне\n{line}\nв том, что она ..."


@pytest.mark.parametrize(
    "line",
    [
        f"ИИН {APPLICANT}",
        f"ИИН: {APPLICANT}",
        f"ИИН № {APPLICANT}",
        f"(ИИН {APPLICANT})",
        f"ЖСН {APPLICANT}",
        f"ЖСН: {APPLICANT}",
        f"ИИН/ЖСН: {APPLICANT}",
        "ИИН 9307 0140 0219",  # OCR split the digit groups
        "ИИН 930701 400219",
        f"ИИH {APPLICANT}",  # Latin H
        "ИИН 93О701400219",  # the letter О for a zero
    ],
)
def test_a_labelled_iin_is_read(line: str) -> None:
    finding = find_iins((PageText.of(1, _text(line)),), APPLICANT)
    assert finding.values == [APPLICANT]
    assert finding.value == APPLICANT
    assert finding.error() is None


@pytest.mark.parametrize(
    "line",
    [
        f"БИН {d.BIN_ALMATY_STROY}",
        f"БСН {d.BIN_ALMATY_STROY}",
        f"БИН/ИИН: {d.BIN_ALMATY_STROY}",
        f"тел. {OTHER}",  # IIN-shaped but unlabelled
        "ИИН 930701400218",  # bad check digit
        "ИИН 93070140021",  # eleven digits
    ],
    ids=["bin", "bsn", "bin-slash-iin", "unlabelled", "bad-check-digit", "short"],
)
def test_other_numbers_are_no_iin(line: str) -> None:
    assert is_valid_iin(d.BIN_ALMATY_STROY)  # the BIN passes the checksum: the label decides
    finding = find_iins((PageText.of(1, _text(line)),), APPLICANT)
    assert finding.values == []
    assert finding.value is None
    assert finding.error() is None  # no IIN shown is no error


def test_an_iin_that_is_not_the_applicants_is_a_mismatch() -> None:
    pages = (PageText.of(1, _text(f"ИИН {OTHER}")), PageText.of(2, f"ЖСН {OTHER}"))
    finding = find_iins(pages, APPLICANT)
    assert finding.value == OTHER
    error = finding.error()
    assert error is not None and error.code is ErrorCode.IIN_MISMATCH
    assert error.details == {"expected": APPLICANT, "found": [OTHER], "pages": [1, 2]}


def test_the_applicants_iin_among_others_is_no_error() -> None:
    text = _text(f"ИИН {OTHER}") + f"\nИИН {APPLICANT}"
    finding = find_iins((PageText.of(1, text),), APPLICANT)
    assert finding.values == [OTHER, APPLICANT]
    assert finding.value == APPLICANT
    assert finding.error() is None


def test_the_fixtures_show_the_subjects_iin_and_not_the_employers_bin() -> None:
    finding = find_iins((PageText.of(1, d.RU_MATERNITY_ORDER),), APPLICANT)
    assert finding.values == [APPLICANT]
    finding = find_iins((PageText.of(1, d.KK_MATERNITY_ORDER),), d.IIN_ZHARMAGANBET)
    assert finding.values == [d.IIN_ZHARMAGANBET]
