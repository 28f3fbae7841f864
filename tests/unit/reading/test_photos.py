"""Phone photos of a sheet on a desk: the sheet is found, flattened and read, even
shot at a steep angle or turned; pages that are not such photos are left alone."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from processors.reading import ocr, read_document
from processors.reading.perspective import A_ASPECT, find_page, flatten
from processors.reading.pixels import work_copy
from stream.samples import DocumentSpec, build_samples, degrade, render_page_image, render_text_pdf

from . import samples

# (tilt, turn): the far edge comes out this much shorter, the sheet lies turned up
# to this many degrees. The demo's photos tilt 1.5-3 % and turn up to 1°; plain
# OCR of these reads a third to two thirds of the words.
Strength = tuple[tuple[float, float], float]
STEEP: Strength = ((0.12, 0.18), 10.0)
TURNED: Strength = ((0.08, 0.12), 20.0)


@pytest.fixture(scope="module")
def specs() -> dict[str, DocumentSpec]:
    cases = build_samples(date(2026, 11, 20), renderer=lambda spec, how: (b"", ""))
    return {case.name: case.spec for case in cases}


def _photo(spec: DocumentSpec, seed: int, strength: Strength, long_side: int = 2800) -> Image.Image:
    tilt, turn = strength
    rng = np.random.default_rng([spec.seed, seed])
    page = render_page_image(spec, 220)
    return degrade.photo(page, rng, long_side=long_side, tilt=tilt, turn=turn)


@pytest.fixture(scope="module")
def steep_photo(specs: dict[str, DocumentSpec]) -> np.ndarray:
    """The maternity order shot steeply, as RGB pixels (shared: drawing one takes seconds)."""
    return np.asarray(_photo(specs["maternity_ru_pdf"], 9, STEEP))


def _save(image: Image.Image, path: Path, fmt: str) -> Path:
    if fmt == "HEIC":
        from pillow_heif import from_pillow

        from_pillow(image).save(path, quality=50, enc_params={"preset": "fast"})
    else:
        image.save(path, fmt, quality=84)
    return path


def _recall(spec: DocumentSpec, text: str) -> float:
    """Share of the document's words (4+ letters) that the reading found."""
    document = pdfium.PdfDocument(render_text_pdf(spec))
    try:
        truth = document[0].get_textpage().get_text_range()
    finally:
        document.close()

    def words(value: str) -> set[str]:
        return {w for w in re.findall(r"\w+", value.lower()) if len(w) >= 4}

    expected = words(truth)
    return len(expected & words(text)) / len(expected)


@pytest.mark.parametrize(
    ("case", "strength"), [("childcare_ru_photo", STEEP), ("dismissal_kk_pdf", TURNED)]
)
def test_steep_photo_is_flattened_and_read(
    tmp_path: Path, specs: dict[str, DocumentSpec], case: str, strength: Strength
) -> None:
    spec = specs[case]
    path = _save(_photo(spec, 7, strength), tmp_path / "photo.jpg", "JPEG")
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.rotation == 0
    assert spec.iin and spec.iin in page.text
    assert _recall(spec, page.text) >= 0.9
    assert len(page.seals) == 1


def test_an_upright_photo_is_read_without_an_orientation_pass(
    tmp_path: Path, specs: dict[str, DocumentSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Most photos are upright: reading one as it stands is the whole of its OCR,
    # where OSD (or trial OCR) first cost a quarter to a third more.
    def no_orientation_pass(*args: object) -> int:
        raise AssertionError("an upright photo was turned")

    monkeypatch.setattr(ocr, "find_rotation", no_orientation_pass)
    spec = specs["childcare_ru_photo"]
    path = _save(_photo(spec, 7, STEEP), tmp_path / "photo.jpg", "JPEG")
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.rotation == 0 and spec.iin and spec.iin in page.text


def test_turned_heic_photo_is_flattened_stood_up_and_read(
    tmp_path: Path, specs: dict[str, DocumentSpec]
) -> None:
    spec = specs["unemployment_kk_heic"]
    # A smaller frame than the demo's 2800 px: HEIC encoding is slow.
    photo = _photo(spec, 8, STEEP, long_side=2000).transpose(Image.Transpose.ROTATE_90)
    path = _save(photo, tmp_path / "photo.heic", "HEIC")
    document = read_document(str(path), max_pages=5)
    assert document.media_type == "image/heic"
    (page,) = document.pages
    assert page.rotation == 90
    assert spec.iin and spec.iin in page.text
    assert _recall(spec, page.text) >= 0.85


def test_flattened_sheet_has_the_a4_shape(steep_photo: np.ndarray) -> None:
    rgb = steep_photo
    outline = find_page(rgb)
    assert outline is not None
    assert 0.4 < outline.share < 0.9
    height, width = flatten(rgb, outline).shape[:2]
    assert height / width == pytest.approx(A_ASPECT, rel=0.01)


def test_a_grey_photo_in_one_channel_is_found_and_flattened_as_its_rgb_copy(
    steep_photo: np.ndarray,
) -> None:
    grey = np.asarray(Image.fromarray(steep_photo).convert("L"))
    as_rgb = np.repeat(grey[..., None], 3, axis=2)
    outline, rgb_outline = find_page(grey), find_page(as_rgb)
    assert outline is not None and rgb_outline is not None
    assert np.array_equal(outline.corners, rgb_outline.corners)
    flat = flatten(grey, outline)
    assert flat.ndim == 2
    assert np.array_equal(flat, flatten(as_rgb, rgb_outline)[..., 0])


def test_the_outline_found_on_the_work_copy_fits_the_whole_photo(steep_photo: np.ndarray) -> None:
    # The reading stage looks for the sheet on the page's work copy (1000 px wide)
    # and flattens the photo at its own size.
    work = work_copy(steep_photo)
    on_copy, whole = find_page(work), find_page(steep_photo)
    assert on_copy is not None and whole is not None
    scaled = on_copy.scaled(steep_photo.shape[1] / work.shape[1])
    # Within a few of the photo's pixels: both are found on a 640 px copy.
    assert np.abs(scaled.corners - whole.corners).max() <= 0.005 * max(steep_photo.shape)
    assert scaled.share == on_copy.share


def test_photo_held_sideways_flattens_to_a_landscape_sheet(steep_photo: np.ndarray) -> None:
    rgb = np.ascontiguousarray(np.rot90(steep_photo))
    outline = find_page(rgb)
    assert outline is not None
    height, width = flatten(rgb, outline).shape[:2]
    assert width / height == pytest.approx(A_ASPECT, rel=0.01)


def test_pages_without_a_desk_around_them_are_left_alone(scan_pdf: Path) -> None:
    scanned = np.asarray(samples.render(scan_pdf, 150))
    shadowed = np.asarray(samples.shadowed(samples.render(scan_pdf, 150)))
    blank = np.asarray(samples.blank_page(100))
    for image in (scanned, shadowed, blank):
        assert find_page(image) is None


def test_lit_part_of_a_half_shadowed_photo_is_not_taken_for_the_sheet(
    steep_photo: np.ndarray,
) -> None:
    # A hard shadow over the left of the frame, desk and sheet alike: the lit part of
    # the sheet is a bright quadrilateral on a dark surround, but its text runs on
    # into the shadow, so it is not a whole sheet.
    rgb = steep_photo
    width = rgb.shape[1]
    ramp = np.clip((np.arange(width) - width * 0.45) / (width * 0.03), 0.0, 1.0)
    light = 1.0 - 0.5 * (1.0 - ramp)
    shaded = np.clip(rgb * light[None, :, None], 0, 255).astype(np.uint8)
    assert find_page(shaded) is None


def test_photo_of_a_sheet_on_a_white_desk_is_left_alone() -> None:
    # No contrast around the sheet: nothing to be sure of, so nothing is cut.
    page = samples.blank_page(60)
    samples.write_lines(page, samples.ORDER_LINES, 60)
    desk = Image.new("RGB", (700, 900), (236, 236, 232))
    desk.paste(page, (100, 110))
    buffer = io.BytesIO()
    desk.save(buffer, "JPEG", quality=85)
    assert find_page(np.asarray(Image.open(buffer).convert("RGB"))) is None
