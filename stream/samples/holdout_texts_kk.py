"""Kazakh texts of the holdout corpus (бұйрық, парақ, анықтама).

Names take their case ending on the last word (Жақыпова Айгерім Серікқызына);
a job title before a name stays in the nominative; dates in a sentence take
the ending the verb needs (2026 жылғы 5 қарашадағы, 10 қарашадан бастап,
14 наурызға дейін).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from schemas.codes import DocType
from stream.samples.blocks import Block, DocumentText, Field, Gap, Para, Row, Sign, Table
from stream.samples.holdout_texts import (
    days,
    iin,
    issued,
    letterhead,
    on,
    order_title,
    signer,
    small_print,
)
from stream.samples.spec import DocumentSpec

_ORDER = "БҰЙЫРАМЫН:"
_CONTROL = "Бұйрықтың орындалуын бақылау өзіме қалдырамын."


def _pos(spec: DocumentSpec) -> str:
    """The job title that opens an order's item («Бухгалтер Жақыпова …»), or nothing."""
    if not spec.position:
        return ""
    title = spec.position.nom
    return f"{title[:1].upper()}{title[1:]} "


def _paren_iin(spec: DocumentSpec) -> str:
    text = iin(spec, "ЖСН")
    return f" ({text})" if text else ""


def _acknowledged(spec: DocumentSpec) -> Row:
    when = "«___» __________ 20___ ж." if spec.undated else on(spec, spec.issue_date)
    return Row(
        f"Бұйрықпен таныстым: ____________ {spec.subject.short}", when, size=10.5, space_before=14
    )


def _order(
    spec: DocumentSpec, subject: str, preamble: str, items: list[str], basis: str
) -> DocumentText:
    blocks: list[Block] = [*letterhead(spec), *order_title(spec, "БҰЙРЫҚ", subject)]
    blocks.append(Para(f"{preamble} {_ORDER}", space_before=8))
    blocks += [Para(f"{n}. {item}", space_before=2) for n, item in enumerate(items, 1)]
    # One full stop, also after a date ending in «ж.».
    blocks.append(Para(f"Негіздеме: {basis.rstrip('.')}.", space_before=8))
    blocks += [Gap(14), signer(spec), _acknowledged(spec), Gap(8), *small_print(spec)]
    return DocumentText(tuple(blocks))


def _application(spec: DocumentSpec) -> str:
    return f"қызметкердің {on(spec, spec.issue_date - timedelta(days=1), 'loc')} өтініші"


def maternity(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    sheet = (
        f"{on(spec, spec.cited_date, 'loc')} № {spec.cited_number} уақытша еңбекке "
        "жарамсыздық парағы"
    )
    return _order(
        spec,
        "Жүктілігі және босануы бойынша демалыс беру туралы",
        f"Қазақстан Республикасы Еңбек кодексінің 99-бабына сәйкес, {sheet} негізінде",
        [
            f"{_pos(spec)}{spec.subject.dat}{_paren_iin(spec)} "
            f"{on(spec, p0, 'abl')} бастап {on(spec, p1, 'dat')} дейін {days(p0, p1)} "
            "күнтізбелік күнге жүктілігі және босануы бойынша демалыс берілсін.",
            "Бухгалтерияға Қазақстан Республикасының заңнамасына сәйкес есеп айырысу жүргізілсін.",
            _CONTROL,
        ],
        f"{_application(spec)}, {sheet}.",
    )


def childcare(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    return _order(
        spec,
        "Бала күтімі бойынша жалақы сақталмайтын демалыс беру туралы",
        "Қазақстан Республикасы Еңбек кодексінің 100-бабына сәйкес, қызметкердің өтініші негізінде",
        [
            f"{_pos(spec)}{spec.subject.dat}{_paren_iin(spec)} "
            f"{on(spec, p0, 'abl')} бастап баласы үш жасқа толғанға дейін, яғни "
            f"{on(spec, p1, 'dat')} дейін, бала күтімі бойынша жалақы сақталмайтын демалыс "
            "берілсін.",
            "Демалыс кезеңінде қызметкердің жұмыс орны (лауазымы) сақталсын.",
            _CONTROL,
        ],
        f"{_application(spec)}, баланың {on(spec, spec.cited_date, 'loc')} "
        f"№ {spec.cited_number} туу туралы куәлігінің көшірмесі.",
    )


def dismissal(spec: DocumentSpec) -> DocumentText:
    when = on(spec, spec.event_date, "abl")
    if spec.extra.get("wording") == "buzu":
        subject = "Еңбек шартын бұзу туралы"
        preamble = (
            "Қазақстан Республикасы Еңбек кодексінің 49-бабы 1-тармағының 1) тармақшасына "
            "және 50-бабына сәйкес (тараптардың келісімі),"
        )
        item = (
            f"{_pos(spec)}{spec.subject.ins}{_paren_iin(spec)} жасалған "
            f"{on(spec, spec.cited_date, 'loc')} № {spec.cited_number} еңбек шарты {when} "
            "бастап тараптардың келісімі бойынша бұзылсын."
        )
        basis = f"тараптардың {on(spec, spec.event_date, 'loc')} келісімі."
    else:
        subject = "Жұмыстан босату туралы"
        preamble = (
            "Қазақстан Республикасы Еңбек кодексінің 49-бабы 1-тармағының 5) тармақшасына "
            "және 56-бабына сәйкес,"
        )
        item = (
            f"{_pos(spec)}{spec.subject.nom}{_paren_iin(spec)} {when} бастап "
            "өз еркі бойынша жұмыстан босатылсын."
        )
        basis = f"қызметкердің {on(spec, spec.cited_date, 'loc')} өтініші."
    return _order(
        spec,
        subject,
        preamble,
        [
            item,
            "Бухгалтерияға қызметкермен толық есеп айырысу жүргізіп, пайдаланылмаған жыл "
            "сайынғы ақы төленетін еңбек демалысы үшін өтемақы төлеу тапсырылсын.",
            "Кадр қызметіне еңбек қызметіне байланысты құжаттарды беру тапсырылсын.",
        ],
        basis,
    )


def sick_leave(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    doctor = spec.others[0] if spec.others else spec.head
    title = spec.extra.get("title", "УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ")
    blocks: list[Block] = [
        *letterhead(spec),
        Para(title, align="center", bold=True, size=13.5, indent=False, space_before=16),
        Row(f"№ {spec.number}", spec.extra.get("kind", "Алғашқы"), space_before=6),
        Field("Берілген күні", issued(spec)),
        Field("Тегі, аты, әкесінің аты", spec.subject.nom),
        *([Field(spec.extra.get("iin_label", "ЖСН"), spec.iin)] if spec.iin else []),
        Field("Туған күні", on(spec, spec.birth_date)),
        Field("Жұмыс орны", spec.extra.get("workplace", "")),
        Field("Еңбекке жарамсыздық себебі", spec.extra.get("cause", "ауру")),
        Field("АХЖ-10 коды", spec.extra.get("icd", "J06.9")),
        Field("Режимі", spec.extra.get("regime", "амбулаториялық")),
        Para("ЖҰМЫСТАН БОСАТУ", bold=True, align="left", indent=False, space_before=8),
        Table(
            ("Қай күннен", "Қай күнге дейін", "Дәрігердің лауазымы, тегі"),
            ((on(spec, p0), on(spec, p1), f"{doctor.role} {doctor.name}"),),
            (0.22, 0.22, 0.56),
        ),
        Field("Жұмысқа кірісу", on(spec, p1 + timedelta(days=1))),
        Gap(14),
        Sign(doctor.role, doctor.name, signed=spec.signature),
        signer(spec),
    ]
    return DocumentText(tuple(blocks))


def disability(spec: DocumentSpec) -> DocumentText:
    until = spec.period[1] if spec.period else None
    term = f"{on(spec, until, 'dat')} дейін" if until else "мерзімсіз"
    blocks: list[Block] = [
        *letterhead(spec),
        Para(
            "МҮГЕДЕКТІГІ ТУРАЛЫ АНЫҚТАМА",
            align="center",
            bold=True,
            size=13.5,
            indent=False,
            space_before=16,
        ),
        Para(f"№ {spec.number}", align="center", indent=False, space_before=2),
        Gap(6),
        Field("Тегі, аты, әкесінің аты", spec.subject.nom),
        *([Field(spec.extra.get("iin_label", "ЖСН"), spec.iin)] if spec.iin else []),
        Field("Туған күні", on(spec, spec.birth_date)),
        Field("Мекенжайы", spec.extra.get("home", "")),
        Field("Куәландыру күні", on(spec, spec.event_date)),
        Field("Мүгедектік тобы", spec.extra.get("group", "екінші топ")),
        Field("Мүгедектік себебі", spec.extra.get("cause", "жалпы ауру")),
        Field("Мүгедектік белгіленген мерзім", term),
        Field(
            "Кәсіптік еңбекке қабілеттілігінен айырылу дәрежесі", spec.extra.get("loss", "60 пайыз")
        ),
        Field("Берілген күні", issued(spec)),
        Para("Анықтама жеке басын куәландыратын құжатпен бірге жарамды.", space_before=10),
        Gap(16),
        signer(spec),
        Gap(8),
        *small_print(spec),
    ]
    return DocumentText(tuple(blocks))


def unemployment(spec: DocumentSpec) -> DocumentText:
    born = on(spec, spec.birth_date)
    body = (
        f"Осы анықтама {spec.subject.dat}, {born} туған{_paren_iin(spec)}, ол шынымен де "
        f"{on(spec, spec.event_date, 'abl')} бастап халықты жұмыспен қамту орталығында "
        "жұмыссыз ретінде тіркелгені туралы берілді (тіркеу туралы бұйрық "
        f"№ {spec.cited_number})."
    )
    blocks: list[Block] = [
        *letterhead(spec),
        Para("АНЫҚТАМА", align="center", bold=True, size=14, indent=False, space_before=18),
        Para(
            "жұмыссыз ретінде тіркелгені туралы",
            align="center",
            bold=True,
            indent=False,
            space_before=0,
        ),
        Row(f"№ {spec.number}", issued(spec), space_before=10),
        Para(body, space_before=12),
        Para(
            "Жұмыссыз Электрондық еңбек биржасында тіркелген, жұмысқа орналастыру үшін "
            "жолдама берілмеген."
        ),
        Para("Анықтама талап етілген жерге ұсыну үшін берілді."),
        Gap(18),
        signer(spec),
        Gap(12),
        *small_print(spec),
    ]
    return DocumentText(tuple(blocks))


def annual_leave(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None and spec.cited_date is not None
    p0, p1 = spec.period
    y0 = spec.cited_date
    y1 = y0.replace(year=y0.year + 1) - timedelta(days=1)
    return _order(
        spec,
        "Жыл сайынғы ақы төленетін еңбек демалысын беру туралы",
        "Қазақстан Республикасы Еңбек кодексінің 88-бабына сәйкес,",
        [
            f"{_pos(spec)}{spec.subject.dat}{_paren_iin(spec)} "
            f"{on(spec, y0, 'abl')} {on(spec, y1, 'dat')} дейінгі жұмыс кезеңі үшін "
            f"{on(spec, p0, 'abl')} бастап {on(spec, p1, 'dat')} дейін {days(p0, p1)} "
            "күнтізбелік күнге жыл сайынғы ақы төленетін еңбек демалысы берілсін.",
            "Бухгалтерияға демалыс ақысын демалыс басталғанға дейін үш күннен кешіктірмей "
            "төлеу тапсырылсын.",
        ],
        f"{_application(spec)}.",
    )


COMPOSERS: dict[str, Callable[[DocumentSpec], DocumentText]] = {
    DocType.MATERNITY_LEAVE_ORDER: maternity,
    DocType.CHILDCARE_LEAVE_ORDER: childcare,
    DocType.DISMISSAL_ORDER: dismissal,
    DocType.SICK_LEAVE_CERTIFICATE: sick_leave,
    DocType.DISABILITY_CERTIFICATE: disability,
    DocType.UNEMPLOYMENT_CERTIFICATE: unemployment,
    "annual_leave_order": annual_leave,
}
