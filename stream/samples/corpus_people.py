"""Corpus cases rejected for the person: another name, or an IIN that is not theirs.

Some applicants find their own name in the document printed for someone
else: the director who signs, the doctor, the executor, a spouse. Their label
is NAME_MISMATCH because the document's subject is another person, whatever
else it mentions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from schemas.codes import DocType, ErrorCode, Reason
from stream.samples import cast
from stream.samples import corpus_cast as cc
from stream.samples.cases import spec_for
from stream.samples.corpus_base import CorpusBuilder, years_later

MATERNITY = DocType.MATERNITY_LEAVE_ORDER
CHILDCARE = DocType.CHILDCARE_LEAVE_ORDER
DISMISSAL = DocType.DISMISSAL_ORDER
UNEMPLOYMENT = DocType.UNEMPLOYMENT_CERTIFICATE
SICK = DocType.SICK_LEAVE_CERTIFICATE
LEAVE = timedelta(days=125)
NAME, IIN = ErrorCode.NAME_MISMATCH, ErrorCode.IIN_MISMATCH
ALTYN_WORK = cc.ru_sick("ТОО «Алтын Дала»", "J06.9")


def other_iin(person: cast.Person, step: int) -> str:
    """A valid IIN with the person's birth date that is not theirs."""
    return replace(person, serial=person.serial + step).iin


def add_people(b: CorpusBuilder) -> None:
    """The applicant is not the document's subject, or the IIN is not theirs."""
    d = b.d
    # Laid out by hand (fmt: skip): a case per block reads better than an argument per line.
    b.doc(
        "name_same_surname_scan_gray", "scan0007.pdf",
        spec_for(MATERNITY, cast.IVANOVA_SISTER, "ru", d(8), cast.ALTYN_ISSUER, iin=None,
                 number="247-л/с", position=cast.ACCOUNTANT_POS, period=(d(6), d(6) + LEAVE),
                 cited_number="0452702", cited_date=d(11), seed=301),
        "scan_gray", cast.IVANOVA, Reason.MATERNITY_LEAVE, [NAME], fast=True,
        description="Maternity order for Иванова Анна Петровна; the applicant is Иванова "
        "Мария Петровна (same surname and patronymic). No IIN printed.",
        tags=("same_surname", "dative"),
    )  # fmt: skip
    b.doc(
        "name_other_person_pdf", "Приказ Омаров.pdf",
        spec_for(DISMISSAL, cast.OMAROV, "ru", d(11), cast.ALTYN_ISSUER, number="95-л/с",
                 position=cc.DRIVER_POS, event_date=d(10), cited_number="63",
                 cited_date=d(2 * 365), seed=302),
        "text_pdf", cast.SEITZHANOV, Reason.JOB_LOSS, [NAME, IIN],
        description="Somebody else's dismissal order (Омаров, with his IIN) sent by Сейтжанов.",
        tags=("other_person", "instrumental"),
    )  # fmt: skip
    b.doc(
        "decoy_director_pdf", "Приказ об увольнении.pdf",
        spec_for(DISMISSAL, cast.TLEUBAEVA, "ru", d(6), cast.ALTYN_ISSUER, iin=None,
                 number="99-л/с", position=cast.ECONOMIST_POS, event_date=d(5),
                 cited_number="54", cited_date=d(5 * 365 + 3), seed=303),
        "text_pdf", cc.SEITKALI, Reason.JOB_LOSS, [NAME], fast=True,
        description="Тлеубаева's dismissal order sent by the director who signed it "
        "(Сейткали Б.Е.); no IIN printed.",
        tags=("decoy_director",),
    )  # fmt: skip
    b.doc(
        "decoy_doctor_scan", "scan_больничный_0461.pdf",
        spec_for(SICK, cast.PETRENKO, "ru", d(5), cast.CLINIC_ISSUER, iin=None, number="0461877",
                 period=(d(12), d(5)), extra=ALTYN_WORK, seed=304),
        "scan", cc.ABDRAKHMANOVA, Reason.ILLNESS, [NAME],
        description="Петренко's sick-leave sheet sent by the doctor who issued it "
        "(Абдрахманова Г.Т., named in the table and the signature).",
        tags=("decoy_doctor",),
    )  # fmt: skip
    b.doc(
        "decoy_executor_photo", f"IMG_{d(3):%Y%m%d}_152201.jpg",
        spec_for(DISMISSAL, cast.AKHMETZHANOV, "ru", d(4), cast.ALTYN_ISSUER, iin=None,
                 number="101-л/с", position=cast.MANAGER_POS, event_date=d(3),
                 cited_number="118", cited_date=d(2 * 365 + 40), seed=305),
        "photo_jpeg", cc.NURPEISOVA, Reason.JOB_LOSS, [NAME],
        description="Ахметжанов's dismissal order sent by the HR officer printed as "
        "«Исполнитель: Нурпеисова А.К.».",
        tags=("decoy_executor", "instrumental"),
    )  # fmt: skip
    cause = "уход за больным членом семьи (супругом Омаровым Ерболом Кайратовичем)"
    b.doc(
        "decoy_spouse_sick_pdf", "Больничный лист супруги.pdf",
        spec_for(SICK, cc.OMAROVA, "ru", d(3), cast.CLINIC_ISSUER, iin=None, number="0462455",
                 period=(d(9), d(3)), seed=306,
                 extra={"workplace": cc.KAZTRANS_WORK, "cause": cause}),
        "text_pdf", cast.OMAROV, Reason.ILLNESS, [NAME],
        description="His wife's sick-leave sheet for nursing him, sent by Омаров: his full "
        "name stands in the body (instrumental), hers is the subject.",
        tags=("decoy_relative", "instrumental"),
    )  # fmt: skip
    b.doc(
        "spouse_maternity_heic", f"IMG_{d(5):%Y%m%d}_090912.heic",
        spec_for(MATERNITY, cast.IVANOVA, "ru", d(6), cast.ALTYN_ISSUER, number="246-л/с",
                 position=cast.ACCOUNTANT_POS, period=(d(4), d(4) + LEAVE),
                 cited_number="0452688", cited_date=d(8), seed=307),
        "photo_heic", cc.IVANOV, Reason.MATERNITY_LEAVE, [NAME, IIN],
        description="His wife's maternity order, with her IIN, sent by Иванов Петр "
        "(«Иванова» is also his surname's genitive).",
        tags=("spouse", "same_surname"),
    )  # fmt: skip
    b.doc(
        "iin_mismatch_kk_scan", "scan_анықтама_0012.pdf",
        spec_for(UNEMPLOYMENT, cc.NURLANULY, "kk", d(10), cast.CENTRE_KK_ISSUER,
                 iin=other_iin(cc.NURLANULY, 37), number="04-12/1699", event_date=d(20),
                 cited_number="1699", seed=308),
        "scan", cc.NURLANULY, Reason.JOB_LOSS, [IIN],
        description="Kazakh unemployment certificate with another valid IIN of the same "
        "birth date.",
        tags=("kazakh_letters", "ulu_surname", "no_patronymic"),
    )  # fmt: skip
    born = d(280)
    b.doc(
        "iin_mismatch_ru_pdf", "Приказ Цой уход.pdf",
        spec_for(CHILDCARE, cc.TSOY, "ru", d(14), cc.KAZTRANS_ISSUER, iin=other_iin(cc.TSOY, 11),
                 number="1110-к", position=cast.ECONOMIST_POS, event_date=born,
                 period=(d(12), years_later(born, 3) - timedelta(days=1)),
                 cited_number="0022017", cited_date=born + timedelta(days=6), seed=309),
        "text_pdf", cc.TSOY, Reason.CHILDCARE_LEAVE, [IIN],
        description="Russian childcare order whose printed IIN is not the applicant's.",
        tags=("indeclinable_surname",),
    )  # fmt: skip
    born = d(240)
    b.doc(
        "sister_childcare_for_maternity_photo", f"IMG_{d(2):%Y%m%d}_130005.jpg",
        spec_for(CHILDCARE, cast.IVANOVA_SISTER, "ru", d(9), cast.ALTYN_ISSUER, number="243-л/с",
                 position=cast.ECONOMIST_POS, event_date=born,
                 period=(d(8), years_later(born, 3) - timedelta(days=1)),
                 cited_number="0013861", cited_date=born + timedelta(days=4), seed=310),
        "photo_jpeg_rot", cast.IVANOVA, Reason.MATERNITY_LEAVE,
        [ErrorCode.DOC_TYPE_MISMATCH, NAME, IIN],
        description="Her sister's childcare order (with the sister's IIN), photographed "
        "sideways, sent for maternity leave: three checks fail.",
        tags=("same_surname", "sideways", "multiple_codes"),
    )  # fmt: skip
