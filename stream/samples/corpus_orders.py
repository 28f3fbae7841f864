"""Corpus orders a correct service accepts: maternity, childcare and dismissal orders.

The false-reject side of the measure. Each is a genuine order about the
applicant, sent for a reason it serves, with something a careless checker
stumbles on: an inflected or Kazakh name, a leave starting after the issue
date, a cited older document, a cover letter or the application before it,
a photo turned sideways.
"""

from __future__ import annotations

from datetime import timedelta

from schemas.codes import DocType, Reason
from stream.samples import cast
from stream.samples import corpus_cast as cc
from stream.samples.cases import spec_for
from stream.samples.corpus_base import CorpusBuilder, years_later
from stream.samples.corpus_render import acknowledgement_part, application_part, cover_part

MATERNITY = DocType.MATERNITY_LEAVE_ORDER
CHILDCARE = DocType.CHILDCARE_LEAVE_ORDER
DISMISSAL = DocType.DISMISSAL_ORDER
LEAVE = timedelta(days=125)


def add_orders(b: CorpusBuilder) -> None:
    """Maternity, childcare and dismissal orders."""
    d = b.d
    # Laid out by hand (fmt: skip): a case per block reads better than an argument per line.
    b.doc(
        "maternity_ru_pdf", "Приказ о декретном отпуске - Иванова.pdf",
        spec_for(MATERNITY, cast.IVANOVA, "ru", d(9), cast.ALTYN_ISSUER, number="245-л/с",
                 position=cast.ACCOUNTANT_POS, period=(d(7), d(7) + LEAVE), cited_number="0452671",
                 cited_date=d(12), date_style="worded", seed=201),
        "text_pdf", cast.IVANOVA, Reason.MATERNITY_LEAVE, fast=True,
        description="Russian maternity order, worded date; dative name, a cited sick-leave "
        "sheet's date, the director and the executor named.",
        tags=("dative", "cited_document", "decoy_director", "decoy_executor", "worded_date"),
    )  # fmt: skip
    b.doc(
        "maternity_kk_scan_future_leave", "scan_0131.pdf",
        spec_for(MATERNITY, cast.ZHARMAGANBET, "kk", d(14), cast.SARYARKA_ISSUER, number="131-ж/қ",
                 position=cc.CASHIER_KK_POS, period=(d(-6), d(-6) + LEAVE),
                 cited_number="0398817", cited_date=d(15), seed=202),
        "scan", cast.ZHARMAGANBET, Reason.MATERNITY_LEAVE,
        description="Kazakh maternity order, colour scan; the leave starts six days after "
        "the reference date (the order was issued ahead of it).",
        tags=("kazakh_letters", "kyzy", "kk_dative", "future_period", "cited_document"),
    )  # fmt: skip
    b.doc(
        "maternity_ru_photo_future_leave", f"IMG_{d(2):%Y%m%d}_094412.jpg",
        spec_for(MATERNITY, cc.TSOY, "ru", d(3), cc.KAZTRANS_ISSUER, number="1187-к",
                 position=cast.ECONOMIST_POS, period=(d(-20), d(-20) + LEAVE),
                 cited_number="0457730", cited_date=d(4), seed=203),
        "photo_jpeg", cc.TSOY, Reason.MATERNITY_LEAVE,
        description="Russian maternity order photographed on a desk; indeclinable surname "
        "(Цой); the leave starts twenty days after the reference date.",
        tags=("indeclinable_surname", "dative", "future_period"),
    )  # fmt: skip
    born = d(300)
    b.doc(
        "childcare_ru_owner_password", "Приказ_уход_за_ребенком_Шевчук.pdf",
        spec_for(CHILDCARE, cc.SHEVCHUK, "ru", d(20), cc.KAZTRANS_ISSUER, number="1102-к",
                 position=cc.TECHNOLOGIST_POS, event_date=born,
                 period=(d(18), years_later(born, 3) - timedelta(days=1)),
                 cited_number="0021944", cited_date=born + timedelta(days=8), seed=204),
        "text_pdf_owner_pw", cc.SHEVCHUK, Reason.CHILDCARE_LEAVE,
        description="Russian childcare order, a PDF with an owner password only (opens "
        "freely, copying forbidden); the child's birth and birth certificate dates in the body.",
        tags=("indeclinable_surname", "owner_password", "cited_document", "birth_date_in_body"),
    )  # fmt: skip
    born = d(420)
    b.doc(
        "childcare_kk_heic_future_leave", f"IMG_{d(4):%Y%m%d}_171530.heic",
        spec_for(CHILDCARE, cc.TOKTAROVA, "kk", d(5), cast.SARYARKA_ISSUER, number="144-ж/қ",
                 position=cc.CASHIER_KK_POS, event_date=born,
                 period=(d(-3), years_later(born, 3) - timedelta(days=1)),
                 cited_number="0017702", cited_date=born + timedelta(days=5), seed=205),
        "photo_heic", cc.TOKTAROVA, Reason.CHILDCARE_LEAVE,
        description="Kazakh childcare order, HEIC phone photo; the leave starts after the "
        "reference date.",
        tags=("kazakh_letters", "kyzy", "kk_dative", "future_period", "heic"),
    )  # fmt: skip
    born = d(200)
    spec = spec_for(CHILDCARE, cc.AKHMETOVA, "ru", d(11), cast.ALTYN_ISSUER, number="249-л/с",
                    position=cast.ECONOMIST_POS, event_date=born,
                    period=(d(10), years_later(born, 3) - timedelta(days=1)),
                    cited_number="0014106", cited_date=born + timedelta(days=5),
                    seed=206)  # fmt: skip
    b.doc(
        "childcare_ru_cover_scan", "Сканы документов для банка.pdf", spec, "scan",
        cc.AKHMETOVA, Reason.CHILDCARE_LEAVE, before=[cover_part(spec, d(8), "15/2031")],
        description="Two-page scan: the employer's cover letter to the bank (dated later, "
        "names the applicant in the genitive), then the order.",
        tags=("multipage", "cover_letter", "genitive", "decisive_page_2"),
    )  # fmt: skip
    b.doc(
        "dismissal_ru_scan_gray", "scan0042.pdf",
        spec_for(DISMISSAL, cast.AKHMETZHANOV, "ru", d(15), cast.ALTYN_ISSUER, number="92-л/с",
                 position=cast.MANAGER_POS, event_date=d(14), cited_number="112",
                 cited_date=d(3 * 365 + 20), seed=207),
        "scan_gray", cast.AKHMETZHANOV, Reason.JOB_LOSS,
        description="Russian dismissal order, grayscale scan; instrumental name; the "
        "employment contract it cites is three years old.",
        tags=("instrumental", "cited_old_date"),
    )  # fmt: skip
    b.doc(
        "dismissal_kk_png_no_patronymic", "Screenshot_бұйрық.png",
        spec_for(DISMISSAL, cc.NURLANULY, "kk", d(40), cast.SARYARKA_ISSUER, number="97-ж/қ",
                 position=cast.LOGIST_KK_POS, event_date=d(38), cited_number="58",
                 cited_date=d(2 * 365), seed=208),
        "photo_png", cc.NURLANULY, Reason.JOB_LOSS,
        description="Kazakh dismissal order, PNG photo; the surname is an -ұлы form and "
        "there is no patronymic (Нұрланұлы Ерасылмен).",
        tags=("kazakh_letters", "ulu_surname", "no_patronymic", "kk_instrumental"),
    )  # fmt: skip
    b.doc(
        "dismissal_ru_sideways_photo", f"IMG_{d(24):%Y%m%d}_120455.jpg",
        spec_for(DISMISSAL, cc.LI, "ru", d(25), cc.KAZTRANS_ISSUER, number="1035-к",
                 position=cc.TECHNOLOGIST_POS, event_date=d(24), cited_number="204",
                 cited_date=d(6 * 365), seed=209),
        "photo_jpeg_rot", cc.LI, Reason.JOB_LOSS,
        description="Russian dismissal order, photo stored sideways without EXIF; "
        "indeclinable surname Ли in the instrumental.",
        tags=("indeclinable_surname", "instrumental", "sideways", "cited_old_date"),
    )  # fmt: skip
    spec = spec_for(DISMISSAL, cast.SARSENBAEV, "kk", d(19), cast.SARYARKA_ISSUER, number="109-ж/қ",
                    position=cast.LOGIST_KK_POS, event_date=d(17), cited_number="41",
                    cited_date=d(4 * 365), seed=210)  # fmt: skip
    b.doc(
        "dismissal_kk_application_pdf", "Сәрсенбаев құжаттар.pdf", spec, "text_pdf",
        cast.SARSENBAEV, Reason.JOB_LOSS, before=[application_part(spec, d(21))],
        description="Two-page Kazakh PDF: the employee's application (dated two days "
        "earlier) first, then the dismissal order.",
        tags=("multipage", "application_first", "kazakh_letters", "ulu", "decisive_page_2"),
    )  # fmt: skip
    spec = spec_for(MATERNITY, cc.MUKHAMEDZHANOVA, "ru", d(10), cast.ALTYN_ISSUER,
                    number="252-л/с", position=cast.ACCOUNTANT_POS, period=(d(8), d(8) + LEAVE),
                    cited_number="0455120", cited_date=d(13), seed=211)  # fmt: skip
    b.doc(
        "maternity_ru_cover_ack_pdf", "Мухамеджанова_приказ_с_письмом.pdf", spec, "text_pdf",
        cc.MUKHAMEDZHANOVA, Reason.MATERNITY_LEAVE,
        before=[cover_part(spec, d(7), "15/2044")], after=[acknowledgement_part(spec, d(9))],
        description="Three-page PDF: cover letter, the order, the acknowledgement sheet "
        "(which prints the name in the nominative and another date).",
        tags=("multipage", "three_pages", "cover_letter", "genitive", "decisive_page_2"),
    )  # fmt: skip
    spec = spec_for(MATERNITY, cast.PETRENKO, "ru", d(13), cast.ALTYN_ISSUER, number="250-л/с",
                    position=cast.ACCOUNTANT_POS, period=(d(11), d(11) + LEAVE),
                    cited_number="0455009", cited_date=d(14), seed=212)  # fmt: skip
    b.doc(
        "maternity_ru_application_scan", "Петренко заявление и приказ.pdf", spec, "scan",
        cast.PETRENKO, Reason.MATERNITY_LEAVE, before=[application_part(spec, d(14))],
        description="Two-page scan: the application addressed to the director (genitive "
        "name), then the maternity order.",
        tags=("multipage", "application_first", "genitive", "decisive_page_2"),
    )  # fmt: skip
    born = d(330)
    spec = spec_for(CHILDCARE, cast.BEKOVA, "kk", d(16), cast.SARYARKA_ISSUER, number="151-ж/қ",
                    position=cc.CASHIER_KK_POS, event_date=born,
                    period=(d(15), years_later(born, 3) - timedelta(days=1)),
                    cited_number="0016345", cited_date=born + timedelta(days=7),
                    seed=213)  # fmt: skip
    b.doc(
        "childcare_kk_cover_pdf", "Бекова_ілеспе_хат.pdf", spec, "text_pdf",
        cast.BEKOVA, Reason.CHILDCARE_LEAVE, before=[cover_part(spec, d(13), "07/588")],
        description="Two-page Kazakh PDF: cover letter (genitive name), then the childcare "
        "order; no patronymic.",
        tags=("multipage", "cover_letter", "kk_genitive", "no_patronymic", "decisive_page_2"),
    )  # fmt: skip
    b.doc(
        "maternity_kk_pdf", "Серікбаева бұйрық.pdf",
        spec_for(MATERNITY, cc.SERIKBAEVA, "kk", d(7), cast.SARYARKA_ISSUER, number="139-ж/қ",
                 position=cast.LOGIST_KK_POS, period=(d(5), d(5) + LEAVE), cited_number="0401277",
                 cited_date=d(8), date_style="worded", seed=214),
        "text_pdf", cc.SERIKBAEVA, Reason.MATERNITY_LEAVE, fast=True,
        description="Kazakh maternity order, worded Kazakh date (2026 жылғы 8 қараша).",
        tags=("kazakh_letters", "kyzy", "kk_dative", "worded_date"),
    )  # fmt: skip
    b.doc(
        "maternity_ru_scan_no_iin", "Scan_Жармағанбет.pdf",
        spec_for(MATERNITY, cast.ZHARMAGANBET, "ru", d(21), cast.ALTYN_ISSUER, iin=None,
                 number="238-л/с", position=cast.ECONOMIST_POS, period=(d(19), d(19) + LEAVE),
                 cited_number="0451902", cited_date=d(23), seed=215),
        "scan", cast.ZHARMAGANBET, Reason.MATERNITY_LEAVE,
        description="Russian order about a Kazakh name (Серікқызы, not declined), scanned; "
        "no IIN printed.",
        tags=("kazakh_letters", "kyzy", "no_iin"),
    )  # fmt: skip
    born = d(250)
    b.doc(
        "childcare_ru_heic", f"IMG_{d(21):%Y%m%d}_083017.heic",
        spec_for(CHILDCARE, cast.KIM, "ru", d(22), cast.ALTYN_ISSUER, number="236-л/с",
                 position=cast.ACCOUNTANT_POS, event_date=born,
                 period=(d(20), years_later(born, 3) - timedelta(days=1)),
                 cited_number="0013998", cited_date=born + timedelta(days=9), seed=216),
        "photo_heic", cast.KIM, Reason.CHILDCARE_LEAVE,
        description="Russian childcare order, HEIC photo; indeclinable Ким in the dative.",
        tags=("indeclinable_surname", "dative", "heic"),
    )  # fmt: skip
    b.doc(
        "dismissal_ru_no_reason_pdf", "Приказ об увольнении Омаров.pdf",
        spec_for(DISMISSAL, cast.OMAROV, "ru", d(30), cc.KAZTRANS_ISSUER, number="1024-к",
                 position=cc.DRIVER_POS, event_date=d(30), cited_number="77",
                 cited_date=d(9 * 365), date_style="worded", seed=217),
        "text_pdf", cast.OMAROV, None,
        description="Russian dismissal order sent without a reason; the last working day "
        "is the issue date; a nine-year-old contract cited.",
        tags=("instrumental", "reason_absent", "worded_date", "cited_old_date"),
    )  # fmt: skip
