"""The demo set: about a dozen cases covering every verdict the demo shows.

Every date is counted back from ``today`` so the set never goes stale; each
rejected case breaks exactly the checks it lists and passes all the others
(``make_case`` refuses a case whose spec says otherwise).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from schemas.codes import DocType, ErrorCode, Reason
from stream.samples import cast
from stream.samples.cases import Renderer, SampleCase, make_case, spec_for
from stream.samples.render_image import render

SICK_CAUSE = "заболевание (код МКБ-10: {})"


def _qr(seed: int) -> str:
    """An eGov-style verification link; the token is derived from the seed."""
    token = hashlib.sha256(f"egov-sample-{seed}".encode()).hexdigest()[:32]
    return f"https://egov.kz/services/verify?doc={token}"


def build_samples(today: date, *, renderer: Renderer = render) -> list[SampleCase]:
    """The demo set, all dated relative to ``today``.

    ``renderer`` makes the files; tests that only look at labels pass a cheap one.
    """
    case = partial(make_case, today=today, renderer=renderer)

    def d(days: int) -> date:
        """``days`` before today."""
        return today - timedelta(days=days)

    child = d(190)
    third_birthday = child.replace(year=child.year + 3)
    maternity = DocType.MATERNITY_LEAVE_ORDER
    dismissal = DocType.DISMISSAL_ORDER
    sick = DocType.SICK_LEAVE_CERTIFICATE
    unemployment = DocType.UNEMPLOYMENT_CERTIFICATE
    at_altyn = {"workplace": "ТОО «Алтын Дала»"}
    # Laid out by hand (fmt: skip below): a case per block reads better than an argument per line.
    return [
        case(
            "maternity_ru_pdf",
            "Приказ о декретном отпуске - Иванова.pdf",
            spec_for(
                maternity, cast.IVANOVA, "ru", d(9), cast.ALTYN_ISSUER,
                number="245-л/с", position=cast.ACCOUNTANT_POS,
                period=(d(7), d(7) + timedelta(days=125)),
                cited_number="0452671", cited_date=d(12), date_style="worded", seed=101,
            ),
            "text_pdf", cast.IVANOVA, Reason.MATERNITY_LEAVE,
            description="Russian maternity-leave order, digital PDF; the body also cites "
            "a sick-leave sheet's date and the leave period.",
        ),
        case(
            "dismissal_kk_pdf",
            "Бұйрық - еңбек шартын бұзу - Әбілқайыр.pdf",
            spec_for(
                dismissal, cast.ABILKAIYR, "kk", d(6), cast.SARYARKA_ISSUER,
                number="118-ж/қ", position=cast.LOGIST_KK_POS, event_date=d(4),
                cited_number="37", cited_date=d(3 * 365 + 40), date_style="worded", seed=102,
            ),
            "text_pdf", cast.ABILKAIYR, Reason.JOB_LOSS,
            description="Kazakh dismissal order; the name carries Kazakh letters and the "
            "instrumental ending (Ерланұлымен), the app sends Ерланулы.",
        ),
        case(
            "sick_leave_ru_scan",
            f"Scan_{d(5):%Y%m%d}_0001.pdf",
            spec_for(
                sick, cast.KIM, "ru", d(5), cast.CLINIC_ISSUER,
                number="0458813", period=(d(15), d(5)), seed=103,
                extra={**at_altyn, "cause": SICK_CAUSE.format("J06.9")},
            ),
            "scan", cast.KIM, Reason.ILLNESS,
            description="Russian sick-leave sheet, colour scan without a text layer; the "
            "doctor and the chief doctor are named too.",
        ),
        case(
            "childcare_ru_photo",
            f"IMG_{d(4):%Y%m%d}_143512.jpg",
            spec_for(
                DocType.CHILDCARE_LEAVE_ORDER, cast.ZHARMAGANBET, "ru", d(4), cast.ALTYN_ISSUER,
                number="251-л/с", position=cast.ECONOMIST_POS, event_date=child,
                period=(d(2), third_birthday - timedelta(days=1)),
                cited_number="0013578", cited_date=child + timedelta(days=6), seed=104,
            ),
            "photo_jpeg", cast.ZHARMAGANBET, Reason.CHILDCARE_LEAVE,
            description="Russian childcare-leave order photographed on a desk; the name is "
            "printed with Kazakh letters (Жармағанбет), the app folds them.",
        ),
        case(
            "unemployment_kk_heic",
            f"IMG_{d(3):%Y%m%d}_101144.heic",
            spec_for(
                unemployment, cast.BEKOVA, "kk", d(3), cast.CENTRE_KK_ISSUER,
                number="04-12/1543", event_date=d(21), cited_number="1543", seed=105,
            ),
            "photo_heic_rot", cast.BEKOVA, Reason.JOB_LOSS,
            description="Kazakh unemployment certificate, HEIC phone photo turned 90°; "
            "the applicant has no patronymic.",
        ),
        case(
            "disability_kk_egov_pdf",
            "Мүгедектік туралы анықтама - Сәрсенбаев.pdf",
            spec_for(
                DocType.DISABILITY_CERTIFICATE, cast.SARSENBAEV, "kk", d(30), cast.MSE_KK_ISSUER,
                number="0067214", event_date=d(33), period=(d(33), d(33) + timedelta(days=365)),
                seal=False, signature=False, qr_payload=_qr(106), seed=106,
            ),
            "text_pdf", cast.SARSENBAEV, Reason.DISABILITY,
            description="Kazakh disability certificate from eGov: no seal, a QR code and "
            "the electronic-document note instead.",
        ),
        case(
            "name_mismatch_scan",
            "scan0007.pdf",
            spec_for(
                maternity, cast.IVANOVA_SISTER, "ru", d(8), cast.ALTYN_ISSUER,
                iin=None, number="247-л/с", position=cast.ACCOUNTANT_POS,
                period=(d(6), d(6) + timedelta(days=125)),
                cited_number="0452702", cited_date=d(11), seed=107,
            ),
            "scan_gray", cast.IVANOVA, Reason.MATERNITY_LEAVE, (ErrorCode.NAME_MISMATCH,),
            description="Grayscale scan of a maternity order for Иванова Анна Петровна; "
            "the applicant is Иванова Мария Петровна. No IIN is printed.",
        ),
        case(
            "date_stale_pdf",
            "Приказ об увольнении Ахметжанов.pdf",
            spec_for(
                dismissal, cast.AKHMETZHANOV, "ru", d(200), cast.ALTYN_ISSUER,
                number="87-л/с", position=cast.MANAGER_POS, event_date=d(198),
                cited_number="112", cited_date=d(200 + 2 * 365), seed=108,
            ),
            "text_pdf", cast.AKHMETZHANOV, Reason.JOB_LOSS, (ErrorCode.DATE_STALE,),
            description="Russian dismissal order issued 200 days ago; name, IIN and seal "
            "are right.",
        ),
        case(
            "stamp_missing_pdf",
            "Справка ЦТМ Сейтжанов.pdf",
            spec_for(
                unemployment, cast.SEITZHANOV, "ru", d(6), cast.CENTRE_RU_ISSUER,
                number="02-15/2291", event_date=d(25), cited_number="2291", seal=False,
                seed=109,
            ),
            "text_pdf", cast.SEITZHANOV, Reason.JOB_LOSS, (ErrorCode.STAMP_MISSING,),
            description="Russian unemployment certificate, signed but never stamped "
            "(«М.П.» printed, no seal, no QR).",
        ),
        case(
            "doc_type_unknown_pdf",
            "Справка о зарплате Омаров.pdf",
            spec_for(
                "salary_statement", cast.OMAROV, "ru", d(7), cast.SALARY_ISSUER,
                number="312", position=cast.ENGINEER_POS, period=(d(4 * 365 + 17), d(7)),
                extra={"salary": "540000"}, seed=110,
            ),
            "text_pdf", cast.OMAROV, Reason.JOB_LOSS, (ErrorCode.DOC_TYPE_UNKNOWN,),
            description="A salary statement: not one of the accepted document types.",
        ),
        case(
            "doc_type_mismatch_pdf",
            "Приказ Тлеубаева.pdf",
            spec_for(
                dismissal, cast.TLEUBAEVA, "ru", d(10), cast.ALTYN_ISSUER,
                number="96-л/с", position=cast.ECONOMIST_POS, event_date=d(9),
                cited_number="54", cited_date=d(5 * 365 + 3), seed=111,
            ),
            "text_pdf", cast.TLEUBAEVA, Reason.MATERNITY_LEAVE, (ErrorCode.DOC_TYPE_MISMATCH,),
            description="A valid dismissal order sent with reason maternity_leave.",
        ),
        case(
            "iin_mismatch_pdf",
            "Больничный лист Петренко.pdf",
            spec_for(
                sick, cast.PETRENKO, "ru", d(4), cast.CLINIC_ISSUER,
                iin=replace(cast.PETRENKO, serial=cast.PETRENKO.serial + 37).iin,
                number="0461190", period=(d(11), d(4)), seed=112,
                extra={**at_altyn, "cause": SICK_CAUSE.format("J20.9")},
            ),
            "text_pdf", cast.PETRENKO, Reason.ILLNESS, (ErrorCode.IIN_MISMATCH,),
            description="Russian sick-leave sheet whose printed IIN is another valid IIN "
            "with the same birth date.",
        ),
    ]  # fmt: skip
