"""Names, identifiers and dates as the documents print them."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.iin import is_valid_iin
from stream.samples import fold_kazakh, kk_forms, make_bin, make_iin, ru_forms
from stream.samples.dates import body_date, heading_date


@pytest.mark.parametrize(
    ("name", "dat", "ins"),
    [
        (("Жармағанбет", "Айгерім", "Серікқызы"), "Серікқызына", "Серікқызымен"),
        (("Әбілқайыр", "Дәулет", "Ерланұлы"), "Ерланұлына", "Ерланұлымен"),
        (("Бекова", "Әсел", None), "Әселге", "Әселмен"),
        (("Омаров", "Ербол", None), "Ерболға", "Ерболмен"),
        (("Сейтов", "Марат", None), "Маратқа", "Маратпен"),
        (("Иванова", "Мария", "Петровна"), "Петровнаға", "Петровнамен"),
    ],
)
def test_kazakh_case_endings_go_on_the_last_word(
    name: tuple[str, str, str | None], dat: str, ins: str
) -> None:
    forms = kk_forms(*name)
    assert forms.dat.endswith(dat) and forms.ins.endswith(ins)
    assert forms.dat.startswith(name[0] + " " + name[1])


def test_russian_forms() -> None:
    forms = ru_forms("Ахметжанов", "Нурлан", "Болатович", female=False)
    assert forms.ins == "Ахметжановым Нурланом Болатовичем"
    assert forms.short == "Ахметжанов Н.Б."
    assert ru_forms("Иванова", "Мария", "Петровна", female=True).dat == "Ивановой Марии Петровне"


def test_fold_kazakh() -> None:
    assert fold_kazakh("Жармағанбет Айгерім Серікқызы") == "Жармаганбет Айгерим Сериккызы"


@pytest.mark.parametrize(
    ("birth", "female", "digit"),
    [(date(1996, 1, 25), True, "4"), (date(1988, 11, 2), False, "3"),
     (date(2003, 7, 1), True, "6"), (date(2001, 2, 3), False, "5")],
)  # fmt: skip
def test_make_iin(birth: date, female: bool, digit: str) -> None:
    for serial in range(0, 10_000, 577):
        iin = make_iin(birth, female=female, serial=serial)
        assert is_valid_iin(iin)
        assert iin[:6] == f"{birth:%y%m%d}" and iin[6] == digit


def test_make_bin_is_a_legal_entity_number() -> None:
    number = make_bin(date(2012, 3, 1), serial=17345)
    assert is_valid_iin(number)  # same checksum: only the label tells a BIN from an IIN
    assert number[:4] == "1203" and number[4] == "4"


def test_date_styles() -> None:
    d = date(2026, 11, 8)
    assert heading_date(d, "ru", "numeric") == "08.11.2026"
    assert heading_date(d, "ru", "worded") == "«08» ноября 2026 г."
    assert heading_date(d, "kk", "worded") == "2026 жылғы 8 қараша"
    assert body_date(d, "kk", "worded") == "08.11.2026 ж."
