"""What one synthetic document says, independent of how it is rendered.

A spec holds the facts (who, which dates, which issuer) already in the form the
document prints them: names are inflected by whoever builds the spec, so the
texts never guess at grammar and a case can print a deliberately wrong person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from schemas.codes import DocType

Language = Literal["ru", "kk"]
DateStyle = Literal["numeric", "worded"]
Ink = Literal["blue", "violet"]
NonAcceptedKind = Literal["salary_statement", "employment_contract", "annual_leave_order"]
DocKind = DocType | NonAcceptedKind

NON_ACCEPTED_KINDS: tuple[NonAcceptedKind, ...] = ("salary_statement", "employment_contract")
"""The kinds the project's own texts draw; only the holdout corpus draws an annual-leave order."""


@dataclass(frozen=True)
class Inflected:
    """A noun phrase in the grammatical cases the texts need, in the document's language.

    ``short`` is the «Фамилия И.О.» form used in signature lines and «Основание».
    """

    nom: str
    gen: str
    dat: str
    acc: str
    ins: str
    short: str = ""

    @classmethod
    def same(cls, text: str) -> Inflected:
        """A phrase that does not change with the case (e.g. «Жармаганбет Айгерим Сериккызы»)."""
        return cls(text, text, text, text, text, text)


@dataclass(frozen=True)
class Company:
    """The issuer: employer, clinic, employment centre or expert commission."""

    name: str
    """Short name as printed in the text, e.g. ТОО «Алтын Дала»."""
    full_name: str
    """Legal form spelled out; it goes round the seal's outer ring."""
    bin: str
    city: str
    address: str
    phone: str = ""
    parent: str = ""
    """Superior body printed above the name (ministry, health department), if any."""
    seal_text: tuple[str, str, str, str] = ("", "", "", "")
    """Outer ring, inner ring, the lines above and below the star; empty parts are
    derived from the names, city and BIN."""


@dataclass(frozen=True)
class Party:
    """Someone other than the subject who appears in the document."""

    role: str
    """e.g. «Директор ТОО «Алтын Дала»», «Врач», «Исполнитель»."""
    name: str
    """As printed, usually «Сейткали Б.Е.»."""


@dataclass(frozen=True)
class DocumentSpec:
    """Everything a renderer needs to draw one document."""

    doc_type: DocKind
    language: Language
    subject: Inflected
    """The person the document is about, inflected as the texts need."""
    subject_female: bool
    issue_date: date
    """The document's own date, printed in the heading."""
    company: Company
    head: Party
    """Who signs (director, chief doctor); the seal goes over this signature."""
    number: str = "1"
    iin: str | None = None
    """Printed labelled «ИИН:» / «ЖСН:» when given."""
    birth_date: date | None = None
    position: Inflected | None = None
    """The subject's job title, in the same cases as ``subject``."""
    period: tuple[date, date] | None = None
    """Leave or sick-leave release period, disability validity (its end is printed),
    or employment from the hire date (salary statement, contract: start only)."""
    event_date: date | None = None
    """Type-dependent: child's birth (childcare), registration (unemployment),
    examination (disability), the last working day (dismissal)."""
    cited_number: str | None = None
    cited_date: date | None = None
    """A document the body refers to: the sick-leave sheet (maternity), the child's
    birth certificate (childcare), the employment contract (dismissal), the
    registration order (unemployment, number only)."""
    others: tuple[Party, ...] = ()
    """Doctor, chief accountant, executor: names a checker must not take for the subject."""
    date_style: DateStyle = "numeric"
    undated: bool = False
    """The document's own date left blank («___» ______ 20__ г.), a form never filled in;
    every other date still prints."""
    seal: bool = True
    seal_ink: Ink = "blue"
    signature: bool = True
    qr_payload: str | None = None
    """eGov QR content; an e-document usually has a QR and no seal."""
    seed: int = 0
    """Drives every random choice of every renderer for this document."""
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Free per-type details (diagnosis code, disability group, salary figures)."""

    def __post_init__(self) -> None:
        # Accept a type's plain value ("dismissal_order") and store the enum member.
        if not isinstance(self.doc_type, DocType):
            if self.doc_type in DocType.__members__.values():
                object.__setattr__(self, "doc_type", DocType(self.doc_type))
            elif self.doc_type not in get_args(NonAcceptedKind):
                raise ValueError(f"unknown document kind {self.doc_type!r}")

    @property
    def accepted(self) -> bool:
        return isinstance(self.doc_type, DocType)
