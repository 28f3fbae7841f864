"""Make a clean page image look scanned or photographed.

Each effect is mild on its own; together they give what OCR meets in practice:
skew, blur, sensor noise, uneven light, perspective and a desk around the page.
All randomness comes from the caller's numpy Generator.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

# cv2 returns loosely typed arrays; one alias keeps the signatures readable.
Pixels = NDArray[Any]


def _to_array(image: Image.Image) -> Pixels:
    return np.asarray(image.convert("RGB"), dtype=np.float32)


def _f32(pixels: Any) -> Pixels:
    """cv2's results as float32 arrays (cv2 is loosely typed)."""
    return np.asarray(pixels, dtype=np.float32)


def _to_image(pixels: Pixels) -> Image.Image:
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _noise(shape: tuple[int, ...], rng: np.random.Generator, sigma: float) -> Pixels:
    return rng.normal(0.0, sigma, shape).astype(np.float32)


def _smooth_field(h: int, w: int, rng: np.random.Generator, cells: int) -> Pixels:
    """A smooth random surface in [0, 1]: coarse noise scaled up with cubic interpolation."""
    coarse = rng.random((cells, cells)).astype(np.float32)
    return cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def scan(
    image: Image.Image,
    rng: np.random.Generator,
    *,
    grayscale: bool,
    skew: tuple[float, float] = (0.5, 1.5),
) -> Image.Image:
    """A flatbed scan: the sheet a little askew, toner not quite black, paper not white.

    ``skew`` bounds the tilt in degrees (either way). The default stays within what
    plain Tesseract reads without deskewing: from about 2° its layout analysis starts
    dropping parts of lines on these pages. Harder cases pass a wider range.
    """
    page = _to_array(image)
    h, w = page.shape[:2]
    paper = np.array([246, 245, 240], np.float32) + rng.uniform(-4, 4)
    # Toner and paper: black prints as dark gray, white as the paper's tone.
    page = 18 + page * (paper - 18) / 255.0
    sign = 1 if rng.random() < 0.5 else -1
    angle = sign * rng.uniform(*skew)
    matrix = _f32(cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0))
    matrix[:, 2] += rng.uniform(-12, 12, 2)
    border = tuple(float(v) for v in paper)
    page = _f32(cv2.warpAffine(page, matrix, (w, h), borderValue=border))
    # The lid leaves a soft shadow along one edge of the glass.
    edge = int(rng.uniform(0.004, 0.012) * w)
    ramp = np.linspace(0.55, 1.0, edge, dtype=np.float32)
    if rng.random() < 0.5:
        page[:, :edge] *= ramp.reshape(1, edge, 1)
    else:
        page[:edge] *= ramp.reshape(edge, 1, 1)
    # Uneven lamp light across the sheet, a few percent.
    page *= (0.965 + 0.035 * _smooth_field(h, w, rng, 4))[..., None]
    page = _f32(cv2.GaussianBlur(page, (0, 0), rng.uniform(0.55, 0.8)))
    page += _noise(page.shape[:2], rng, 3.5)[..., None]
    _dust(page, rng)
    out = _to_image(page)
    return out.convert("L") if grayscale else out


def _dust(page: Pixels, rng: np.random.Generator) -> None:
    """A few specks of dust on the glass."""
    h, w = page.shape[:2]
    for _ in range(int(rng.integers(8, 25))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        cv2.circle(page, (x, y), int(rng.integers(1, 3)), (70.0, 70.0, 70.0), -1)


def _desk(h: int, w: int, rng: np.random.Generator) -> Pixels:
    """A wooden desk top: growth rings of a far-away trunk centre, warped by smooth noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = -rng.uniform(1.5, 3.0) * w, rng.uniform(-0.5, 1.5) * h
    warp = _smooth_field(h, w, rng, 5) * rng.uniform(30, 80)
    period = rng.uniform(25, 45)
    rings = 0.5 + 0.5 * np.sin((np.hypot(x - cx, y - cy) + warp) / period * 2 * np.pi)
    # Fine fibres along the grain (the rings run roughly top to bottom): noise stretched down.
    fibres = cv2.resize(
        rng.random((6, w // 3)).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR
    )
    grain = 0.7 * rings**2 + 0.3 * fibres
    base = np.array(rng.choice([[150, 105, 70], [120, 85, 58], [175, 140, 100]]), np.float32)
    desk = base * (0.88 + 0.12 * grain[..., None])
    desk *= (0.9 + 0.1 * _smooth_field(h, w, rng, 12))[..., None]
    return desk.astype(np.float32)


def photo(
    image: Image.Image,
    rng: np.random.Generator,
    *,
    long_side: int = 2800,
    tilt: tuple[float, float] = (0.015, 0.03),
    turn: float = 1.0,
) -> Image.Image:
    """A phone photo of the sheet lying on a desk, shot from slightly off-axis.

    ``tilt`` is how much shorter the far edge comes out (a fraction of the width),
    ``turn`` the largest in-plane rotation in degrees. The defaults keep the text
    readable by plain Tesseract (see ``scan``); harder cases pass larger values.
    """
    page = _to_array(image)
    ph, pw = page.shape[:2]
    h, w = long_side, int(long_side * 3 / 4)
    # Where the page corners land: the sheet fills most of the frame, a bit off-centre,
    # each corner pulled independently to give perspective.
    scale = rng.uniform(0.8, 0.88) * h / ph
    cx, cy = w / 2 + rng.uniform(-0.03, 0.03) * w, h / 2 + rng.uniform(-0.03, 0.03) * h
    half = np.array([pw * scale / 2, ph * scale / 2], np.float32)
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32) * half
    # The phone is tilted towards the top of the sheet: the far edge comes out shorter.
    corners[:2, 0] *= 1 - rng.uniform(*tilt)
    a = np.radians(rng.uniform(-turn, turn))
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)
    corners = corners @ rotation.T + [cx, cy]
    corners += rng.uniform(-0.004, 0.004, (4, 2)).astype(np.float32) * [w, h]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), matrix, (w, h))
    desk = _desk(h, w, rng)
    # The sheet casts a soft shadow on the desk, offset away from the light.
    offset = np.array([[1, 0, rng.uniform(8, 25)], [0, 1, rng.uniform(10, 30)]], np.float32)
    shadow = cv2.GaussianBlur(cv2.warpAffine(mask, offset, (w, h)), (0, 0), 18)
    desk *= (1 - 0.45 * shadow)[..., None]
    frame = desk * (1 - mask[..., None]) + warped * mask[..., None]
    # Light falls off from a bright spot (window, lamp), with a vignette from the lens.
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(0, w), rng.uniform(0, h * 0.5)
    dist = np.hypot((x - lx) / w, (y - ly) / h)
    light = 1.05 - rng.uniform(0.18, 0.3) * dist
    vignette = 1 - 0.18 * (np.hypot((x - w / 2) / w, (y - h / 2) / h) * 1.4) ** 2
    frame *= (light * vignette)[..., None]
    frame *= np.array([1.04, 1.0, 0.92], np.float32) * rng.uniform(0.95, 1.02)
    frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.7, 1.1))
    frame += _noise(frame.shape, rng, 2.5)
    return _to_image(frame)
