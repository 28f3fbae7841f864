"""The people and organisations the demo documents are about and issued by.

Names are realistic but invented; IINs and BINs are generated with valid check
digits, birth dates are fixed so a person's IIN never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stream.samples.identity import fold_kazakh, make_bin, make_iin
from stream.samples.names import kk_forms, ru_forms
from stream.samples.spec import Company, Inflected, Ink, Language, Party


@dataclass(frozen=True)
class Person:
    """A subject: the nominative name as printed, and what the app's form would send."""

    last: str
    first: str
    middle: str | None
    female: bool
    birth: date
    serial: int

    @property
    def iin(self) -> str:
        return make_iin(self.birth, female=self.female, serial=self.serial)

    def forms(self, language: Language) -> Inflected:
        if language == "ru":
            return ru_forms(self.last, self.first, self.middle, female=self.female)
        return kk_forms(self.last, self.first, self.middle)

    def applicant(self) -> tuple[str, str, str | None]:
        """(last_name, first_name, second_name) as the mobile app sends them."""
        middle = fold_kazakh(self.middle) if self.middle else None
        return fold_kazakh(self.last), fold_kazakh(self.first), middle


@dataclass(frozen=True)
class Issuer:
    """Who issues and signs a document: organisation, signer, the other names printed."""

    company: Company
    head: Party
    others: tuple[Party, ...] = ()
    seal_ink: Ink = "blue"


IVANOVA = Person("Иванова", "Мария", "Петровна", True, date(1994, 5, 17), 4321)
IVANOVA_SISTER = Person("Иванова", "Анна", "Петровна", True, date(1991, 2, 8), 1187)
ABILKAIYR = Person("Әбілқайыр", "Дәулет", "Ерланұлы", False, date(1990, 8, 3), 5602)
ZHARMAGANBET = Person("Жармағанбет", "Айгерім", "Серікқызы", True, date(1996, 1, 25), 4450)
BEKOVA = Person("Бекова", "Әсел", None, True, date(1999, 10, 14), 3015)
SARSENBAEV = Person("Сәрсенбаев", "Қанат", "Маратұлы", False, date(1979, 3, 30), 2248)
KIM = Person("Ким", "Ольга", "Сергеевна", True, date(1985, 7, 12), 7731)
AKHMETZHANOV = Person("Ахметжанов", "Нурлан", "Болатович", False, date(1988, 11, 2), 6004)
SEITZHANOV = Person("Сейтжанов", "Арман", "Маратович", False, date(1992, 4, 21), 3380)
OMAROV = Person("Омаров", "Ербол", "Кайратович", False, date(1986, 12, 9), 5127)
TLEUBAEVA = Person("Тлеубаева", "Динара", "Аскаровна", True, date(1993, 6, 6), 2904)
PETRENKO = Person("Петренко", "Елена", "Викторовна", True, date(1989, 9, 19), 8815)

ALTYN_DALA = Company(
    name="ТОО «Алтын Дала»",
    full_name="Товарищество с ограниченной ответственностью «Алтын Дала»",
    bin=make_bin(date(2012, 3, 1), serial=17345),
    city="Алматы",
    address="050000, г. Алматы, пр. Абая, 150, офис 12",
    phone="+7 (727) 250-11-22",
    seal_text=(
        "ТОВАРИЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «АЛТЫН ДАЛА»",
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ * АЛМАТЫ ҚАЛАСЫ",
        "АЛТЫН ДАЛА",
        "АЛМАТЫ",
    ),
)
SARYARKA = Company(
    name="«Сарыарқа Логистик» ЖШС",
    full_name="«Сарыарқа Логистик» жауапкершілігі шектеулі серіктестігі",
    bin=make_bin(date(2015, 9, 1), serial=40218),
    city="Астана",
    address="010000, Астана қ., Сарыарқа даңғылы, 31, 4-кеңсе",
    phone="+7 (7172) 55-20-41",
    seal_text=(
        "«САРЫАРҚА ЛОГИСТИК» ЖАУАПКЕРШІЛІГІ ШЕКТЕУЛІ СЕРІКТЕСТІГІ",
        "ТОО «САРЫАРКА ЛОГИСТИК» * АСТАНА",
        "САРЫАРҚА",
        "АСТАНА",
    ),
)
POLYCLINIC = Company(
    name="ГКП на ПХВ «Городская поликлиника № 5»",
    full_name="ГКП на ПХВ «Городская поликлиника № 5»",
    bin=make_bin(date(2008, 6, 1), serial=55120),
    city="Алматы",
    address="050012, г. Алматы, ул. Толе би, 95",
    phone="+7 (727) 292-40-18",
    parent="Управление общественного здравоохранения города Алматы",
    seal_text=(
        "ГОРОДСКАЯ ПОЛИКЛИНИКА № 5 * ҚАЛАЛЫҚ № 5 ЕМХАНА",
        "ДЛЯ ЛИСТКОВ НЕТРУДОСПОСОБНОСТИ",
        "№ 5",
        "АЛМАТЫ",
    ),
)
EMPLOYMENT_CENTRE_RU = Company(
    name="КГУ «Центр трудовой мобильности города Астаны»",
    full_name="КГУ «Центр трудовой мобильности города Астаны»",
    bin=make_bin(date(2019, 2, 1), serial=31877),
    city="Астана",
    address="010000, г. Астана, ул. Бейбітшілік, 12",
    phone="+7 (7172) 39-61-20",
    parent="ГУ «Управление занятости и социальных программ города Астаны»",
    seal_text=("ЦЕНТР ТРУДОВОЙ МОБИЛЬНОСТИ ГОРОДА АСТАНЫ", "", "", "АСТАНА"),
)
EMPLOYMENT_CENTRE_KK = Company(
    name="«Астана қаласының Еңбек мобильділігі орталығы» КММ",
    full_name="«Астана қаласының Еңбек мобильділігі орталығы» КММ",
    bin=EMPLOYMENT_CENTRE_RU.bin,
    city="Астана",
    address="010000, Астана қ., Бейбітшілік көшесі, 12",
    phone="+7 (7172) 39-61-20",
    parent="Астана қаласының Жұмыспен қамту және әлеуметтік бағдарламалар басқармасы",
    seal_text=("АСТАНА ҚАЛАСЫНЫҢ ЕҢБЕК МОБИЛЬДІЛІГІ ОРТАЛЫҒЫ", "", "", "АСТАНА"),
)
MSE_KK = Company(
    name="№ 3 медициналық-әлеуметтік сараптама бөлімі",
    full_name="Алматы қаласы бойынша Еңбек, әлеуметтік қорғау және көші-қон "
    "комитетінің департаменті",
    bin=make_bin(date(2017, 1, 1), serial=60733),
    city="Алматы",
    address="№ 3 медициналық-әлеуметтік сараптама бөлімі, Алматы қ., Сейфуллин даңғылы, 410",
    parent="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
)

DIRECTOR_ALTYN = Party("Директор ТОО «Алтын Дала»", "Сейткали Б.Е.")
DIRECTOR_SARYARKA = Party("«Сарыарқа Логистик» ЖШС директоры", "Жұмабаев Қ.С.")
CHIEF_DOCTOR = Party("Главный врач", "Мусин Е.К.")
DOCTOR = Party("Врач общей практики", "Абдрахманова Г.Т.")
CENTRE_HEAD_RU = Party("Директор центра трудовой мобильности", "Касымова Ж.Н.")
CENTRE_HEAD_KK = Party("Орталық директоры", "Қасымова Ж.Н.")
MSE_HEAD = Party("МӘС бөлімінің басшысы", "Оспанов Т.Б.")
HR_ALTYN = Party("Исполнитель", "Нурпеисова А.К., тел. 250-11-25")
HR_SARYARKA = Party("Орындаған", "Ахметова Г.Ж., тел. 55-20-43")
ACCOUNTANT = Party("Главный бухгалтер", "Литвиненко О.В.")

ACCOUNTANT_POS = Inflected("бухгалтер", "бухгалтера", "бухгалтеру", "бухгалтера", "бухгалтером")
ECONOMIST_POS = Inflected("экономист", "экономиста", "экономисту", "экономиста", "экономистом")
MANAGER_POS = Inflected(
    "менеджер по продажам",
    "менеджера по продажам",
    "менеджеру по продажам",
    "менеджера по продажам",
    "менеджером по продажам",
)
ENGINEER_POS = Inflected(
    "инженер-технолог",
    "инженера-технолога",
    "инженеру-технологу",
    "инженера-технолога",
    "инженером-технологом",
)
LOGIST_KK_POS = Inflected.same("Логистика бөлімінің менеджері")

ALTYN_ISSUER = Issuer(ALTYN_DALA, DIRECTOR_ALTYN, (HR_ALTYN,))
SARYARKA_ISSUER = Issuer(SARYARKA, DIRECTOR_SARYARKA, (HR_SARYARKA,), "violet")
CLINIC_ISSUER = Issuer(POLYCLINIC, CHIEF_DOCTOR, (DOCTOR,), "violet")
CENTRE_RU_ISSUER = Issuer(
    EMPLOYMENT_CENTRE_RU, CENTRE_HEAD_RU, (Party("Исполнитель", "Серикова Л.М., тел. 39-61-22"),)
)
CENTRE_KK_ISSUER = Issuer(
    EMPLOYMENT_CENTRE_KK, CENTRE_HEAD_KK, (Party("Орындаған", "Серікова Л.М."),)
)
MSE_KK_ISSUER = Issuer(MSE_KK, MSE_HEAD)
SALARY_ISSUER = Issuer(ALTYN_DALA, DIRECTOR_ALTYN, (ACCOUNTANT,))
