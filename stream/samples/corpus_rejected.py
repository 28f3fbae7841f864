"""Corpus cases rejected for the document's date, kind or missing seal."""

from __future__ import annotations

from datetime import timedelta

from schemas.codes import DocType, ErrorCode, Reason
from stream.samples import cast
from stream.samples import corpus_cast as cc
from stream.samples.cases import spec_for
from stream.samples.corpus_base import CorpusBuilder, egov_link
from stream.samples.corpus_render import cover_part

MATERNITY = DocType.MATERNITY_LEAVE_ORDER
DISMISSAL = DocType.DISMISSAL_ORDER
UNEMPLOYMENT = DocType.UNEMPLOYMENT_CERTIFICATE
SICK = DocType.SICK_LEAVE_CERTIFICATE
DISABILITY = DocType.DISABILITY_CERTIFICATE
LEAVE = timedelta(days=125)
NAME, IIN = ErrorCode.NAME_MISMATCH, ErrorCode.IIN_MISMATCH
ALTYN_WORK = cc.ru_sick("ТОО «Алтын Дала»", "J06.9")


def add_dates(b: CorpusBuilder) -> None:
    """Issue dates too old, in the future, or missing."""
    d = b.d
    b.doc(
        "date_stale_ru_pdf", "Приказ Сейтжанов 2026.pdf",
        spec_for(DISMISSAL, cast.SEITZHANOV, "ru", d(200), cc.KAZTRANS_ISSUER, number="988-к",
                 position=cc.DRIVER_POS, event_date=d(198), cited_number="35",
                 cited_date=d(200 + 3 * 365), seed=311),
        "text_pdf", cast.SEITZHANOV, Reason.JOB_LOSS, [ErrorCode.DATE_STALE], fast=True,
        description="Russian dismissal order issued 200 days before the reference date.",
        tags=("instrumental",),
    )  # fmt: skip
    b.doc(
        "date_stale_kk_photo", f"IMG_{d(249):%Y%m%d}_101010.jpg",
        spec_for(SICK, cc.ZHUMABEKOV, "kk", d(250), cc.CLINIC_KK_ISSUER, number="0869911",
                 period=(d(258), d(250)), seed=312,
                 extra=cc.kk_sick(cc.SARYARKA_WORK, "J18.9")),
        "photo_jpeg", cc.ZHUMABEKOV, Reason.ILLNESS, [ErrorCode.DATE_STALE],
        description="Kazakh sick-leave sheet 250 days old, phone photo.",
        tags=("kazakh_letters", "ulu"),
    )  # fmt: skip
    spec = spec_for(DISMISSAL, cc.LI, "ru", d(190), cc.KAZTRANS_ISSUER, number="981-к",
                    position=cc.TECHNOLOGIST_POS, event_date=d(189), cited_number="170",
                    cited_date=d(190 + 4 * 365), seed=313)  # fmt: skip
    b.doc(
        "date_stale_behind_fresh_cover_pdf", "Письмо и приказ Ли.pdf", spec, "text_pdf",
        cc.LI, Reason.JOB_LOSS, [ErrorCode.DATE_STALE],
        before=[cover_part(spec, d(3), "01-12/764")],
        description="A fresh cover letter (three days old) sending a dismissal order "
        "issued 190 days ago: the order's date decides.",
        tags=("multipage", "cover_letter", "decisive_page_2", "fresh_cover_stale_order"),
    )  # fmt: skip
    b.doc(
        "date_future_ru_pdf", "Приказ Мухамеджанова.pdf",
        spec_for(MATERNITY, cc.MUKHAMEDZHANOVA, "ru", d(-5), cast.ALTYN_ISSUER,
                 number="259-л/с", position=cast.ACCOUNTANT_POS, period=(d(-3), d(-3) + LEAVE),
                 cited_number="0455871", cited_date=d(2), seed=314),
        "text_pdf", cc.MUKHAMEDZHANOVA, Reason.MATERNITY_LEAVE, [ErrorCode.DATE_FUTURE],
        fast=True,
        description="Russian maternity order dated five days after the reference date.",
        tags=("dative", "future_period"),
    )  # fmt: skip
    b.doc(
        "date_future_kk_scan", "scan_бұйрық_0124.pdf",
        spec_for(DISMISSAL, cast.ABILKAIYR, "kk", d(-10), cast.SARYARKA_ISSUER,
                 number="124-ж/қ", position=cast.LOGIST_KK_POS, event_date=d(-12),
                 cited_number="22", cited_date=d(700), seed=315),
        "scan", cast.ABILKAIYR, Reason.JOB_LOSS, [ErrorCode.DATE_FUTURE],
        description="Kazakh dismissal order dated ten days after the reference date, scanned.",
        tags=("kazakh_letters", "ulu", "kk_instrumental"),
    )  # fmt: skip
    b.doc(
        "date_missing_unemployment_ru_pdf", "Справка без даты Омаров.pdf",
        spec_for(UNEMPLOYMENT, cast.OMAROV, "ru", d(5), cast.CENTRE_RU_ISSUER,
                 number="02-15/2388", event_date=d(20), cited_number="2388", undated=True,
                 seed=316),
        "text_pdf", cast.OMAROV, Reason.JOB_LOSS, [ErrorCode.DATE_MISSING], fast=True,
        description="Russian unemployment certificate whose date line was never filled in; "
        "the birth and registration dates are still printed.",
        tags=("undated", "birth_date_in_body"),
    )  # fmt: skip
    b.doc(
        "date_missing_sick_kk_scan", "scan_парақ_күнсіз.pdf",
        spec_for(SICK, cc.TOLEUOVA, "kk", d(5), cc.CLINIC_KK_ISSUER, number="0871340",
                 period=(d(12), d(5)), undated=True, seed=317,
                 extra=cc.kk_sick(cc.SARYARKA_WORK, "J06.9")),
        "scan", cc.TOLEUOVA, Reason.ILLNESS, [ErrorCode.DATE_MISSING],
        description="Kazakh sick-leave sheet with the «Берілген күні» left blank; the release "
        "period and the return-to-work date are printed.",
        tags=("undated", "kazakh_letters", "kyzy"),
    )  # fmt: skip
    b.doc(
        "date_missing_dismissal_ru_photo", f"IMG_{d(4):%Y%m%d}_175859.jpg",
        spec_for(DISMISSAL, cc.GABDULLINA, "ru", d(6), cc.KAZTRANS_ISSUER, number="1051-к",
                 position=cast.ACCOUNTANT_POS, event_date=d(6), cited_number="88",
                 cited_date=d(4 * 365), undated=True, seed=318),
        "photo_jpeg", cc.GABDULLINA, Reason.JOB_LOSS, [ErrorCode.DATE_MISSING],
        description="Russian dismissal order with a blank date line, photographed; the last "
        "working day and the contract's date are printed.",
        tags=("undated", "instrumental"),
    )  # fmt: skip
    b.doc(
        "stale_and_unstamped_pdf", "Справка ЦТМ Габдуллина.pdf",
        spec_for(UNEMPLOYMENT, cc.GABDULLINA, "ru", d(220), cast.CENTRE_RU_ISSUER, seal=False,
                 number="02-15/1290", event_date=d(240), cited_number="1290", seed=319),
        "text_pdf", cc.GABDULLINA, Reason.JOB_LOSS,
        [ErrorCode.DATE_STALE, ErrorCode.STAMP_MISSING],
        description="An old unemployment certificate that was never stamped: two codes.",
        tags=("multiple_codes",),
    )  # fmt: skip


def add_kinds_and_stamps(b: CorpusBuilder) -> None:
    """Wrong or unknown document types, and documents without a seal."""
    d = b.d
    unknown, mismatch = ErrorCode.DOC_TYPE_UNKNOWN, ErrorCode.DOC_TYPE_MISMATCH
    stamp = ErrorCode.STAMP_MISSING
    b.doc(
        "stamp_missing_ru_pdf", "Приказ Оспанов.pdf",
        spec_for(DISMISSAL, cc.OSPANOV, "ru", d(9), cast.ALTYN_ISSUER, seal=False,
                 number="97-л/с", position=cast.MANAGER_POS, event_date=d(8),
                 cited_number="41", cited_date=d(7 * 365), seed=321),
        "text_pdf", cc.OSPANOV, Reason.JOB_LOSS, [stamp],
        description="Russian dismissal order, signed, «М.П.» printed, never stamped.",
        tags=("instrumental",),
    )  # fmt: skip
    b.doc(
        "stamp_missing_kk_scan", "scan_бұйрық_мөрсіз.pdf",
        spec_for(MATERNITY, cc.ALIMZHANOVA, "kk", d(12), cast.SARYARKA_ISSUER, seal=False,
                 number="127-ж/қ", position=cc.CASHIER_KK_POS, period=(d(10), d(10) + LEAVE),
                 cited_number="0398530", cited_date=d(13), seed=322),
        "scan", cc.ALIMZHANOVA, Reason.MATERNITY_LEAVE, [stamp],
        description="Kazakh maternity order without a seal, scanned.",
        tags=("kazakh_letters", "no_patronymic"),
    )  # fmt: skip
    b.doc(
        "stamp_missing_sick_heic", f"IMG_{d(2):%Y%m%d}_081544.heic",
        spec_for(SICK, cc.LI, "ru", d(3), cast.CLINIC_ISSUER, seal=False, number="0462801",
                 period=(d(8), d(3)), seed=323,
                 extra=cc.ru_sick(cc.KAZTRANS_WORK, "J06.9")),
        "photo_heic", cc.LI, Reason.ILLNESS, [stamp],
        description="Russian sick-leave sheet without the clinic's seal, HEIC photo.",
        tags=("indeclinable_surname", "heic"),
    )  # fmt: skip
    b.doc(
        "salary_ru_pdf", "Справка о зарплате Омаров.pdf",
        spec_for("salary_statement", cast.OMAROV, "ru", d(7), cast.SALARY_ISSUER, number="312",
                 position=cast.ENGINEER_POS, period=(d(4 * 365 + 17), d(7)),
                 extra={"salary": "540000"}, seed=324),
        "text_pdf", cast.OMAROV, Reason.JOB_LOSS, [unknown], fast=True,
        description="A salary statement: not an accepted type.",
        tags=("not_accepted_kind",),
    )  # fmt: skip
    b.doc(
        "salary_kk_scan", "scan_жалақы.pdf",
        spec_for("salary_statement", cc.NURLANULY, "kk", d(10), cast.SARYARKA_ISSUER,
                 number="88", position=cast.LOGIST_KK_POS, period=(d(2 * 365), d(10)),
                 extra={"salary": "410000"}, seed=325),
        "scan", cc.NURLANULY, None, [unknown],
        description="A Kazakh salary statement, scanned, sent without a reason.",
        tags=("not_accepted_kind", "reason_absent", "kazakh_letters"),
    )  # fmt: skip
    b.doc(
        "contract_ru_photo", f"IMG_{d(19):%Y%m%d}_164021.jpg",
        spec_for("employment_contract", cc.LI, "ru", d(20), cc.KAZTRANS_ISSUER, number="233",
                 position=cc.TECHNOLOGIST_POS, period=(d(18), d(18)), extra={"salary": "620000"},
                 seed=326),
        "photo_jpeg", cc.LI, Reason.JOB_LOSS, [unknown],
        description="An employment contract, photographed: a person, an IIN, an employer "
        "and a date, like an accepted document, but not an accepted kind.",
        tags=("not_accepted_kind",),
    )  # fmt: skip
    b.doc(
        "contract_kk_pdf", "Еңбек шарты Әбілқайыр.pdf",
        spec_for("employment_contract", cast.ABILKAIYR, "kk", d(30), cast.SARYARKA_ISSUER,
                 number="57", position=cast.LOGIST_KK_POS, period=(d(28), d(28)),
                 extra={"salary": "380000"}, seed=327),
        "text_pdf", cast.ABILKAIYR, Reason.JOB_LOSS, [unknown],
        description="A Kazakh employment contract.",
        tags=("not_accepted_kind", "kazakh_letters"),
    )  # fmt: skip
    b.doc(
        "mismatch_dismissal_for_maternity_pdf", "Приказ Тлеубаева.pdf",
        spec_for(DISMISSAL, cast.TLEUBAEVA, "ru", d(10), cast.ALTYN_ISSUER, number="96-л/с",
                 position=cast.ECONOMIST_POS, event_date=d(9), cited_number="54",
                 cited_date=d(5 * 365 + 3), seed=328),
        "text_pdf", cast.TLEUBAEVA, Reason.MATERNITY_LEAVE, [mismatch], fast=True,
        description="A valid dismissal order sent for maternity leave.",
        tags=("instrumental",),
    )  # fmt: skip
    b.doc(
        "mismatch_sick_for_disability_scan", "scan_больничный_Ким.pdf",
        spec_for(SICK, cast.KIM, "ru", d(6), cast.CLINIC_ISSUER, number="0462119",
                 period=(d(14), d(6)), extra=ALTYN_WORK, seed=329),
        "scan", cast.KIM, Reason.DISABILITY, [mismatch],
        description="A sick-leave sheet sent for disability, which accepts only a disability "
        "certificate.",
        tags=("indeclinable_surname",),
    )  # fmt: skip
    b.doc(
        "mismatch_disability_for_job_loss_pdf", "Мүгедектік анықтама Сәрсенбаев.pdf",
        spec_for(DISABILITY, cast.SARSENBAEV, "kk", d(30), cast.MSE_KK_ISSUER, number="0067214",
                 event_date=d(33), period=(d(33), d(33) + timedelta(days=365)), seal=False,
                 signature=False, qr_payload=egov_link(330), seed=330),
        "text_pdf", cast.SARSENBAEV, Reason.JOB_LOSS, [mismatch],
        description="A Kazakh eGov disability certificate sent for job loss.",
        tags=("egov_qr", "kazakh_letters"),
    )  # fmt: skip
    b.doc(
        "mismatch_unemployment_for_illness_png", "Справка_ЦТМ.png",
        spec_for(UNEMPLOYMENT, cast.SEITZHANOV, "ru", d(14), cast.CENTRE_RU_ISSUER,
                 number="02-15/2402", event_date=d(28), cited_number="2402", seed=331),
        "photo_png", cast.SEITZHANOV, Reason.ILLNESS, [mismatch],
        description="A Russian unemployment certificate sent for illness, PNG photo.",
        tags=("dative",),
    )  # fmt: skip
