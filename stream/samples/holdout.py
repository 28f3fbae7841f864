"""The holdout corpus: 38 labelled documents worded apart from the main corpus.

The main corpus and the checking rules grew up together; this set did not. Its
texts (``holdout_texts_ru``, ``holdout_texts_kk``) follow the way Kazakh HR
departments, polyclinics, MSE commissions and employment centres word their
papers, its people and issuers are its own (``holdout_cast``), and only the
drawing (page layout, seal, signature, QR, scan and photo simulation) is shared.
Every label is derived from the facts the spec prints by
``labels.expected_codes``, and a case whose stated codes differ is refused.

Six accepted types in Russian and Kazakh, documents a customer sends by mistake
(an annual-leave order, a salary certificate, an employment contract, the
right paper for the wrong reason), someone else's name or IIN, stale, future and
blank dates, a missing seal, an out-of-focus photo; as text PDFs, colour and
grayscale scans, photos (JPEG at an angle or sideways, PNG, HEIC).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import Any

from schemas.codes import DocType, ErrorCode, Reason
from stream.samples import holdout_cast as hc
from stream.samples.corpus_base import CorpusBuilder, CorpusEntry, years_later
from stream.samples.holdout_cast import Org, Subject
from stream.samples.holdout_render import HoldoutRendering, render_holdout
from stream.samples.labels import expected_codes
from stream.samples.spec import DocKind, DocumentSpec, Inflected, Language, Party

MATERNITY = DocType.MATERNITY_LEAVE_ORDER
CHILDCARE = DocType.CHILDCARE_LEAVE_ORDER
DISMISSAL = DocType.DISMISSAL_ORDER
SICK = DocType.SICK_LEAVE_CERTIFICATE
DISABILITY = DocType.DISABILITY_CERTIFICATE
UNEMPLOYMENT = DocType.UNEMPLOYMENT_CERTIFICATE
LEAVE = timedelta(days=125)  # 126 calendar days, both ends counted
NAME, IIN = ErrorCode.NAME_MISMATCH, ErrorCode.IIN_MISMATCH
STALE, FUTURE = ErrorCode.DATE_STALE, ErrorCode.DATE_FUTURE
UNKNOWN, MISMATCH = ErrorCode.DOC_TYPE_UNKNOWN, ErrorCode.DOC_TYPE_MISMATCH
NO_STAMP = ErrorCode.STAMP_MISSING


def pos(nom: str, gen: str, dat: str, acc: str, ins: str) -> Inflected:
    return Inflected(nom, gen, dat, acc, ins)


def egov_qr(seed: int) -> str:
    """What an eGov-issued e-document's QR code carries: a link to check it."""
    token = hashlib.sha256(f"holdout-egov-{seed}".encode()).hexdigest()[:24].upper()
    return f"https://egov.kz/services/documents/check?id={token}"


class HoldoutBuilder(CorpusBuilder):
    """The main corpus's builder, drawing the holdout's own texts."""

    def spec(
        self,
        kind: DocKind,
        who: Subject,
        language: Language,
        issued: date,
        org: Org,
        seed: int,
        **details: Any,
    ) -> DocumentSpec:
        """A spec about ``who`` from ``org``; ``details`` are DocumentSpec fields, and
        ``extra`` keys the texts vary their wording by."""
        extra = {
            **org.details,
            # Scanned the day before it is sent, whatever its own date says.
            "scanned": (self.today - timedelta(days=1)).isoformat(),
            **details.pop("extra", {}),
        }
        details.setdefault("iin", who.iin)
        details.setdefault("others", org.others)
        return DocumentSpec(
            doc_type=kind, language=language, subject=who.forms(language),
            subject_female=who.person.female, issue_date=issued, birth_date=who.person.birth,
            company=org.company, head=org.head, seal_ink=org.ink, seed=seed, extra=extra,
            **details,
        )  # fmt: skip

    def doc(  # type: ignore[override]
        self,
        name: str,
        filename: str,
        spec: DocumentSpec,
        how: HoldoutRendering,
        applicant: Subject,
        reason: Reason | None,
        codes: Iterable[ErrorCode] = (),
        *,
        description: str,
        tags: Iterable[str] = (),
        fast: bool = False,
    ) -> None:
        """A document case; refused when ``codes`` are not what the spec really fails."""
        stated = frozenset(codes)
        derived = expected_codes(spec, applicant.person, reason, self.today)
        if derived != stated:
            raise ValueError(
                f"case {name}: stated {sorted(stated)}, the spec fails {sorted(derived)}"
            )
        self._add(CorpusEntry(
            name=name, filename=filename, rendering=how, kind=str(spec.doc_type),
            language=spec.language, parts=1, applicant=applicant.person, reason=reason,
            expected_codes=stated, description=description, tags=frozenset(tags),
            make=partial(render_holdout, spec, how), fast=fast, spec=spec,
        ))  # fmt: skip


def _content(spec: DocumentSpec, how: HoldoutRendering) -> bytes:
    return render_holdout(spec, how)[0]


def holdout_entries(today: date) -> list[CorpusEntry]:
    """Every holdout case, labelled, for events created on ``today``."""
    b = HoldoutBuilder(today)
    _orders(b)
    _certificates(b)
    _wrong_person(b)
    _dates_and_stamps(b)
    _wrong_kind(b)
    return b.entries


# Positions, in the cases Russian orders put them.
CHIEF_SPECIALIST = pos("главный специалист", "главного специалиста", "главному специалисту",
                       "главного специалиста", "главным специалистом")  # fmt: skip
LEAD_ESTIMATOR = pos("ведущий инженер-сметчик", "ведущего инженера-сметчика",
                     "ведущему инженеру-сметчику", "ведущего инженера-сметчика",
                     "ведущим инженером-сметчиком")  # fmt: skip
POSTAL_OPERATOR = pos("оператор почтовой связи", "оператора почтовой связи",
                      "оператору почтовой связи", "оператора почтовой связи",
                      "оператором почтовой связи")  # fmt: skip
TEACHER = pos("воспитатель", "воспитателя", "воспитателю", "воспитателя", "воспитателем")
MECHANIC = pos("инженер-механик", "инженера-механика", "инженеру-механику", "инженера-механика",
               "инженером-механиком")  # fmt: skip
SHOP_ASSISTANT = pos("продавец-консультант", "продавца-консультанта", "продавцу-консультанту",
                     "продавца-консультанта", "продавцом-консультантом")  # fmt: skip
SALES_MANAGER = pos("менеджер по продажам", "менеджера по продажам", "менеджеру по продажам",
                    "менеджера по продажам", "менеджером по продажам")  # fmt: skip
CASHIER = pos("кассир", "кассира", "кассиру", "кассира", "кассиром")
NETWORK_ENGINEER = pos("инженер по эксплуатации сетей", "инженера по эксплуатации сетей",
                       "инженеру по эксплуатации сетей", "инженера по эксплуатации сетей",
                       "инженером по эксплуатации сетей")  # fmt: skip
PHARMACIST = pos("провизор", "провизора", "провизору", "провизора", "провизором")
ARCHITECT = pos("архитектор", "архитектора", "архитектору", "архитектора", "архитектором")
DRIVER = pos("водитель-экспедитор", "водителя-экспедитора", "водителю-экспедитору",
             "водителя-экспедитора", "водителем-экспедитором")  # fmt: skip
STOREKEEPER = pos("кладовщик", "кладовщика", "кладовщику", "кладовщика", "кладовщиком")
LEAD_SPECIALIST = pos("ведущий специалист", "ведущего специалиста", "ведущему специалисту",
                      "ведущего специалиста", "ведущим специалистом")  # fmt: skip
KK_ACCOUNTANT = Inflected.same("бухгалтерия бөлімінің бухгалтері")
KK_CASHIER = Inflected.same("абоненттік бөлімнің кассирі")
KK_AGRONOMIST = Inflected.same("агроном")
KK_FOREMAN = Inflected.same("балық өңдеу цехының шебері")
KK_ECONOMIST = Inflected.same("жоспарлау-экономикалық бөлімінің экономисті")
KK_ESTIMATOR = Inflected.same("сметші-инженер")


def _orders(b: HoldoutBuilder) -> None:
    """Genuine orders about the applicant, for the reason they serve."""
    d = b.d
    # Laid out by hand (fmt: skip): a case per block reads better than an argument per line.
    b.doc(
        "maternity_ru_bilingual_pdf", "Приказ декрет Серикова.pdf",
        b.spec(MATERNITY, hc.SERIKOVA, "ru", d(12), hc.QAZAQ_BUILD, 4101, number="123-л/с",
               position=CHIEF_SPECIALIST, period=(d(10), d(10) + LEAVE), cited_number="0123456",
               cited_date=d(14),
               extra={"header": "bilingual", "date": "quoted", "body_date": "words",
                      "dept": "отдела продаж", "iin_label": "ИИН:"}),
        "text_pdf", hc.SERIKOVA, Reason.MATERNITY_LEAVE, fast=True,
        description="Maternity order on a bilingual letterhead; «Сериковой Алии Маратовне»; "
        "the executor is a colleague with the same surname (Серикова Д.Е.).",
        tags=("dative", "quoted_date", "decoy_same_surname", "bilingual_header"),
    )  # fmt: skip
    b.doc(
        "maternity_kk_scan", "scan_бұйрық_45.pdf",
        b.spec(MATERNITY, hc.ZHAKYPOVA, "kk", d(9), hc.ARMAN, 4102, number="45-ж/қ",
               position=KK_ACCOUNTANT, period=(d(7), d(7) + LEAVE),
               cited_number="0345678", cited_date=d(10),
               extra={"header": "bilingual", "date": "words", "iin_label": "ЖСН"}),
        "scan", hc.ZHAKYPOVA, Reason.MATERNITY_LEAVE,
        description="Kazakh maternity order («Серікқызына»), worded Kazakh dates with case "
        "endings, colour scan.",
        tags=("kk_dative", "kyzy", "worded_date"),
    )  # fmt: skip
    b.doc(
        "maternity_ru_angled_photo", f"IMG_{d(19):%Y%m%d}_181204.jpg",
        b.spec(MATERNITY, hc.PAK, "ru", d(20), hc.KAZPOST, 4103, number="1187-к",
               position=POSTAL_OPERATOR, period=(d(18), d(18) + LEAVE), cited_number="0451187",
               cited_date=d(22),
               extra={"wording": "b", "date": "num_g", "dept": "ОПС № 12 г. Караганды",
                      "iin_label": "ИИН"}),
        "photo_jpeg_angled", hc.PAK, Reason.MATERNITY_LEAVE,
        description="Branch's maternity order photographed at an angle; indeclinable Пак.",
        tags=("indeclinable_surname", "dative", "angled_photo", "parent_body"),
    )  # fmt: skip
    born = d(400)
    b.doc(
        "childcare_ru_scan_gray", "Приказ_уход_Лим.pdf",
        b.spec(CHILDCARE, hc.LIM, "ru", d(15), hc.KINDERGARTEN, 4104, number="38-л/с",
               position=TEACHER, period=(d(13), years_later(born, 3) - timedelta(days=1)),
               cited_number="0457219", cited_date=born + timedelta(days=7),
               extra={"date": "num_g"}),
        "scan_gray", hc.LIM, Reason.CHILDCARE_LEAVE,
        description="Kindergarten's childcare-leave order, grayscale scan; the child's "
        "birth certificate date is cited.",
        tags=("indeclinable_surname", "cited_document", "kgp"),
    )  # fmt: skip
    born = d(380)
    b.doc(
        "childcare_kk_heic", f"IMG_{d(5):%Y%m%d}_090133.heic",
        b.spec(CHILDCARE, hc.ZHUMABAEVA, "kk", d(6), hc.AKTOBE_SU, 4105, number="212-ж/қ",
               position=KK_CASHIER,
               period=(d(4), years_later(born, 3) - timedelta(days=1)), cited_number="0091176",
               cited_date=born + timedelta(days=10),
               extra={"header": "bilingual", "date": "num"}),
        "photo_heic", hc.ZHUMABAEVA, Reason.CHILDCARE_LEAVE,
        description="Kazakh childcare order of an АҚ, HEIC photo.",
        tags=("kk_dative", "kyzy", "heic"),
    )  # fmt: skip
    b.doc(
        "dismissal_ru_uvolit_pdf", "Приказ об увольнении Тулегенов.pdf",
        b.spec(DISMISSAL, hc.TULEGENOV, "ru", d(25), hc.KUMKOL, 4106, number="512-к",
               position=MECHANIC, event_date=d(24), cited_date=d(38),
               extra={"wording": "uvolit", "date": "num_g", "body_date": "words",
                      "dept": "участка энергоснабжения", "title": "ПРИКАЗ по личному составу"}),
        "text_pdf", hc.TULEGENOV, Reason.JOB_LOSS, fast=True,
        description="«Об увольнении»: accusative name, the application's date in the basis, "
        "unused annual leave compensated.",
        tags=("accusative", "annual_leave_words", "worded_date"),
    )  # fmt: skip
    b.doc(
        "dismissal_kk_sideways_photo", f"IMG_{d(32):%Y%m%d}_140512.jpg",
        b.spec(DISMISSAL, hc.KAIRATULY, "kk", d(33), hc.ZHETISU, 4107, number="97-ж/қ",
               position=KK_AGRONOMIST, event_date=d(31), cited_date=d(45),
               extra={"date": "num", "number_first": "1"}),
        "photo_jpeg_rot", hc.KAIRATULY, Reason.JOB_LOSS,
        description="«Жұмыстан босату туралы», -ұлы surname and no patronymic, photo "
        "stored sideways.",
        tags=("ulu_surname", "no_patronymic", "sideways", "nominative"),
    )  # fmt: skip
    b.doc(
        "dismissal_ru_sole_trader_png", "Screenshot_20261030_приказ.png",
        b.spec(DISMISSAL, hc.KOVALCHUK, "ru", d(18), hc.IP_ASANOV, 4108, number="14",
               position=SHOP_ASSISTANT, event_date=d(17), cited_number="08",
               cited_date=d(3 * 365 + 40),
               extra={"wording": "prekratit", "header": "ip", "date": "quoted",
                      "body_date": "num_g"}),
        "photo_png", hc.KOVALCHUK, None,
        description="A sole trader's order ending a contract; the letterhead shows the "
        "owner's own IIN besides the employee's; no reason sent.",
        tags=("instrumental", "sole_trader_iin", "reason_absent", "cited_old_date"),
    )  # fmt: skip


def _certificates(b: HoldoutBuilder) -> None:
    """Genuine sick-leave sheets, MSE and employment-centre certificates."""
    d = b.d
    b.doc(
        "sick_ru_table_scan", "Больничный Токтаров.pdf",
        b.spec(SICK, hc.TOKTAROV, "ru", d(11), hc.POLYCLINIC_KRG, 4201, number="0012347",
               period=(d(11), d(2)),
               extra={"workplace": "ТОО «Караганда Жылу», слесарь-ремонтник",
                      "icd": "J20.9", "date": "num"}),
        "scan", hc.TOKTAROV, Reason.ILLNESS,
        description="Paper sick-leave sheet with a release table (first period and an "
        "extension by another doctor), colour scan.",
        tags=("table_form", "decoy_doctor", "extension_row"),
    )  # fmt: skip
    b.doc(
        "sick_kk_egov_pdf", "ЭЛН_Сейітқали.pdf",
        b.spec(SICK, hc.SEITKALI, "kk", d(8), hc.EMKHANA_SHYMKENT, 4202,
               number="ЭЛН-0004471290", period=(d(8), d(1)), seal=False, signature=False,
               qr_payload=egov_qr(4202),
               extra={"title": "УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ (электрондық)",
                      "workplace": "«Шымкент Май» АҚ, жүргізуші", "cause": "жарақат",
                      "icd": "S93.4", "date": "words"}),
        "text_pdf", hc.SEITKALI, Reason.ILLNESS, fast=True,
        description="Electronic Kazakh sick-leave sheet: eGov QR, no seal, no signature.",
        tags=("egov_qr", "ulu", "electronic"),
    )  # fmt: skip
    exam = d(32)
    b.doc(
        "disability_ru_letter_scan", "Справка МСЭ Сагындыков.pdf",
        b.spec(DISABILITY, hc.SAGYNDYKOV, "ru", d(30), hc.MSE_VKO, 4203, number="0418877",
               event_date=exam, period=(exam, years_later(exam, 1)),
               extra={"home": "г. Усть-Каменогорск, ул. Казахстан, 71, кв. 18",
                      "date": "num_g", "body_date": "words"}),
        "scan", hc.SAGYNDYKOV, Reason.DISABILITY,
        description="MSE disability certificate in letter form («Выдана гр. Сагындыкову "
        "Берику Амангельдиевичу»), valid a year.",
        tags=("dative", "letter_form", "mse"),
    )  # fmt: skip
    exam = d(41)
    b.doc(
        "disability_kk_heic_sideways", f"IMG_{d(39):%Y%m%d}_111906.heic",
        b.spec(DISABILITY, hc.OSPANOVA, "kk", d(40), hc.MSE_TURKESTAN, 4204, number="0391205",
               event_date=exam,
               extra={"group": "үшінші топ", "loss": "40 пайыз", "date": "quoted",
                      "home": "Түркістан қ., Жаңа қала шағын ауданы, 12-үй"}),
        "photo_heic_rot", hc.OSPANOVA, Reason.ILLNESS,
        description="«Мүгедектігі туралы анықтама», open-ended, HEIC turned sideways, "
        "sent for illness.",
        tags=("kyzy", "sideways", "heic", "mse", "reason_illness"),
    )  # fmt: skip
    b.doc(
        "unemployment_ru_letter_pdf", "Справка ЦЗН Абенова.pdf",
        b.spec(UNEMPLOYMENT, hc.ABENOVA, "ru", d(5), hc.CZN_URALSK, 4205, number="2187",
               event_date=d(24), cited_number="1152-б",
               extra={"header": "letter", "out_no": "03-14/2187", "date": "num_g",
                      "body_date": "words"}),
        "text_pdf", hc.ABENOVA, Reason.JOB_LOSS, fast=True,
        description="Employment centre's letter-form certificate with an outgoing number, "
        "«Настоящая справка выдана Абеновой Мадине Кайратовне».",
        tags=("dative", "letter_form", "outgoing_number"),
    )  # fmt: skip
    b.doc(
        "unemployment_kk_scan_gray", "scan_анықтама_Есенова.pdf",
        b.spec(UNEMPLOYMENT, hc.YESENOVA, "kk", d(14), hc.CZN_KYZYLORDA, 4206,
               number="04-12/893", event_date=d(30), cited_number="733",
               extra={"date": "words"}),
        "scan_gray", hc.YESENOVA, Reason.JOB_LOSS,
        description="«Жұмыссыз ретінде тіркелгені туралы анықтама», no patronymic, "
        "grayscale scan.",
        tags=("no_patronymic", "kk_dative"),
    )  # fmt: skip
    b.doc(
        "maternity_ru_no_iin_photo", f"IMG_{d(15):%Y%m%d}_084455.jpg",
        b.spec(MATERNITY, hc.AKHMETOVA, "ru", d(16), hc.AKIMAT, 4207, number="214-л/с",
               iin=None, position=CHIEF_SPECIALIST, period=(d(14), d(14) + LEAVE),
               cited_number="0530921", cited_date=d(18),
               extra={"header": "bilingual", "wording": "b",
                      "dept": "отдела жилищно-коммунального хозяйства"}),
        "photo_jpeg", hc.AKHMETOVA, Reason.MATERNITY_LEAVE,
        description="A state body's (ГУ) maternity order that prints no IIN, phone photo.",
        tags=("no_iin", "dative", "state_body"),
    )  # fmt: skip
    b.doc(
        "sick_ru_grid_photo", f"IMG_{d(20):%Y%m%d}_201530.jpg",
        b.spec(SICK, hc.SHEVCHENKO, "ru", d(21), hc.SUNKAR, 4208, number="0007712",
               period=(d(21), d(12)),
               extra={"layout": "grid", "workplace": "ТОО «Астана Тех Сервис», бухгалтер",
                      "cause": "заболевание (ОРВИ)"}),
        "photo_jpeg", hc.SHEVCHENKO, Reason.ILLNESS,
        description="Private clinic's sick-leave sheet laid out as a grid, phone photo.",
        tags=("table_form", "indeclinable_surname", "decoy_doctor"),
    )  # fmt: skip


def _wrong_person(b: HoldoutBuilder) -> None:
    """Someone else's document, or the applicant's with someone else's IIN."""
    d = b.d
    b.doc(
        "name_colleague_same_surname_scan", "Приказ Серикова.pdf",
        b.spec(MATERNITY, hc.SERIKOVA_DINARA, "ru", d(17), hc.QAZAQ_BUILD, 4301,
               number="118-л/с", position=LEAD_ESTIMATOR, period=(d(15), d(15) + LEAVE),
               cited_number="0122981", cited_date=d(19),
               others=(Party("Исп.", "Жунусова А., тел. 311-45-84"),),
               extra={"header": "bilingual", "date": "quoted", "iin_label": "ИИН:"}),
        "scan", hc.SERIKOVA, Reason.MATERNITY_LEAVE, [NAME, IIN],
        description="The maternity order of a colleague with the same surname and another "
        "first name (Сериковой Динаре Ержановне) and her IIN.",
        tags=("decoy_same_surname", "dative"),
    )  # fmt: skip
    b.doc(
        "name_brother_dismissal_kk_photo", f"IMG_{d(26):%Y%m%d}_163001.jpg",
        b.spec(DISMISSAL, hc.MUKASHEV_DAUREN, "kk", d(28), hc.BALKASH, 4302, number="61-ж/қ",
               iin=None, position=KK_FOREMAN, event_date=d(27), cited_number="58",
               cited_date=d(5 * 365), extra={"wording": "buzu", "header": "bilingual"}),
        "photo_jpeg", hc.MUKASHEV, Reason.JOB_LOSS, [NAME],
        description="The applicant's brother's dismissal (same surname and patronymic, "
        "Дәурен for Данияр), no IIN printed.",
        tags=("decoy_relative", "kk_instrumental", "no_iin"),
    )  # fmt: skip
    b.doc(
        "name_director_only_pdf", "Приказ_27-к.pdf",
        b.spec(DISMISSAL, hc.SMAGULOVA, "ru", d(22), hc.ERTIS, 4303, number="27-к",
               position=SALES_MANAGER, event_date=d(21), cited_number="19",
               cited_date=d(2 * 365), extra={"wording": "rastorgnut", "date": "num_g"}),
        "text_pdf", hc.BAIZHANOV, Reason.JOB_LOSS, [NAME, IIN], fast=True,
        description="An employee's dismissal order signed by the director with his full "
        "name; the applicant is the director.",
        tags=("decoy_director", "instrumental"),
    )  # fmt: skip
    b.doc(
        "name_husband_sick_heic", f"IMG_{d(9):%Y%m%d}_072210.heic",
        b.spec(SICK, hc.AKHMETOV, "ru", d(10), hc.POLYCLINIC_KRG, 4304, number="0012398",
               period=(d(10), d(3)),
               extra={"workplace": "ТОО «Сары-Арка Авто», водитель", "icd": "M54.5"}),
        "photo_heic", hc.AKHMETOVA, Reason.ILLNESS, [NAME, IIN],
        description="The husband's sick-leave sheet (Ахметов Серик) sent by his wife "
        "(Ахметова Гульнара).",
        tags=("decoy_relative", "table_form"),
    )  # fmt: skip
    b.doc(
        "iin_typo_unemployment_ru_scan_gray", "Справка_безработная_Кадырова.pdf",
        b.spec(UNEMPLOYMENT, hc.KADYROVA, "ru", d(19), hc.CZN_URALSK, 4305, number="2093",
               iin=hc.KADYROVA.other_iin(6107), event_date=d(40), cited_number="1088-б",
               extra={"header": "letter", "out_no": "03-14/2093", "date": "num_g"}),
        "scan_gray", hc.KADYROVA, Reason.JOB_LOSS, [IIN],
        description="The applicant's certificate with a mistyped IIN that still has a "
        "valid check digit (same birth date, another serial).",
        tags=("iin_typo", "dative", "letter_form"),
    )  # fmt: skip
    b.doc(
        "iin_typo_sick_kk_sideways", f"IMG_{d(8):%Y%m%d}_101744.jpg",
        b.spec(SICK, hc.BAKYTZHANOV, "kk", d(9), hc.EMKHANA_SHYMKENT, 4306, number="0098812",
               iin=hc.BAKYTZHANOV.other_iin(4141), period=(d(9), d(2)),
               extra={"workplace": "«Оңтүстік Құрылыс» ЖШС, дәнекерлеуші", "icd": "J03.9"}),
        "photo_jpeg_rot", hc.BAKYTZHANOV, Reason.ILLNESS, [IIN],
        description="Kazakh sick-leave sheet with someone else's valid ЖСН, photo sideways.",
        tags=("iin_typo", "ulu", "sideways"),
    )  # fmt: skip


def _dates_and_stamps(b: HoldoutBuilder) -> None:
    """Old, future and blank dates; no seal; an out-of-focus photo."""
    d = b.d
    b.doc(
        "stale_dismissal_ru_scan", "scan_приказ_301-к.pdf",
        b.spec(DISMISSAL, hc.IBRAEVA, "ru", d(230), hc.EURASIA, 4401, number="301-к",
               position=CASHIER, event_date=d(229), cited_date=d(243),
               extra={"wording": "uvolit", "date": "num_g"}),
        "scan", hc.IBRAEVA, Reason.JOB_LOSS, [STALE],
        description="Dismissal order issued 230 days before the request.",
        tags=("accusative", "indeclinable_first_name"),
    )  # fmt: skip
    exam = d(401)
    b.doc(
        "stale_disability_kk_still_valid_pdf", "Мүгедектік_анықтама.pdf",
        b.spec(DISABILITY, hc.ABDIKHALYKOV, "kk", d(400), hc.MSE_TURKESTAN, 4402,
               number="0288130", event_date=exam, period=(exam, years_later(exam, 2)),
               extra={"date": "words", "home": "Кентау қ., Яссауи көшесі, 5-үй"}),
        "text_pdf", hc.ABDIKHALYKOV, Reason.DISABILITY, [STALE],
        description="Disability certificate issued 400 days ago, still valid for a year: "
        "the issue date decides.",
        tags=("valid_until_future", "ulu"),
    )  # fmt: skip
    b.doc(
        "future_maternity_ru_pdf", "Приказ Ким отпуск.pdf",
        b.spec(MATERNITY, hc.KIM, "ru", d(-9), hc.STEPPE, 4403, number="HR-2231",
               position=NETWORK_ENGINEER, period=(d(-9), d(-9) + LEAVE),
               cited_number="0611540", cited_date=d(2), extra={"wording": "b"}),
        "text_pdf", hc.KIM, Reason.MATERNITY_LEAVE, [FUTURE],
        description="Maternity order dated nine days after the request (drawn up ahead of "
        "the leave).",
        tags=("indeclinable_surname", "dative"),
    )  # fmt: skip
    b.doc(
        "future_dismissal_kk_scan", "scan_Сәрсенова.pdf",
        b.spec(DISMISSAL, hc.SARSENOVA, "kk", d(-5), hc.KOKSHE, 4404, number="188-ж/қ",
               position=KK_ECONOMIST, event_date=d(-5), cited_date=d(8),
               extra={"date": "quoted"}),
        "scan", hc.SARSENOVA, Reason.JOB_LOSS, [FUTURE],
        description="Kazakh dismissal order dated five days ahead, colour scan.",
        tags=("kyzy", "nominative"),
    )  # fmt: skip
    b.doc(
        "no_stamp_maternity_ru_pdf", "Приказ Галиева.pdf",
        b.spec(MATERNITY, hc.GALIEVA, "ru", d(13), hc.ARUZHAN_FARM, 4405, number="56-л/с",
               position=PHARMACIST, period=(d(11), d(11) + LEAVE), cited_number="0700458",
               cited_date=d(15), seal=False, extra={"date": "words"}),
        "text_pdf", hc.GALIEVA, Reason.MATERNITY_LEAVE, [NO_STAMP],
        description="Signed maternity order with «М.П.» printed but no seal on it.",
        tags=("dative", "mp_without_seal"),
    )  # fmt: skip
    b.doc(
        "no_stamp_unemployment_kk_photo", f"IMG_{d(6):%Y%m%d}_123015.jpg",
        b.spec(UNEMPLOYMENT, hc.TOLEGEN, "kk", d(7), hc.CZN_TARAZ, 4406, number="02-18/415",
               event_date=d(21), cited_number="612", seal=False),
        "photo_jpeg", hc.TOLEGEN, Reason.JOB_LOSS, [NO_STAMP],
        description="Kazakh unemployment certificate, signed, never stamped.",
        tags=("ulu", "kk_dative", "mp_without_seal"),
    )  # fmt: skip
    b.doc(
        "stale_no_stamp_sick_ru_png", "больничный.png",
        b.spec(SICK, hc.FEDOROV, "ru", d(260), hc.SUNKAR, 4407, number="0005120",
               period=(d(260), d(253)), seal=False,
               extra={"layout": "grid", "workplace": "ТОО «Нур-Трейд», менеджер"}),
        "photo_png", hc.FEDOROV, Reason.ILLNESS, [STALE, NO_STAMP],
        description="A 260-day-old sick-leave sheet with no seal.",
        tags=("table_form", "two_codes"),
    )  # fmt: skip
    b.doc(
        "undated_unemployment_kk_pdf", "Мұратова анықтама.pdf",
        b.spec(UNEMPLOYMENT, hc.MURATOVA, "kk", d(3), hc.CZN_TARAZ, 4408,
               number="02-18/____", event_date=d(18), cited_number="655", undated=True),
        "text_pdf", hc.MURATOVA, Reason.JOB_LOSS, [ErrorCode.DATE_MISSING],
        description="Kazakh certificate whose own date was never filled in; the "
        "registration and birth dates are printed.",
        tags=("undated", "no_patronymic"),
    )  # fmt: skip
    spec = b.spec(DISMISSAL, hc.ABDRAKHMANOV, "ru", d(20), hc.KUMKOL, 4409, number="520-к",
                  position=MECHANIC, event_date=d(19), cited_date=d(33),
                  extra={"wording": "uvolit"})  # fmt: skip
    b.file(
        "unreadable_blurred_photo", f"IMG_{d(18):%Y%m%d}_215901.jpg", "photo_jpeg_blurred",
        partial(_content, spec, "photo_jpeg_blurred"), "image/jpeg", hc.ABDRAKHMANOV.person,
        Reason.JOB_LOSS, ErrorCode.UNREADABLE, spec=spec,
        description="A dismissal order shot out of focus and with a shaking hand.",
        tags=("blurred",),
    )  # fmt: skip


def _wrong_kind(b: HoldoutBuilder) -> None:
    """Papers that are not what the reason needs."""
    d = b.d
    b.doc(
        "annual_leave_ru_scan", "Приказ отпуск Нурмаганбетова.pdf",
        b.spec("annual_leave_order", hc.NURMAGANBETOVA, "ru", d(10), hc.QAZAQ_BUILD, 4501,
               number="131-о", position=ARCHITECT, period=(d(-6), d(-6) + timedelta(days=23)),
               cited_date=d(250), extra={"header": "bilingual", "date": "quoted"}),
        "scan", hc.NURMAGANBETOVA, Reason.MATERNITY_LEAVE, [UNKNOWN],
        description="An annual paid leave order («ежегодный оплачиваемый трудовой отпуск») "
        "sent for maternity leave.",
        tags=("wrong_kind", "leave_words"),
    )  # fmt: skip
    b.doc(
        "salary_certificate_ru_pdf", "Справка о зарплате.pdf",
        b.spec("salary_statement", hc.ISMAILOV, "ru", d(4), hc.CASPIAN, 4502, number="311",
               position=DRIVER, period=(d(7 * 365), d(4)),
               extra={"header": "letter", "out_no": "01-07/311", "accountant": "О.Н. Петрова",
                      "date": "num_g"}),
        "text_pdf", hc.ISMAILOV, Reason.JOB_LOSS, [UNKNOWN],
        description="A salary certificate from the employer, sent for job loss.",
        tags=("wrong_kind", "dative"),
    )  # fmt: skip
    b.doc(
        "employment_contract_ru_scan_gray", "Трудовой договор.pdf",
        b.spec("employment_contract", hc.KENZHEBEKOV, "ru", d(50), hc.CASPIAN, 4503,
               number="58-ТД", position=STOREKEEPER, period=(d(48), d(48)),
               extra={"head_gen": "Кенжебаева Асхата Муратовича", "date": "quoted"}),
        "scan_gray", hc.KENZHEBEKOV, Reason.JOB_LOSS, [UNKNOWN],
        description="An employment contract sent for job loss; the director's surname "
        "(Кенжебаев) is close to the applicant's (Кенжебеков).",
        tags=("wrong_kind", "decoy_director"),
    )  # fmt: skip
    b.doc(
        "annual_leave_kk_png", "Screenshot_демалыс.png",
        b.spec("annual_leave_order", hc.ZHUNISOVA, "kk", d(12), hc.ARMAN, 4504, number="77-д",
               position=KK_ESTIMATOR, period=(d(-3), d(-3) + timedelta(days=23)),
               cited_date=d(300), extra={"header": "bilingual", "date": "words"}),
        "photo_png", hc.ZHUNISOVA, Reason.CHILDCARE_LEAVE, [UNKNOWN],
        description="Kazakh annual-leave order sent for childcare leave.",
        tags=("wrong_kind", "kk_dative", "kyzy"),
    )  # fmt: skip
    b.doc(
        "sick_pregnancy_for_maternity_ru_photo", f"IMG_{d(5):%Y%m%d}_175522.jpg",
        b.spec(SICK, hc.ZHANABERGENOVA, "ru", d(6), hc.POLYCLINIC_17, 4505, number="0238870",
               period=(d(6), d(6) + LEAVE),
               extra={"layout": "grid", "cause": "беременность и роды",
                      "workplace": "ТОО «Алматы Медиа Групп», редактор"}),
        "photo_jpeg", hc.ZHANABERGENOVA, Reason.MATERNITY_LEAVE, [MISMATCH],
        description="The pregnancy-and-birth sick-leave sheet instead of the employer's "
        "maternity order.",
        tags=("wrong_reason", "maternity_words"),
    )  # fmt: skip
    exam = d(36)
    b.doc(
        "disability_for_job_loss_ru_pdf", "МСЭ Омарбеков.pdf",
        b.spec(DISABILITY, hc.OMARBEKOV, "ru", d(35), hc.MSE_VKO, 4506, number="0418102",
               event_date=exam, period=(exam, years_later(exam, 1)),
               extra={"group": "III (третья)", "loss": "30 (тридцать) процентов",
                      "first": "впервые", "home": "г. Риддер, ул. Гагарина, 14, кв. 3"}),
        "text_pdf", hc.OMARBEKOV, Reason.JOB_LOSS, [MISMATCH],
        description="A disability certificate sent for job loss.",
        tags=("wrong_reason", "dative", "mse"),
    )  # fmt: skip
    born = d(130)
    b.doc(
        "childcare_for_maternity_ru_heic", f"IMG_{d(8):%Y%m%d}_130247.heic",
        b.spec(CHILDCARE, hc.DOSMAGAMBETOVA, "ru", d(9), hc.AKIMAT, 4507, number="221-л/с",
               position=LEAD_SPECIALIST, period=(d(7), years_later(born, 3) - timedelta(days=1)),
               cited_number="0771043", cited_date=born + timedelta(days=6),
               extra={"header": "bilingual", "dept": "отдела внутренней политики"}),
        "photo_heic", hc.DOSMAGAMBETOVA, Reason.MATERNITY_LEAVE, [MISMATCH],
        description="The childcare-leave order that follows maternity leave, sent for "
        "maternity leave.",
        tags=("wrong_reason", "indeclinable_first_name"),
    )  # fmt: skip


__all__ = ["HoldoutBuilder", "holdout_entries"]
