"""Phone photos: decodable, of a phone's size, HEIC through pillow-heif."""

from __future__ import annotations

import io
from collections.abc import Callable

import pillow_heif
from PIL import Image

from stream.samples import DocumentSpec, SampleCase, render_page_image, render_phone_photo


def test_jpeg_photo_decodes_to_a_phone_sized_image(
    case_named: Callable[[str], SampleCase],
) -> None:
    case = case_named("childcare_ru_photo")
    assert case.media_type == "image/jpeg"
    image = Image.open(io.BytesIO(case.content))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert 2000 <= max(image.size) <= 3000
    assert image.height > image.width
    assert len(case.content) < 1_500_000


def test_heic_photo_decodes_through_pillow_heif(case_named: Callable[[str], SampleCase]) -> None:
    case = case_named("unemployment_kk_heic")
    assert case.media_type == "image/heic"
    heif = pillow_heif.open_heif(case.content)
    width, height = heif.size
    assert 2000 <= max(width, height) <= 3000
    assert width > height  # saved turned a quarter, as a sideways phone does
    image = heif.to_pillow()
    assert image.size == (width, height)
    assert len(case.content) < 1_500_000


def test_png_photo(make_spec: Callable[..., DocumentSpec]) -> None:
    data = render_phone_photo(make_spec("childcare_leave_order"), "PNG")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert 2000 <= max(image.size) <= 3000


def test_photo_is_deterministic(make_spec: Callable[..., DocumentSpec]) -> None:
    spec = make_spec("maternity_leave_order")
    assert render_phone_photo(spec) == render_phone_photo(spec)


def test_page_image_is_a4_at_the_asked_resolution(make_spec: Callable[..., DocumentSpec]) -> None:
    image = render_page_image(make_spec("dismissal_order"), dpi=150)
    assert abs(image.width - 1240) <= 1 and abs(image.height - 1754) <= 1
