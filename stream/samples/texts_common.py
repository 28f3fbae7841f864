"""Pieces every text shares: the issuer's heading, signature lines, the eGov note."""

from __future__ import annotations

from datetime import date

from stream.samples.blocks import Block, Para, Row, Sign
from stream.samples.dates import body_date, heading_date
from stream.samples.spec import DocumentSpec

LABELS = {
    "ru": {"iin": "ИИН", "bin": "БИН", "city": "г. {}", "tel": "тел."},
    "kk": {"iin": "ЖСН", "bin": "БСН", "city": "{} қ.", "tel": "тел."},
}

EGOV_NOTE = {
    "ru": (
        "Данный документ согласно пункту 1 статьи 7 ЗРК от 7 января 2003 года N370-II "
        "«Об электронном документе и электронной цифровой подписи» равнозначен документу "
        "на бумажном носителе.",
    ),
    "kk": (
        "Бұл құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» 2003 жылғы "
        "7 қаңтардағы N370-II ҚРЗ 7-бабының 1-тармағына сәйкес қағаз тасығыштағы "
        "құжатпен бірдей.",
    ),
}


def label(spec: DocumentSpec, key: str) -> str:
    return LABELS[spec.language][key]


def bd(spec: DocumentSpec, d: date | None) -> str:
    """A body date in the spec's style; empty when the spec has none."""
    return body_date(d, spec.language, spec.date_style) if d else ""


BLANK_DATE = {"ru": "«___» ____________ 20___ г.", "kk": "20___ жылғы «___» ____________"}


def hd(spec: DocumentSpec) -> str:
    """The document's own date in the spec's style; the blank form when it is undated."""
    if spec.undated:
        return BLANK_DATE[spec.language]
    return heading_date(spec.issue_date, spec.language, spec.date_style)


def iin_clause(spec: DocumentSpec) -> str:
    """« (ИИН: 960125445005)» after a name, or nothing when the spec prints no IIN."""
    return f" ({label(spec, 'iin')}: {spec.iin})" if spec.iin else ""


def issuer(spec: DocumentSpec) -> list[Block]:
    """Centred issuer heading: superior body, name, BIN, address."""
    c = spec.company
    blocks: list[Block] = []
    if c.parent:
        blocks.append(Para(c.parent, align="center", size=10, indent=False, space_before=0))
    blocks.append(Para(c.full_name, align="center", bold=True, size=11.5, indent=False))
    contacts = f"{label(spec, 'bin')} {c.bin}"
    blocks.append(Para(contacts, align="center", size=10, indent=False, space_before=1))
    address = f"{c.address}" + (f", {label(spec, 'tel')} {c.phone}" if c.phone else "")
    blocks.append(Para(address, align="center", size=10, indent=False, space_before=1))
    return blocks


def order_heading(spec: DocumentSpec, title: str, subject: str) -> list[Block]:
    """ПРИКАЗ / БҰЙРЫҚ, the date-and-number row, the city and the order's subject line."""
    city = label(spec, "city").format(spec.company.city)
    return [
        Para(title, align="center", bold=True, size=14, indent=False, space_before=18),
        Row(hd(spec), f"№ {spec.number}", space_before=10),
        Para(city, align="center", size=11, indent=False, space_before=4),
        Para(subject, align="center", bold=True, indent=False, space_before=12),
    ]


def certificate_heading(
    spec: DocumentSpec, title: str, subtitle: str, *, number_left: bool
) -> list[Block]:
    """Issuer, «СПРАВКА» and what it certifies, the number and the date on one row."""
    number = f"№ {spec.number}"
    left, right = (number, hd(spec)) if number_left else (hd(spec), number)
    return [
        *issuer(spec),
        Para(title, align="center", bold=True, size=14, indent=False, space_before=22),
        Para(subtitle, align="center", bold=True, indent=False, space_before=2),
        Row(left, right, space_before=12),
    ]


def head_sign(spec: DocumentSpec) -> Sign:
    return Sign(spec.head.role, spec.head.name, signed=spec.signature, sealed=True)


def other_lines(spec: DocumentSpec) -> list[Block]:
    """Small «Исполнитель: …» lines for every other party."""
    return [
        Para(f"{p.role}: {p.name}", align="left", size=9, indent=False, space_before=2)
        for p in spec.others
    ]


def acknowledgement(spec: DocumentSpec, text: str) -> Row:
    """«С приказом ознакомлена: ____ Иванова М.П.» with the acknowledgement date."""
    return Row(
        f"{text} ________ {spec.subject.short}",
        hd(spec) if spec.undated else bd(spec, spec.issue_date),
        size=10.5,
        space_before=16,
    )
