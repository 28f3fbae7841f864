import pytest

from schemas import iin_check_digit, is_valid_iin


@pytest.mark.parametrize("iin", ["960125445005", "880314300128", "000101500011"])
def test_valid_iins(iin: str) -> None:
    assert iin_check_digit(iin[:11]) == int(iin[11])
    assert is_valid_iin(iin)


@pytest.mark.parametrize(
    "value",
    [
        "960125445006",
        "96012544500",
        "9601254450050",
        "96012544500a",
        "９６０１２５４４５００５",
        "",
    ],
)
def test_invalid_iins(value: str) -> None:
    assert not is_valid_iin(value)


def test_second_weights_used_when_first_sum_gives_ten() -> None:
    # Find eleven digits whose first weighted sum mod 11 is 10, then check the second pass.
    for n in range(10**10, 10**10 + 5000):
        digits = f"{n:011d}"
        first = sum(int(d) * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
        if first == 10:
            second = (
                sum(
                    int(d) * w
                    for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)
                )
                % 11
            )
            assert iin_check_digit(digits) == (None if second == 10 else second)
            return
    pytest.fail("no sample with a first sum of 10")
