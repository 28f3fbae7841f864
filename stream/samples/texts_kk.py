"""Kazakh texts of the six accepted document types.

Names and positions stand before the verb in the nominative or with a case
ending on the name's last word (Серікқызына … берілсін, Ерланұлымен … бұзылсын).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from schemas.codes import DocType
from stream.samples.blocks import Block, DocumentText, Field, Gap, Para, Row, Sign, Table
from stream.samples.spec import DocumentSpec
from stream.samples.texts_common import (
    acknowledgement,
    bd,
    certificate_heading,
    hd,
    head_sign,
    iin_clause,
    issuer,
    order_heading,
    other_lines,
)

_ORDERS = "БҰЙЫРАМЫН:"
_CONTROL = "Осы бұйрықтың орындалуын бақылауды өзіме қалдырамын."


def _pos(spec: DocumentSpec) -> str:
    return f"{spec.position.nom} " if spec.position else ""


def _order(
    spec: DocumentSpec, subject: str, basis: str, items: list[str], ground: str
) -> DocumentText:
    blocks: list[Block] = [*issuer(spec), *order_heading(spec, "БҰЙРЫҚ", subject)]
    blocks.append(Para(basis, space_before=10))
    blocks.append(Para(_ORDERS, bold=True, indent=False, align="left", space_before=6))
    blocks += [Para(f"{n}. {item}") for n, item in enumerate(items, 1)]
    blocks.append(Para(f"Негіздеме: {ground}", space_before=8))
    blocks += [
        Gap(22),
        head_sign(spec),
        acknowledgement(spec, "Бұйрықпен таныстым:"),
        Gap(10),
        *other_lines(spec),
    ]
    return DocumentText(tuple(blocks))


def maternity(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    days = (p1 - p0).days + 1
    cited = f"{bd(spec, spec.cited_date)} № {spec.cited_number}"
    return _order(
        spec,
        "Жүктілігіне және босануына байланысты демалыс беру туралы",
        "Қазақстан Республикасы Еңбек кодексінің 99-бабына сәйкес, "
        f"{cited} уақытша еңбекке жарамсыздық парағы және қызметкердің өтініші негізінде",
        [
            f"{_pos(spec)}{spec.subject.dat}{iin_clause(spec)} {bd(spec, p0)} бастап "
            f"{bd(spec, p1)} дейін {days} күнтізбелік күн мерзімге жүктілігіне және "
            "босануына байланысты демалыс берілсін.",
            "Бухгалтерия Қазақстан Республикасының заңнамасына сәйкес жүктілігі мен "
            "босануы бойынша уақытша еңбекке жарамсыздық жәрдемақысын есептеп, төлесін.",
            "Кадр бөлімі қызметкердің жеке ісіне тиісті мәліметтерді енгізсін.",
            _CONTROL,
        ],
        f"{cited} уақытша еңбекке жарамсыздық парағы, {spec.subject.short} өтініші.",
    )


def childcare(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    certificate = f"{bd(spec, spec.cited_date)} № {spec.cited_number} баланың туу туралы куәлігі"
    return _order(
        spec,
        "Бала күтіміне байланысты демалыс беру туралы",
        "Қазақстан Республикасы Еңбек кодексінің 100-бабына сәйкес, қызметкердің "
        f"өтініші және {certificate} негізінде",
        [
            f"{_pos(spec)}{spec.subject.dat}{iin_clause(spec)} {bd(spec, spec.event_date)} "
            f"туған баласы үш жасқа толғанға дейін {bd(spec, p0)} бастап {bd(spec, p1)} "
            "дейін бала күтіміне байланысты жалақы сақталмайтын демалыс берілсін.",
            "Демалыс кезеңінде қызметкердің жұмыс орны (лауазымы) сақталсын.",
            "Демалыс кезеңі қызметкердің еңбек өтіліне есептелсін.",
            _CONTROL,
        ],
        f"{spec.subject.short} өтініші, {certificate}.",
    )


def dismissal(spec: DocumentSpec) -> DocumentText:
    contract = f"{bd(spec, spec.cited_date)} № {spec.cited_number}"
    return _order(
        spec,
        "Еңбек шартын бұзу туралы",
        "Қазақстан Республикасы Еңбек кодексінің 49-бабы 1-тармағының 1) тармақшасына "
        "(тараптардың келісімі бойынша) сәйкес",
        [
            f"{_pos(spec)}{spec.subject.ins}{iin_clause(spec)} жасалған {contract} еңбек "
            f"шарты {bd(spec, spec.event_date)} бастап тараптардың келісімі бойынша бұзылсын.",
            "Бухгалтерия толық есеп айырысу жүргізсін және пайдаланылмаған жыл сайынғы "
            "ақылы еңбек демалысы үшін "
            f"{spec.extra.get('comp_days', '12')} күнтізбелік күнге өтемақы төлесін.",
            "Кадр бөлімі қызметкерге еңбек қызметіне байланысты құжаттарды берсін.",
        ],
        f"{spec.subject.short} өтініші, еңбек шартын бұзу туралы тараптардың келісімі.",
    )


def unemployment(spec: DocumentSpec) -> DocumentText:
    blocks: list[Block] = [
        *certificate_heading(
            spec, "АНЫҚТАМА", "жұмыссыз ретінде тіркелгені туралы", number_left=False
        ),
        Para(
            f"Осы анықтама {spec.subject.dat} (туған күні: {bd(spec, spec.birth_date)}"
            f"{', ' + 'ЖСН: ' + spec.iin if spec.iin else ''}) {bd(spec, spec.event_date)} "
            "бастап еңбек мобильділігі орталығында жұмыссыз ретінде тіркелгенін растау "
            "үшін берілді.",
            space_before=14,
        ),
        Para(
            f"Тіркеу туралы бұйрық: {bd(spec, spec.event_date)} № {spec.cited_number}. "
            "Тіркеу туралы мәліметтер Еңбектің электрондық биржасына енгізілді."
        ),
        Para("Анықтама талап етілген жерге ұсыну үшін берілді."),
        Gap(26),
        head_sign(spec),
        Gap(16),
        *other_lines(spec),
    ]
    return DocumentText(tuple(blocks))


def sick_leave(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    doctor = spec.others[0] if spec.others else spec.head
    blocks: list[Block] = [
        *issuer(spec),
        Para(
            "УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ",
            align="center",
            bold=True,
            size=13.5,
            indent=False,
            space_before=20,
        ),
        Row(f"№ {spec.number}", "Алғашқы", space_before=8),
        Gap(4),
        Field("Берілген күні", hd(spec)),
        Field("Тегі, аты, әкесінің аты", spec.subject.nom),
        *([Field("ЖСН", spec.iin)] if spec.iin else []),
        Field("Туған күні", bd(spec, spec.birth_date)),
        Field("Жынысы", "әйел" if spec.subject_female else "ер"),
        Field("Жұмыс орны", spec.extra.get("workplace", "")),
        Field("Еңбекке жарамсыздық себебі", spec.extra.get("cause", "ауру")),
        Field("Режимі", "амбулаториялық"),
        Para("Жұмыстан босату", bold=True, align="left", indent=False, space_before=10),
        Table(
            ("Қай күннен бастап", "Қай күнге дейін", "Дәрігердің лауазымы мен тегі"),
            ((bd(spec, p0), bd(spec, p1), f"{doctor.role} {doctor.name}"),),
            (0.25, 0.25, 0.5),
        ),
        Field("Жұмысқа кірісу", bd(spec, p1 + timedelta(days=1))),
        Gap(18),
        Sign(doctor.role, doctor.name, signed=spec.signature),
        head_sign(spec),
    ]
    return DocumentText(tuple(blocks))


def disability(spec: DocumentSpec) -> DocumentText:
    until = spec.period[1] if spec.period else None
    blocks: list[Block] = [
        *certificate_heading(spec, "АНЫҚТАМА", "мүгедектік туралы", number_left=False),
        Para(
            f"МӘС-2 сериясы № {spec.extra.get('series_no', spec.number)}",
            align="center",
            indent=False,
            size=10.5,
        ),
        Gap(6),
        Field("Тегі, аты, әкесінің аты", spec.subject.nom),
        *([Field("ЖСН", spec.iin)] if spec.iin else []),
        Field("Туған күні", bd(spec, spec.birth_date)),
        Field("Куәландырылған күні", bd(spec, spec.event_date)),
        Field("Мүгедектік тобы", spec.extra.get("group", "екінші топ")),
        Field("Мүгедектік себебі", spec.extra.get("cause", "жалпы ауру")),
        Field(
            "Мүгедектік белгіленген мерзім", f"{bd(spec, until)} дейін" if until else "мерзімсіз"
        ),
        Field("Берілген күні", hd(spec)),
        Para("Анықтама жеке басын куәландыратын құжатпен бірге жарамды.", space_before=10),
        Gap(24),
        head_sign(spec),
        Gap(12),
        *other_lines(spec),
    ]
    return DocumentText(tuple(blocks))


COMPOSERS: dict[str, Callable[[DocumentSpec], DocumentText]] = {
    DocType.MATERNITY_LEAVE_ORDER: maternity,
    DocType.CHILDCARE_LEAVE_ORDER: childcare,
    DocType.DISMISSAL_ORDER: dismissal,
    DocType.UNEMPLOYMENT_CERTIFICATE: unemployment,
    DocType.SICK_LEAVE_CERTIFICATE: sick_leave,
    DocType.DISABILITY_CERTIFICATE: disability,
}
