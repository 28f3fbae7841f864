"""Corpus certificates a correct service accepts: unemployment, sick-leave and disability.

Dative and Kazakh names, a relative or a doctor named besides the subject, a
sheet still open past the reference date, eGov QR codes in place of a seal
(also on a scan), photos turned by EXIF or by hand.
"""

from __future__ import annotations

from datetime import timedelta

from schemas.codes import DocType, Reason
from stream.samples import cast
from stream.samples import corpus_cast as cc
from stream.samples.cases import spec_for
from stream.samples.corpus_base import CorpusBuilder, egov_link

UNEMPLOYMENT = DocType.UNEMPLOYMENT_CERTIFICATE
SICK = DocType.SICK_LEAVE_CERTIFICATE
DISABILITY = DocType.DISABILITY_CERTIFICATE


def add_certificates(b: CorpusBuilder) -> None:
    """Unemployment, sick-leave and disability certificates."""
    d = b.d
    altyn = {"workplace": "ТОО «Алтын Дала»"}
    b.doc(
        "unemployment_ru_pdf", "Справка ЦТМ Сейтжанов.pdf",
        spec_for(UNEMPLOYMENT, cast.SEITZHANOV, "ru", d(12), cast.CENTRE_RU_ISSUER,
                 number="02-15/2417", event_date=d(30), cited_number="2417", seed=221),
        "text_pdf", cast.SEITZHANOV, Reason.JOB_LOSS,
        description="Russian unemployment certificate; dative name, birth and registration "
        "dates in the body.",
        tags=("dative", "birth_date_in_body"),
    )  # fmt: skip
    b.doc(
        "unemployment_kk_heic_sideways", f"IMG_{d(7):%Y%m%d}_110203.heic",
        spec_for(UNEMPLOYMENT, cc.ALIMZHANOVA, "kk", d(8), cast.CENTRE_KK_ISSUER,
                 number="04-12/1688", event_date=d(26), cited_number="1688", seed=222),
        "photo_heic_rot", cc.ALIMZHANOVA, Reason.JOB_LOSS,
        description="Kazakh unemployment certificate, HEIC photo turned 90°; no patronymic.",
        tags=("kazakh_letters", "no_patronymic", "sideways", "heic"),
    )  # fmt: skip
    b.doc(
        "unemployment_ru_scan", "Scan_Габдуллина_справка.pdf",
        spec_for(UNEMPLOYMENT, cc.GABDULLINA, "ru", d(16), cast.CENTRE_RU_ISSUER,
                 number="02-15/2350", event_date=d(45), cited_number="2350",
                 date_style="worded", seed=223),
        "scan", cc.GABDULLINA, Reason.JOB_LOSS, fast=True,
        description="Russian unemployment certificate, colour scan; the first name Сауле "
        "does not decline.",
        tags=("dative", "indeclinable_first_name", "worded_date"),
    )  # fmt: skip
    b.doc(
        "unemployment_kk_pdf", "Анықтама жұмыссыз Әбілқайыр.pdf",
        spec_for(UNEMPLOYMENT, cast.ABILKAIYR, "kk", d(9), cast.CENTRE_KK_ISSUER,
                 number="04-12/1702", event_date=d(15), cited_number="1702", seed=224),
        "text_pdf", cast.ABILKAIYR, Reason.JOB_LOSS, fast=True,
        description="Kazakh unemployment certificate; -ұлы patronymic in the dative.",
        tags=("kazakh_letters", "ulu", "kk_dative"),
    )  # fmt: skip
    b.doc(
        "sick_ru_pdf_child_care", "Больничный Ким.pdf",
        spec_for(SICK, cast.KIM, "ru", d(4), cast.CLINIC_ISSUER, number="0462210",
                 period=(d(10), d(4)), seed=225,
                 extra={**altyn, "cause": "уход за больным ребенком (Ким Даниил, 2019 г.р.)"}),
        "text_pdf", cast.KIM, Reason.ILLNESS, fast=True,
        description="Russian sick-leave sheet for caring for a child, who is named too; the "
        "doctor and the chief doctor are named.",
        tags=("indeclinable_surname", "decoy_relative", "decoy_doctor"),
    )  # fmt: skip
    b.doc(
        "sick_ru_exif_photo_open", f"IMG_{d(1):%Y%m%d}_200740.jpg",
        spec_for(SICK, cast.PETRENKO, "ru", d(2), cast.CLINIC_ISSUER, number="0463007",
                 period=(d(2), d(-5)), seed=226,
                 extra=cc.ru_sick(cc.KAZTRANS_WORK, "J06.9")),
        "photo_jpeg_exif", cast.PETRENKO, Reason.ILLNESS,
        description="Russian sick-leave sheet still open: release until five days after the "
        "reference date; phone JPEG stored sideways with an EXIF orientation tag.",
        tags=("exif_orientation", "future_period"),
    )  # fmt: skip
    b.doc(
        "sick_kk_scan", "scan_0007_парақ.pdf",
        spec_for(SICK, cc.TOLEUOVA, "kk", d(6), cc.CLINIC_KK_ISSUER, number="0871132",
                 period=(d(13), d(6)), seed=227,
                 extra=cc.kk_sick(cc.SARYARKA_WORK, "J11.1")),
        "scan", cc.TOLEUOVA, Reason.ILLNESS,
        description="Kazakh sick-leave sheet, colour scan; -қызы patronymic.",
        tags=("kazakh_letters", "kyzy", "decoy_doctor"),
    )  # fmt: skip
    b.doc(
        "sick_ru_scan_gray", "Scan_больничный_Ахметова.pdf",
        spec_for(SICK, cc.AKHMETOVA, "ru", d(3), cast.CLINIC_ISSUER, number="0462987",
                 period=(d(9), d(3)), seed=228,
                 extra={**altyn, "cause": "заболевание (код МКБ-10: J20.9)"}),
        "scan_gray", cc.AKHMETOVA, Reason.ILLNESS,
        description="Russian sick-leave sheet, grayscale scan.",
        tags=("decoy_doctor",),
    )  # fmt: skip
    b.doc(
        "disability_ru_egov_for_illness", "Справка МСЭ Оспанов.pdf",
        spec_for(DISABILITY, cc.OSPANOV, "ru", d(35), cc.MSE_RU_ISSUER, number="0071150",
                 event_date=d(38), period=(d(38), d(38) + timedelta(days=365)), seal=False,
                 signature=False, qr_payload=egov_link(229), seed=229),
        "text_pdf", cc.OSPANOV, Reason.ILLNESS,
        description="Russian disability certificate from eGov (QR, no seal), sent for "
        "illness, which accepts it.",
        tags=("egov_qr", "reason_illness"),
    )  # fmt: skip
    b.doc(
        "disability_kk_egov_scan", "scan_МӘС_анықтама.pdf",
        spec_for(DISABILITY, cc.ZHUMABEKOV, "kk", d(50), cast.MSE_KK_ISSUER, number="0069321",
                 event_date=d(52), period=(d(52), d(52) + timedelta(days=730)), seal=False,
                 signature=False, qr_payload=egov_link(230), seed=230),
        "scan", cc.ZHUMABEKOV, Reason.DISABILITY,
        description="Kazakh eGov disability certificate, printed and scanned: the QR code "
        "must be found in the scan.",
        tags=("egov_qr", "qr_in_scan", "kazakh_letters", "ulu"),
    )  # fmt: skip
    b.doc(
        "disability_ru_png_no_reason", "Справка_инвалидность.png",
        spec_for(DISABILITY, cast.TLEUBAEVA, "ru", d(60), cc.MSE_RU_ISSUER, number="0070488",
                 event_date=d(62), period=(d(62), d(62) + timedelta(days=365)), seed=231),
        "photo_png", cast.TLEUBAEVA, None,
        description="Russian stamped disability certificate, PNG photo, sent without a reason.",
        tags=("reason_absent",),
    )  # fmt: skip
