"""Corpus cases decided by the file alone: missing, unsupported, corrupt, too large,
unreadable. The applicant and reason are valid; the file is what fails."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from schemas.codes import DocType, ErrorCode, Reason
from stream.samples import cast
from stream.samples import corpus_cast as cc
from stream.samples import corpus_damage as damage
from stream.samples.cases import spec_for
from stream.samples.corpus_base import CorpusBuilder, egov_link
from stream.samples.render_pdf import render_text_pdf
from stream.samples.spec import DocumentSpec

PDF, JPEG = "application/pdf", "image/jpeg"
COPIES_OVER_LIMIT = 22
"""Pages of the oversized PDF: above the default MAX_PAGES of 20."""


def _empty() -> bytes:
    return b""


def add_files(b: CorpusBuilder) -> None:
    d = b.d
    unemployment = spec_for(
        DocType.UNEMPLOYMENT_CERTIFICATE, cast.SEITZHANOV, "ru", d(9), cast.CENTRE_RU_ISSUER,
        number="02-15/2420", event_date=d(27), cited_number="2420", seed=401,
    )  # fmt: skip
    dismissal_kk = spec_for(
        DocType.DISMISSAL_ORDER, cast.ABILKAIYR, "kk", d(6), cast.SARYARKA_ISSUER,
        number="118-ж/қ", position=cast.LOGIST_KK_POS, event_date=d(4), cited_number="37",
        cited_date=d(3 * 365 + 40), seed=402,
    )  # fmt: skip
    disability = spec_for(
        DocType.DISABILITY_CERTIFICATE, cc.OSPANOV, "ru", d(20), cc.MSE_RU_ISSUER,
        number="0071302", event_date=d(22), period=(d(22), d(22) + timedelta(days=365)),
        seal=False, signature=False, qr_payload=egov_link(403), seed=403,
    )  # fmt: skip
    maternity = spec_for(
        DocType.MATERNITY_LEAVE_ORDER, cc.TSOY, "ru", d(5), cc.KAZTRANS_ISSUER, number="1190-к",
        position=cast.ECONOMIST_POS, period=(d(3), d(3) + timedelta(days=125)),
        cited_number="0457802", cited_date=d(6), seed=404,
    )  # fmt: skip
    sick = spec_for(
        DocType.SICK_LEAVE_CERTIFICATE, cast.KIM, "ru", d(3), cast.CLINIC_ISSUER,
        number="0462777", period=(d(9), d(3)), seed=405,
        extra={"workplace": "ТОО «Алтын Дала»", "cause": "заболевание (код МКБ-10: J06.9)"},
    )  # fmt: skip
    code = ErrorCode
    job_loss, illness = Reason.JOB_LOSS, Reason.ILLNESS
    # Laid out by hand (fmt: skip): a case per block reads better than an argument per line.
    b.file(
        "missing_object", "Справка ЦТМ (не загружена).pdf", "none", _empty, PDF,
        cast.SEITZHANOV, job_loss, code.FILE_NOT_FOUND, stored=False, fast=True,
        description="The event points at a key the storage does not hold.",
    )  # fmt: skip
    b.file(
        "html_named_pdf", "Справка МСЭ Оспанов eGov.pdf", "html_as_pdf",
        partial(damage.saved_web_page, disability), PDF, cc.OSPANOV, Reason.DISABILITY,
        code.FILE_UNSUPPORTED, spec=disability, tags=("wrong_bytes",),
        description="An HTML page saved from the eGov portal and named .pdf.",
    )  # fmt: skip
    b.file(
        "zip_named_pdf", "Бұйрық Әбілқайыр.pdf", "zip_as_pdf",
        partial(_zip, dismissal_kk), PDF, cast.ABILKAIYR, job_loss, code.FILE_UNSUPPORTED,
        spec=dismissal_kk, tags=("wrong_bytes",),
        description="A ZIP archive holding the real PDF, named .pdf.",
    )  # fmt: skip
    b.file(
        "password_pdf", "Приказ_защищен.pdf", "encrypted_pdf",
        partial(damage.password_protected_pdf, maternity), PDF, cc.TSOY,
        Reason.MATERNITY_LEAVE, code.FILE_UNSUPPORTED, spec=maternity, fast=True,
        tags=("encrypted",), description="A PDF that opens only with a user password.",
    )  # fmt: skip
    b.file(
        "empty_file", "Справка.pdf", "empty", _empty, PDF, cast.SEITZHANOV, job_loss,
        code.FILE_UNSUPPORTED, description="A zero-byte upload.",
    )  # fmt: skip
    b.file(
        "truncated_pdf", "Справка ЦТМ Сейтжанов (1).pdf", "truncated_pdf",
        partial(damage.truncated_pdf, unemployment), PDF, cast.SEITZHANOV, job_loss,
        code.FILE_CORRUPT, spec=unemployment, fast=True, tags=("truncated",),
        description="A PDF cut off after 60% of its bytes (an interrupted upload).",
    )  # fmt: skip
    b.file(
        "truncated_jpeg", f"IMG_{d(2):%Y%m%d}_110000.jpg", "truncated_jpeg",
        partial(damage.truncated_photo, sick), JPEG, cast.KIM, illness, code.FILE_CORRUPT,
        spec=sick, tags=("truncated",),
        description="A phone JPEG cut off after 40% of its bytes.",
    )  # fmt: skip
    b.file(
        "too_many_pages_pdf", "Скан_всё_подряд.pdf", "pdf_22_pages",
        partial(damage.repeated_pages_pdf, unemployment, COPIES_OVER_LIMIT), PDF,
        cast.SEITZHANOV, job_loss, code.FILE_TOO_LARGE, spec=unemployment,
        tags=("too_many_pages",), description="The certificate 22 times over: more than 20 pages.",
    )  # fmt: skip
    b.file(
        "oversize_tiff", "scan_600.tif", "tiff_uncompressed",
        partial(damage.uncompressed_tiff, dismissal_kk), "image/tiff", cast.ABILKAIYR, job_loss,
        code.FILE_TOO_LARGE, spec=dismissal_kk, tags=("too_many_bytes",),
        description="An uncompressed 300 DPI colour TIFF of one page: about 26 MB, above "
        "the 20 MiB limit.",
    )  # fmt: skip
    b.file(
        "blank_sheet_photo", f"IMG_{d(1):%Y%m%d}_070707.jpg", "blank_photo",
        partial(damage.blank_sheet_photo, 406), JPEG, cast.KIM, illness, code.UNREADABLE,
        tags=("blank",), description="A photo of the empty back of the sheet on a desk.",
    )  # fmt: skip
    b.file(
        "out_of_focus_photo", f"IMG_{d(1):%Y%m%d}_070712.jpg", "blurred_photo",
        partial(damage.out_of_focus_photo, sick), JPEG, cast.KIM, illness, code.UNREADABLE,
        spec=sick, tags=("blurred",),
        description="The sick-leave sheet shot out of focus: grey lines, no letters.",
    )  # fmt: skip


def _zip(spec: DocumentSpec) -> bytes:
    return damage.zipped("Бұйрық.pdf", render_text_pdf(spec))
