"""The masking processor: IINs and applicants' names, wherever they appear in a line."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import LoanDelayEvent
from stream.masking import (
    given_names_scope,
    hide_given_names,
    initials,
    mask_personal_data,
    short_name,
)

from .conftest import EVENT


def mask(**event_dict: Any) -> dict[str, Any]:
    return mask_personal_data(None, "info", event_dict)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("960125445005", "960125******"),
        ("ИИН: 960125445005.", "ИИН: 960125******."),
        ("two 960125445005,940517443214", "two 960125******,940517******"),
        ("ЖСН960125445005", "ЖСН960125******"),
        # Not an IIN: longer and shorter digit runs stay.
        ("1795436928400944", "1795436928400944"),
        ("96012544500", "96012544500"),
    ],
)
def test_iins_in_any_text_keep_their_first_six_digits(text: str, masked: str) -> None:
    assert mask(event=text) == {"event": masked}


def test_name_fields_keep_the_surname_and_initials() -> None:
    assert mask(
        first_name="Айгерим",
        second_name="Сериккызы",
        last_name="Жармаганбет",
        applicant="Жармаганбет Айгерим Сериккызы",
        name="Жармағанбет Айгерим",
    ) == {
        "first_name": "А.",
        "second_name": "С.",
        "last_name": "Жармаганбет",
        "applicant": "Жармаганбет А. С.",
        "name": "Жармағанбет А.",
    }
    assert initials("Анна Мария") == "А. М."
    assert short_name("Жармаганбет") == "Жармаганбет"


def test_nested_values_models_and_lists_are_masked() -> None:
    event = LoanDelayEvent.model_validate(EVENT)
    masked = mask(
        event="intake.accepted",
        payload={"applicant": {"iin": "960125445005", "first_name": "Айгерим"}},
        events=[event],
        iin=960125445005,
        iins=("960125445005", b"raw 940517443214"),
    )
    assert masked["payload"] == {"applicant": {"iin": "960125******", "first_name": "А."}}
    [dumped] = masked["events"]
    assert dumped["iin"] == "960125******"
    assert (dumped["first_name"], dumped["second_name"]) == ("А.", "С.")
    assert dumped["last_name"] == "Жармаганбет"
    assert dumped["request_id"] == 1234567
    assert masked["iin"] == "960125******"
    assert masked["iins"] == ["960125******", "raw 940517******"]


def test_name_fields_written_into_text_are_masked() -> None:
    text = (
        "ValueError: bad event {'first_name': 'Айгерим', 'second_name': 'Сериккызы', "
        "'last_name': 'Жармаганбет'} applicant=\"Жармаганбет Айгерим Сериккызы\" name=Айгерим"
    )
    assert mask(exception=text)["exception"] == (
        "ValueError: bad event {'first_name': 'А.', 'second_name': 'С.', "
        "'last_name': 'Жармаганбет'} applicant=\"Жармаганбет А. С.\" name=Айгерим"
    )


def test_the_requests_given_names_are_masked_in_any_text_inside_its_scope() -> None:
    line = "pydantic: input_value='Айгерим' and АЙГЕРИМ Сериккызы; Айгеримовна stays"
    with given_names_scope():
        hide_given_names("Айгерим", "Сериккызы", None, "А")
        assert mask(exception=line)["exception"] == (
            "pydantic: input_value='А.' and А. С.; Айгеримовна stays"
        )
    assert mask(exception=line)["exception"] == line


def test_ids_are_never_cut() -> None:
    ids = {
        "trace_id": "4bf92f3577b34da6123456789012e473",
        "run_id": "0e8b2a7c-1111-2222-3333-123456789012",
        "request_id": 123456789012,
        "sha256": "123456789012" * 5 + "abcd",
    }
    assert mask(**ids) == ids
