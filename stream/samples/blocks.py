"""The layout vocabulary the texts speak and the PDF renderer draws.

A document is a column of blocks from top to bottom; the texts decide what is
said, the renderer decides fonts, wrapping and where the seal lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Para:
    """A paragraph, wrapped to the text width."""

    text: str
    align: Align = "justify"
    bold: bool = False
    size: float = 11.5
    indent: bool = True
    space_before: float = 3.0


@dataclass(frozen=True)
class Row:
    """Two texts on one baseline: left-aligned and right-aligned (number and date)."""

    left: str
    right: str
    bold: bool = False
    size: float = 11.5
    space_before: float = 6.0


@dataclass(frozen=True)
class Field:
    """«Label: value» with a bold label, as on certificates and forms."""

    label: str
    value: str
    size: float = 11.5


@dataclass(frozen=True)
class Table:
    """A ruled grid; ``widths`` are fractions of the text width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    size: float = 10.5


@dataclass(frozen=True)
class Sign:
    """A signature line: role on the left, name on the right, a scribble between.

    ``sealed`` marks the line the seal is stamped over when the spec has one.
    """

    role: str
    name: str
    signed: bool = True
    sealed: bool = False
    size: float = 11.5


@dataclass(frozen=True)
class Gap:
    height: float


Block = Para | Row | Field | Table | Sign | Gap


@dataclass(frozen=True)
class DocumentText:
    blocks: tuple[Block, ...]
    footer: tuple[str, ...] = ()
    """Small print at the bottom of the page (the eGov electronic-document note)."""
