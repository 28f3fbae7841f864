"""The person: inflected, Kazakh-spelled, initialled, slipped names; other people."""

from __future__ import annotations

import pytest

from processors.checks.names import NameFinding, find_person
from processors.checks.text import PageText
from schemas.codes import ErrorCode

from . import documents as d


def _order(subject: str) -> str:
    """A short order whose operative clause names the subject as given."""
    return (
        "ТОО «Альфа Трейд»\nБИН 150340012340\nПРИКАЗ № 12-к от 05.11.2026\n"
        f"1. {subject} с 10.11.2026.\n\n"
        "Директор Ахметов Б.К.\nИсп.: Сейткалиева А.Н."
    )


def _find(text: str, last: str, first: str, middle: str | None = None) -> NameFinding:
    return find_person((PageText.of(1, text),), last, first, middle)


MARIA = ("Иванова", "Мария", "Петровна")
NURLAN = ("Ахметжанов", "Нурлан", "Болатович")
AIGERIM = ("Жармаганбет", "Айгерим", "Сериккызы")


@pytest.mark.parametrize(
    ("subject", "applicant"),
    [
        ("Предоставить Ивановой Марии Петровне отпуск", MARIA),  # dative
        ("По заявлению Ивановой Марии Петровны предоставить отпуск", MARIA),  # genitive
        ("Уволить Иванову Марию Петровну", MARIA),  # accusative
        ("Расторгнуть трудовой договор с Ахметжановым Нурланом Болатовичем", NURLAN),
        ("Сведения о Ахметжанове Нурлане Болатовиче", NURLAN),  # prepositional
        ("Работник Мария Петровна Иванова уволена", MARIA),  # first name first
        ("Предоставить Ивановой М.П. отпуск", MARIA),  # initials after
        ("Предоставить М.П. Ивановой отпуск", MARIA),  # initials before
        ("Бухгалтер Жармағанбет Айгерім Серікқызына демалыс берілсін", AIGERIM),
        ("Бухгалтер Жармағанбет Айгерім Серік қызына демалыс берілсін", AIGERIM),
        ("Жармағанбет Айгерім Серікқызының өтініші қанағаттандырылсын", AIGERIM),
        ("Предоставить Жармаганбет Айгерим Сериккызы отпуск", AIGERIM),  # undeclined
        ("Инженер Нұрланұлы Ерлан Асқарұлымен шарт бұзылсын", ("Нурланулы", "Ерлан", "Аскарулы")),
        (
            "Предоставить Ахметжановой Динаре Болатовне отпуск",
            ("Ахметжанова", "Динара", "Болатовна"),
        ),
        ("Предоставить Ким Анне Сергеевне отпуск", ("Ким", "Анна", "Сергеевна")),
        ("Расторгнуть договор с Кимом Сергеем Александровичем", ("Ким", "Сергей", "Александрович")),
        ("Расторгнуть договор с Ким Сергеем Александровичем", ("Ким", "Сергей", "Александрович")),
        ("Предоставить Ли Виктории Эдуардовне отпуск", ("Ли", "Виктория", "Эдуардовна")),
        ("Предоставить Королёвой Алёне Сергеевне отпуск", ("Королева", "Алена", "Сергеевна")),
        ("Предоставить Королевой Алене Сергеевне отпуск", ("Королёва", "Алёна", "Сергеевна")),
        (
            "Предоставить Жұмабековой Гүлнар Сапарқызына отпуск",
            ("Жумабекова", "Гульнар", "Сапаровна"),
        ),
        ("Предоставить Ивaновой Mарии Петpовне отпуск", MARIA),  # Latin look-alikes
        ("Расторгнуть договор с Ахметжаиовым Нурланом Болатовичем", NURLAN),  # н read as и
        ("Расторгнуть договор с Ахметжа-\nновым Нурланом Болатовичем", NURLAN),  # hyphenation
        ("Предоставить ИВАНОВОЙ МАРИИ ПЕТРОВНЕ отпуск", MARIA),
        ("Предоставить Сериковой Алии Маратовне отпуск", ("Серикова", "Алия", "Маратовна")),
        ("Расторгнуть договор с Сериковой Алией Маратовной", ("Серикова", "Алия", "Маратовна")),
    ],
)
def test_the_applicant_is_found_in_any_form(subject: str, applicant: tuple[str, str, str]) -> None:
    finding = _find(_order(subject), *applicant)
    assert finding.match is not None, finding.subjects
    assert finding.error() is None


@pytest.mark.parametrize(
    ("subject", "applicant"),
    [
        ("Предоставить Ивановой Марии отпуск", MARIA),  # the document gives no patronymic
        ("Предоставить Ивановой Марии Петровне отпуск", ("Иванова", "Мария", None)),
        ("Предоставить Ивановой Марии Петровне отпуск", ("Иванова", "Мария", "  ")),
        ("Жармағанбет Айгерімге демалыс берілсін", ("Жармаганбет", "Айгерим", None)),
    ],
)
def test_a_missing_patronymic_on_either_side_still_matches(
    subject: str, applicant: tuple[str, str, str | None]
) -> None:
    assert _find(_order(subject), *applicant).match is not None


def test_the_person_fact_is_the_nominative_in_the_documents_spelling() -> None:
    finding = _find(d.KK_MATERNITY_ORDER, *AIGERIM)
    assert finding.match is not None and finding.match.text == "Жармағанбет Айгерім Серікқызына"
    assert finding.person == "Жармағанбет Айгерім Серікқызы"


@pytest.mark.parametrize(
    ("subject", "person"),
    [
        ("Предоставить Ивановой Марии Петровне отпуск", "Иванова Мария Петровна"),
        ("Предоставить Ивановой М.П. отпуск", "Иванова М.П."),
        ("Работник Мария Петровна Иванова уволена", "Мария Петровна Иванова"),
    ],
)
def test_an_inflected_match_is_reported_in_the_nominative(subject: str, person: str) -> None:
    assert _find(_order(subject), *MARIA).person == person


@pytest.mark.parametrize(
    ("subject", "applicant", "found"),
    [
        ("Предоставить Ивановой Анне Петровне отпуск", MARIA, "Ивановой Анне Петровне"),
        ("Предоставить Ивановой Марии Сергеевне отпуск", MARIA, "Ивановой Марии Сергеевне"),
        ("Предоставить Ивановой Марине Петровне отпуск", MARIA, "Ивановой Марине Петровне"),
        ("Предоставить Ивановой А.П. отпуск", MARIA, "Ивановой А.П."),
        ("Предоставить Ивановой Анне отпуск", MARIA, "Ивановой Анне"),
        ("Уволить Ахметжанова Нуржана Болатовича", NURLAN, "Ахметжанова Нуржана Болатовича"),
        ("Предоставить Петровой Марии Петровне отпуск", MARIA, "Петровой Марии Петровне"),
    ],
)
def test_someone_else_is_a_name_mismatch(
    subject: str, applicant: tuple[str, str, str], found: str
) -> None:
    finding = _find(_order(subject), *applicant)
    assert finding.match is None
    error = finding.error()
    assert error is not None and error.code is ErrorCode.NAME_MISMATCH
    assert error.details["expected"] == " ".join(applicant)
    assert error.details["found"] == [found]
    assert error.details["pages"] == [1]


@pytest.mark.parametrize(
    ("text", "applicant", "other", "subject"),
    [
        (d.RU_MATERNITY_ORDER, ("Ахметов", "Бауыржан", "Кайратович"), "Ахметов Б.К.",
         "Ивановой Марии Петровне"),
        (d.RU_MATERNITY_ORDER, ("Сейткалиева", "Асель", "Нурлановна"), "Сейткалиева А.Н.",
         "Ивановой Марии Петровне"),
        (d.RU_SICK_LEAVE, ("Нургалиева", "Сауле", "Кайратовна"), "Нургалиева С.К.",
         "Ли Виктория Эдуардовна"),
        (d.RU_SICK_LEAVE, ("Бекмуратов", "Арман", "Асанович"), "Бекмуратов А.А.",
         "Ли Виктория Эдуардовна"),
        (d.RU_CHILDCARE_ORDER, ("Ахметжанов", "Алихан", "Нурланович"), "Алихан",
         "Ахметжановой Динаре Болатовне"),
        (d.RU_CHILDCARE_ORDER, ("Омарова", "Гульмира", "Сериковна"), "Омарова Г.С.",
         "Ахметжановой Динаре Болатовне"),
        (d.KK_SICK_LEAVE, ("Ахметова", "Ляззат", "Кайратовна"), "Ахметова Л.Қ.",
         "Серікбаев Дәурен Маратұлы"),
        (d.KK_DISABILITY_CERTIFICATE, ("Касымова", "Жанар", "Болатовна"), "Қасымова",
         "Омаров Талғат Ерланұлына"),
    ],
    ids=["director", "executor", "doctor", "head-of-department", "child", "hr-head",
         "kk-doctor", "kk-head"],
)  # fmt: skip
def test_signatories_and_relatives_are_not_the_subject(
    text: str, applicant: tuple[str, str, str], other: str, subject: str
) -> None:
    assert other in text
    finding = _find(text, *applicant)
    assert finding.match is None
    error = finding.error()
    assert error is not None
    assert subject in error.details["found"]
    assert all(other not in name for name in error.details["found"])
    assert finding.person == subject


@pytest.mark.parametrize(
    "signature",
    [
        "Главный врач\nСидоров Арман Асанович",  # the role on the line above
        "«Альфа» ЖШС директоры Сидоров Арман Асанович",
        "И.о. директора Сидоров А.А.",
        "Согласовано:\nСидоров А.А.",
        "Директор ТОО «Ертіс Сервис\nТрейд» Сидоров Арман Асанович",  # wrapped company name
    ],
)
def test_a_signature_block_in_any_shape_is_not_the_subject(signature: str) -> None:
    text = _order("Предоставить Ивановой Марии Петровне отпуск") + "\n" + signature
    finding = _find(text, "Сидоров", "Арман", "Асанович")
    assert finding.match is None
    error = finding.error()
    assert error is not None and error.details["found"] == ["Ивановой Марии Петровне"]


def test_the_applicant_signing_as_director_is_not_the_subject() -> None:
    text = _order("Предоставить Петровой Анне Сергеевне отпуск")
    finding = _find(text, "Ахметов", "Болат", "Кайратович")
    assert finding.match is None


def test_a_name_known_only_to_the_dictionary_is_reported() -> None:
    finding = _find(_order("Предоставить Ким Анне отпуск"), *MARIA)
    error = finding.error()
    assert error is not None and error.details["found"] == ["Ким Анне"]


# A sick-leave sheet for the applicant's wife, the applicant named as the relative
# she cares for; the OCR line wraps right after «супругом».
_SPOUSE_CARE_SHEET = """ГКП на ПХВ «Городская поликлиника № 5»
ЛИСТ О ВРЕМЕННОЙ НЕТРУДОСПОСОБНОСТИ
№ 0462455 Первичный
Дата выдачи: 20.11.2026
Фамилия, имя, отчество: Омарова Айжан Бахытовна
Дата рождения: 04.04.1988
Причина нетрудоспособности: уход за больным членом семьи (супругом
Омаровым Ерболом Кайратовичем)
Приступить к работе: 21.11.2026
Врач общей практики Абдрахманова Г.Т.
Главный врач Мусин Е.К.
"""
EBROL = ("Омаров", "Ербол", "Кайратович")


def test_a_relative_named_across_a_line_wrap_is_not_the_subject() -> None:
    text = _SPOUSE_CARE_SHEET.replace("Фамилия, имя, отчество: Омарова Айжан Бахытовна\n", "")
    finding = _find(text, *EBROL)
    assert finding.match is None
    assert finding.person != "Омаровым Ерболом Кайратовичем"


def test_the_labelled_subject_field_outweighs_the_applicant_named_elsewhere() -> None:
    finding = _find(_SPOUSE_CARE_SHEET, *EBROL)
    assert finding.match is None
    error = finding.error()
    assert error is not None and error.code is ErrorCode.NAME_MISMATCH
    assert error.details["found"] == ["Омарова Айжан Бахытовна"]


@pytest.mark.parametrize(
    ("field", "applicant"),
    [
        ("Фамилия, имя, отчество: Омарова Айжан Бахытовна", ("Омарова", "Айжан", "Бахытовна")),
        ("Ф.И.О.: Омарова Айжан Бахытовна", ("Омарова", "Айжан", "Бахытовна")),
        (
            "Тегі, аты, әкесінің аты: Төлеуова Айгүл Бақытжанқызы",
            ("Төлеуова", "Айгүл", "Бақытжанқызы"),
        ),
        ("Фамилия, имя, отчество:\nОмарова Айжан Бахытовна", ("Омарова", "Айжан", "Бахытовна")),
    ],
)
def test_the_applicant_in_the_labelled_subject_field_matches(
    field: str, applicant: tuple[str, str, str]
) -> None:
    text = _SPOUSE_CARE_SHEET.replace("Фамилия, имя, отчество: Омарова Айжан Бахытовна", field)
    finding = _find(text, *applicant)
    assert finding.match is not None and finding.error() is None


def test_a_kazakh_labelled_field_naming_someone_else_is_a_mismatch() -> None:
    text = (
        "УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ\nБерілген күні: 06.11.2026\n"
        "Тегі, аты, әкесінің аты: Төлеуова Айгүл Бақытжанқызы\n"
        "Еңбекке жарамсыздық себебі: отбасы мүшесінің күтімі (жұбайы\n"
        "Төлеуов Ерлан Маратұлы)\nБас дәрігер Әбдірахманов Н.С."
    )
    error = _find(text, "Төлеуов", "Ерлан", "Маратұлы").error()
    assert error is not None and error.code is ErrorCode.NAME_MISMATCH


def test_a_doctors_name_field_is_not_the_subject_field() -> None:
    text = _order("Предоставить Ивановой Марии Петровне отпуск") + "\nФИО врача: Сидоров А.А."
    assert _find(text, *MARIA).match is not None


def test_a_namesake_in_full_outweighs_matching_initials() -> None:
    # The brother's order: the applicant's initials fit the acknowledgement line too.
    text = (
        "БҰЙРЫҚ № 14-ж\n1. Жүргізуші Мұқашев Дәурен Болатұлымен еңбек шарты бұзылсын.\n"
        "Директор Сейітов Қ.А.\nБұйрықпен таныстым: ____ Мұқашев Д.Б."
    )
    finding = _find(text, "Мукашев", "Данияр", "Болатулы")
    assert finding.match is None
    error = finding.error()
    assert error is not None and "Мұқашев Дәурен" in error.details["found"][0]


def test_initials_alone_still_match_without_a_namesake() -> None:
    text = "БҰЙРЫҚ № 14-ж\n1. Жүргізуші Мұқашев Д.Б. еңбек шарты бұзылсын.\nДиректор Сейітов Қ.А."
    finding = _find(text, "Мукашев", "Данияр", "Болатулы")
    assert finding.match is not None and finding.doubt == "initials"


def test_a_name_wrapped_across_lines_is_reported_on_one_line() -> None:
    finding = _find(_order("Предоставить Ким Анастасии\nОлеговне отпуск"), "Ким", "Анна", None)
    assert finding.person is not None and "\n" not in finding.person
