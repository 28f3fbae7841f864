"""People and issuers the evaluation corpus adds to the demo cast.

Chosen for what they test: indeclinable surnames (Ли, Цой, Шевчук) and first
names (Сауле), Kazakh names with -қызы/-ұлы or none, a surname that is itself
a patronymic form (Нұрланұлы), and applicants who share a name with someone a
document mentions in passing (the director, the doctor, the executor, a spouse).
"""

from __future__ import annotations

from datetime import date

from stream.samples.cast import Issuer, Person
from stream.samples.identity import make_bin
from stream.samples.spec import Company, Inflected, Party

TSOY = Person("Цой", "Анна", "Игоревна", True, date(1995, 3, 14), 2231)
SHEVCHUK = Person("Шевчук", "Ирина", "Олеговна", True, date(1990, 12, 1), 6612)
LI = Person("Ли", "Вадим", "Енгунович", False, date(1987, 6, 23), 4107)
NURLANULY = Person("Нұрланұлы", "Ерасыл", None, False, date(1998, 2, 11), 1903)
TOKTAROVA = Person("Тоқтарова", "Гүлнар", "Асқарқызы", True, date(1994, 9, 8), 3566)
GABDULLINA = Person("Габдуллина", "Сауле", "Маратовна", True, date(1983, 4, 27), 7042)
OSPANOV = Person("Оспанов", "Тимур", "Бахытжанович", False, date(1975, 1, 19), 2875)
AKHMETOVA = Person("Ахметова", "Динара", "Серикбаевна", True, date(1992, 8, 30), 5391)
MUKHAMEDZHANOVA = Person("Мухамеджанова", "Жанар", "Ерболовна", True, date(1991, 5, 5), 8124)
ALIMZHANOVA = Person("Әлімжанова", "Мөлдір", None, True, date(2000, 7, 16), 4478)
SERIKBAEVA = Person("Серікбаева", "Аружан", "Қайратқызы", True, date(1997, 11, 3), 6270)
TOLEUOVA = Person("Төлеуова", "Айгүл", "Бақытжанқызы", True, date(1989, 2, 14), 3821)
ZHUMABEKOV = Person("Жұмабеков", "Ержан", "Нұрланұлы", False, date(1984, 10, 10), 5530)

# Applicants whose name the document prints for someone other than its subject.
SEITKALI = Person("Сейткали", "Бауыржан", "Ерланович", False, date(1970, 5, 12), 1450)
"""The director who signs ТОО «Алтын Дала»'s orders («Сейткали Б.Е.»)."""
ABDRAKHMANOVA = Person("Абдрахманова", "Гульнара", "Тимуровна", True, date(1981, 3, 3), 2716)
"""The polyclinic's doctor («Абдрахманова Г.Т.»)."""
NURPEISOVA = Person("Нурпеисова", "Алия", "Кайратовна", True, date(1993, 1, 9), 6048)
"""The HR officer printed as «Исполнитель: Нурпеисова А.К.»."""
OMAROVA = Person("Омарова", "Айжан", "Бахытовна", True, date(1988, 4, 4), 3092)
"""Омаров Ербол's wife; her sick-leave sheet names him as the relative she cares for."""
IVANOV = Person("Иванов", "Петр", "Сергеевич", False, date(1992, 7, 7), 5871)
"""Иванова Мария's husband."""

KAZTRANS = Company(
    name="АО «КазТрансСервис»",
    full_name="Акционерное общество «КазТрансСервис»",
    bin=make_bin(date(2004, 5, 1), serial=22871),
    city="Караганда",
    address="100012, г. Караганда, ул. Ерубаева, 48",
    phone="+7 (7212) 41-08-77",
    seal_text=(
        "АКЦИОНЕРНОЕ ОБЩЕСТВО «КАЗТРАНССЕРВИС»",
        "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ * ҚАРАҒАНДЫ",
        "КАЗТРАНС",
        "КАРАГАНДА",
    ),
)
CLINIC_KK = Company(
    name="«№ 7 қалалық емхана» ШЖҚ МКК",
    full_name="Шаруашылық жүргізу құқығындағы «№ 7 қалалық емхана» мемлекеттік "
    "коммуналдық кәсіпорны",
    bin=make_bin(date(2009, 11, 1), serial=47302),
    city="Шымкент",
    address="160000, Шымкент қ., Тәуке хан даңғылы, 22",
    phone="+7 (7252) 53-14-60",
    parent="Шымкент қаласының денсаулық сақтау басқармасы",
    seal_text=(
        "«№ 7 ҚАЛАЛЫҚ ЕМХАНА» ШЖҚ МКК * ШЫМКЕНТ",
        "ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҚТАРЫ ҮШІН",
        "№ 7",
        "",
    ),
)
MSE_RU = Company(
    name="Отдел медико-социальной экспертизы № 2",
    full_name="Департамент Комитета труда, социальной защиты и миграции по городу Астане",
    bin=make_bin(date(2017, 2, 1), serial=61904),
    city="Астана",
    address="Отдел МСЭ № 2, г. Астана, ул. Кенесары, 40",
    parent="Министерство труда и социальной защиты населения Республики Казахстан",
    seal_text=("ОТДЕЛ МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ № 2 * АСТАНА", "", "МСЭ", "АСТАНА"),
)

KAZTRANS_ISSUER = Issuer(
    KAZTRANS,
    Party("Генеральный директор АО «КазТрансСервис»", "Бекмухамбетов Р.А."),
    (Party("Исп.", "Ким Е.В., тел. 41-08-79"),),
)
CLINIC_KK_ISSUER = Issuer(
    CLINIC_KK,
    Party("Бас дәрігер", "Әбдірахманов Н.С."),
    (Party("Жалпы практика дәрігері", "Құрманова А.Б."),),
    "violet",
)
MSE_RU_ISSUER = Issuer(MSE_RU, Party("Руководитель отдела МСЭ", "Жакупова С.Т."))

SARYARKA_WORK = "«Сарыарқа Логистик» ЖШС"
KAZTRANS_WORK = "АО «КазТрансСервис»"


def ru_sick(workplace: str, icd: str) -> dict[str, str]:
    """A Russian sick-leave sheet's workplace and cause (an ICD-10 code)."""
    return {"workplace": workplace, "cause": f"заболевание (код МКБ-10: {icd})"}


def kk_sick(workplace: str, icd: str) -> dict[str, str]:
    """A Kazakh sick-leave sheet's workplace and cause (an ICD-10 code)."""
    return {"workplace": workplace, "cause": f"ауру (АХЖ-10 коды: {icd})"}


TECHNOLOGIST_POS = Inflected(
    "инженер-технолог",
    "инженера-технолога",
    "инженеру-технологу",
    "инженера-технолога",
    "инженером-технологом",
)
DRIVER_POS = Inflected("водитель", "водителя", "водителю", "водителя", "водителем")
CASHIER_KK_POS = Inflected.same("Бас кассир")
NURSE_POS = Inflected(
    "медицинская сестра",
    "медицинской сестры",
    "медицинской сестре",
    "медицинскую сестру",
    "медицинской сестрой",
)
