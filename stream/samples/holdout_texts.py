"""Shared pieces of the holdout corpus's texts: dates, letterheads, signatures.

Written apart from the main corpus's texts, after the forms Kazakh HR
departments, polyclinics, MSE commissions and employment centres use, so the
holdout measures wording the checker was not tuned on. What a text varies
(letterhead, date form, IIN label, wording) is chosen per case through the
spec's ``extra``; every fact it prints comes from the spec, as the labels do.
"""

from __future__ import annotations

from datetime import date

from stream.samples.blocks import Align, Block, Para, Row, Sign
from stream.samples.spec import DocumentSpec

_RU_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
# Kazakh month names with the endings a date takes in a sentence: nominative,
# locative-attributive («қарашадағы»), ablative («қарашадан»), dative («қарашаға»).
_KK = (
    ("қаңтар", "қаңтардағы", "қаңтардан", "қаңтарға"),
    ("ақпан", "ақпандағы", "ақпаннан", "ақпанға"),
    ("наурыз", "наурыздағы", "наурыздан", "наурызға"),
    ("сәуір", "сәуірдегі", "сәуірден", "сәуірге"),
    ("мамыр", "мамырдағы", "мамырдан", "мамырға"),
    ("маусым", "маусымдағы", "маусымнан", "маусымға"),
    ("шілде", "шілдедегі", "шілдеден", "шілдеге"),
    ("тамыз", "тамыздағы", "тамыздан", "тамызға"),
    ("қыркүйек", "қыркүйектегі", "қыркүйектен", "қыркүйекке"),
    ("қазан", "қазандағы", "қазаннан", "қазанға"),
    ("қараша", "қарашадағы", "қарашадан", "қарашаға"),
    ("желтоқсан", "желтоқсандағы", "желтоқсаннан", "желтоқсанға"),
)
_KK_CASE = {"nom": 0, "loc": 1, "abl": 2, "dat": 3}
_KK_YEAR = {"nom": "ж.", "loc": "жылғы", "abl": "жылдан", "dat": "жылға"}


def ru_date(d: date, form: str = "num") -> str:
    """«08.11.2026», «08.11.2026 г.», «8 ноября 2026 года», ««08» ноября 2026 г.»."""
    if form == "num":
        return f"{d:%d.%m.%Y}"
    if form == "num_g":
        return f"{d:%d.%m.%Y} г."
    if form == "words":
        return f"{d.day} {_RU_GEN[d.month - 1]} {d.year} года"
    if form == "quoted":
        return f"«{d:%d}» {_RU_GEN[d.month - 1]} {d.year} г."
    raise ValueError(f"unknown date form {form!r}")


def kk_date(d: date, form: str = "num", case: str = "nom") -> str:
    """«08.11.2026 ж.», «2026 жылғы 8 қарашадағы», «2026 жылғы «08» қараша»; ``case``
    is the ending the sentence needs (loc: «…дағы», abl: «…дан», dat: «…ға»)."""
    if form == "num":
        return f"{d:%d.%m.%Y} {_KK_YEAR[case]}"
    month = _KK[d.month - 1][_KK_CASE[case]]
    if form == "words":
        return f"{d.year} жылғы {d.day} {month}"
    if form == "quoted":
        return f"{d.year} жылғы «{d:%d}» {month}"
    raise ValueError(f"unknown date form {form!r}")


def on(spec: DocumentSpec, d: date | None, case: str = "nom") -> str:
    """A body date in the case's chosen form (``extra['date']``)."""
    if d is None:
        return ""
    form = spec.extra.get("body_date", spec.extra.get("date", "num"))
    if spec.language == "ru":
        return ru_date(d, form)
    return kk_date(d, form, case)


def issued(spec: DocumentSpec) -> str:
    """The document's own date, or the blank of a form nobody filled in."""
    if spec.undated:
        return (
            "«____» ______________ 20___ г."
            if spec.language == "ru"
            else ("20___ жылғы «____» ______________")
        )
    form = spec.extra.get("date", "num")
    if spec.language == "ru":
        return ru_date(spec.issue_date, form)
    return kk_date(spec.issue_date, form)


def iin(spec: DocumentSpec, default: str) -> str:
    """«ИИН: 940312450123» with the case's label, or nothing when none is printed."""
    if spec.iin is None:
        return ""
    return f"{spec.extra.get('iin_label', default)} {spec.iin}"


def _small(text: str, align: Align = "center", size: float = 9.5, before: float = 1) -> Para:
    return Para(text, align=align, size=size, indent=False, space_before=before)


def letterhead(spec: DocumentSpec) -> list[Block]:
    """The issuer's heading in one of the styles Kazakh organisations print."""
    c = spec.company
    style = spec.extra.get("header", "centre")
    ru = spec.language == "ru"
    bin_label = spec.extra.get("bin_label", "БИН" if ru else "БСН")
    alt = spec.extra.get("alt_name", "")
    email = spec.extra.get("email", "")
    contacts = ", ".join(x for x in (f"тел.: {c.phone}" if c.phone else "", email) if x)
    if style == "bilingual":
        # Kazakh name on the left, Russian on the right, as on most letterheads.
        left, right = (alt, c.name) if ru else (c.name, alt)
        return [
            Row(left, right, bold=True, size=10.5, space_before=0),
            Row(f"БСН {c.bin}", f"БИН {c.bin}", size=9.5, space_before=2),
            _small(c.address, before=4),
            _small(contacts),
            _small("_" * 78, before=0),
        ]
    if style == "letter":
        # A letter-form certificate: the issuer's block up on the left.
        lines = [c.parent, c.name, c.address, contacts, f"{bin_label} {c.bin}"]
        blocks: list[Block] = [
            _small(line, align="left", size=9.5 if n != 1 else 10.5)
            for n, line in enumerate(lines)
            if line
        ]
        return blocks
    if style == "ip":
        return [
            Para(c.full_name, align="center", bold=True, size=11, indent=False, space_before=0),
            _small(f"{bin_label} {c.bin}"),
            _small(f"{c.address}, {contacts}"),
            _small("_" * 78, before=0),
        ]
    blocks = [_small(c.parent, size=9.5, before=0)] if c.parent else []
    blocks += [
        Para(c.full_name, align="center", bold=True, size=11, indent=False, space_before=2),
        _small(c.address),
        _small(f"{bin_label} {c.bin}" + (f", {contacts}" if contacts else "")),
    ]
    return blocks


def outgoing(spec: DocumentSpec) -> list[Block]:
    """«Исх. № 03-14/2187 от 08.11.2026 г.» and the addressee, on a letter-form certificate."""
    ru = spec.language == "ru"
    out = spec.extra.get("out_no", spec.number)
    left = f"Исх. № {out} от {issued(spec)}" if ru else f"Шығ. № {out}, {issued(spec)}"
    to = spec.extra.get("to", "По месту требования" if ru else "Талап етілген жерге")
    return [
        _small(left, align="left", size=10, before=10),
        Para(to, align="right", size=11, indent=False, space_before=6),
    ]


def order_title(spec: DocumentSpec, title: str, subject: str) -> list[Block]:
    """ПРИКАЗ / БҰЙРЫҚ, its date and number, the city, the order's subject."""
    ru = spec.language == "ru"
    city = f"г. {spec.company.city}" if ru else f"{spec.company.city} қаласы"
    number = f"№ {spec.number}"
    if spec.extra.get("number_first"):
        row = Row(number, issued(spec), space_before=8)
    else:
        row = Row(issued(spec), number, space_before=8)
    return [
        Para(title, align="center", bold=True, size=14, indent=False, space_before=16),
        row,
        Para(city, align="center", size=10.5, indent=False, space_before=2),
        Para(subject, align="left", bold=True, size=11.5, indent=False, space_before=12),
    ]


def signer(spec: DocumentSpec, role: str | None = None) -> Sign:
    """The head's signature line, the one the seal goes over."""
    return Sign(role or spec.head.role, spec.head.name, signed=spec.signature, sealed=True)


def small_print(spec: DocumentSpec) -> list[Block]:
    """«Исп. Гарифуллина Л.Р., тел. …» lines at the foot."""
    return [_small(f"{p.role} {p.name}", align="left", size=8.5, before=2) for p in spec.others]


def days(a: date, b: date) -> int:
    return (b - a).days + 1
