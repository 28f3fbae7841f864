"""Texts of documents the service must not accept: a salary statement, an employment contract.

Both name the person, the IIN, the employer and a date, exactly like accepted
documents do, so only the document's kind tells them apart.
"""

from __future__ import annotations

from collections.abc import Callable

from stream.samples.blocks import Block, DocumentText, Gap, Para, Row, Sign, Table
from stream.samples.spec import DocumentSpec
from stream.samples.texts_common import (
    bd,
    certificate_heading,
    hd,
    head_sign,
    iin_clause,
    other_lines,
)

_MONTHS = {
    "ru": (
        "Январь",
        "Февраль",
        "Март",
        "Апрель",
        "Май",
        "Июнь",
        "Июль",
        "Август",
        "Сентябрь",
        "Октябрь",
        "Ноябрь",
        "Декабрь",
    ),
    "kk": (
        "Қаңтар",
        "Ақпан",
        "Наурыз",
        "Сәуір",
        "Мамыр",
        "Маусым",
        "Шілде",
        "Тамыз",
        "Қыркүйек",
        "Қазан",
        "Қараша",
        "Желтоқсан",
    ),
}


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _salary(spec: DocumentSpec) -> int:
    """Monthly gross pay in tenge, from ``extra["salary"]``."""
    return int(spec.extra.get("salary", "450000").replace(" ", ""))


def _salary_rows(spec: DocumentSpec) -> tuple[tuple[str, ...], ...]:
    """Six full months before the issue date: month, gross, withheld (12%), paid."""
    gross = _salary(spec)
    held = gross * 12 // 100
    year, month = spec.issue_date.year, spec.issue_date.month
    rows = []
    for _ in range(6):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        name = _MONTHS[spec.language][month - 1]
        rows.append((f"{name} {year}", _money(gross), _money(held), _money(gross - held)))
    return tuple(reversed(rows))


def _pos_ru(spec: DocumentSpec) -> str:
    return spec.position.gen if spec.position else ""


def _pos_kk(spec: DocumentSpec) -> str:
    return f"{spec.position.nom} " if spec.position else ""


def salary_statement_ru(spec: DocumentSpec) -> DocumentText:
    hired = spec.period[0] if spec.period else spec.issue_date
    rows = _salary_rows(spec)
    blocks: list[Block] = [
        *certificate_heading(spec, "СПРАВКА", "о заработной плате", number_left=True),
        Para(
            f"Дана {spec.subject.dat}{iin_clause(spec)} в том, что "
            f"{'она' if spec.subject_female else 'он'} действительно работает в "
            f"{spec.company.name} в должности {_pos_ru(spec)} с {bd(spec, hired)} по "
            "настоящее время.",
            space_before=14,
        ),
        Para("Начисленная заработная плата за последние шесть месяцев составила (тенге):"),
        Table(("Месяц", "Начислено", "Удержано", "К выплате"), rows, (0.34, 0.22, 0.22, 0.22)),
        Para("Справка выдана для предъявления по месту требования.", space_before=8),
        Gap(22),
        head_sign(spec),
        Gap(10),
        *other_lines(spec),
    ]
    return DocumentText(tuple(blocks))


def employment_contract_ru(spec: DocumentSpec) -> DocumentText:
    start = spec.period[0] if spec.period else spec.issue_date
    named = "именуемая" if spec.subject_female else "именуемый"
    clauses = [
        ("1. Предмет договора", True),
        (
            f"1.1. Работник принимается на работу в {spec.company.name} на должность "
            f"{_pos_ru(spec)}.",
            False,
        ),
        (
            f"1.2. Дата начала работы: {bd(spec, start)}. Договор заключен на неопределенный срок.",
            False,
        ),
        ("1.3. Работнику устанавливается испытательный срок продолжительностью три месяца.", False),
        ("2. Оплата труда", True),
        (
            f"2.1. Должностной оклад: {_money(_salary(spec))} тенге в месяц. "
            "Заработная плата выплачивается не позднее 10 числа месяца, следующего за "
            "отработанным.",
            False,
        ),
        ("3. Рабочее время и время отдыха", True),
        (
            "3.1. Работнику устанавливается пятидневная рабочая неделя продолжительностью "
            "40 часов. 3.2. Ежегодный оплачиваемый трудовой отпуск — 24 календарных дня.",
            False,
        ),
    ]
    blocks: list[Block] = [
        Para(
            f"ТРУДОВОЙ ДОГОВОР № {spec.number}",
            align="center",
            bold=True,
            size=14,
            indent=False,
            space_before=0,
        ),
        Row(f"г. {spec.company.city}", hd(spec), space_before=10),
        Para(
            f"{spec.company.full_name}, БИН {spec.company.bin}, в лице {spec.head.role.lower()} "
            f"{spec.head.name}, действующего на основании Устава, именуемое в дальнейшем "
            f"«Работодатель», с одной стороны, и {spec.subject.nom}{iin_clause(spec)}, {named} в "
            "дальнейшем «Работник», с другой стороны, заключили настоящий трудовой договор "
            "о нижеследующем:",
            space_before=12,
        ),
    ]
    for text, heading in clauses:
        blocks.append(
            Para(
                text,
                bold=heading,
                align="center" if heading else "justify",
                indent=not heading,
                space_before=6 if heading else 2,
            )
        )
    blocks += [
        Gap(18),
        Sign(f"Работодатель: {spec.head.role}", spec.head.name, signed=spec.signature, sealed=True),
        Sign("Работник", spec.subject.short, signed=spec.signature),
    ]
    return DocumentText(tuple(blocks))


def salary_statement_kk(spec: DocumentSpec) -> DocumentText:
    hired = spec.period[0] if spec.period else spec.issue_date
    rows = _salary_rows(spec)
    blocks: list[Block] = [
        *certificate_heading(spec, "АНЫҚТАМА", "жалақы туралы", number_left=False),
        Para(
            f"Осы анықтама {spec.subject.dat}{iin_clause(spec)} {spec.company.name} "
            f"{_pos_kk(spec)}лауазымында {bd(spec, hired)} бастап қазіргі уақытқа дейін жұмыс "
            "істейтінін растау үшін берілді.",
            space_before=14,
        ),
        Para("Соңғы алты айда есептелген жалақысы (теңге):"),
        Table(("Ай", "Есептелді", "Ұсталды", "Төленді"), rows, (0.34, 0.22, 0.22, 0.22)),
        Para("Анықтама талап етілген жерге ұсыну үшін берілді.", space_before=8),
        Gap(22),
        head_sign(spec),
        Gap(10),
        *other_lines(spec),
    ]
    return DocumentText(tuple(blocks))


def employment_contract_kk(spec: DocumentSpec) -> DocumentText:
    start = spec.period[0] if spec.period else spec.issue_date
    sections = [
        ("1. Шарттың мәні", True),
        (
            f"1.1. Қызметкер {spec.company.name} {_pos_kk(spec)}лауазымына жұмысқа қабылданады.",
            False,
        ),
        (
            f"1.2. Жұмысты бастау күні: {bd(spec, start)}. Шарт белгіленбеген мерзімге жасалды.",
            False,
        ),
        ("1.3. Қызметкерге үш ай сынақ мерзімі белгіленеді.", False),
        ("2. Еңбекке ақы төлеу", True),
        (
            f"2.1. Лауазымдық айлықақы: айына {_money(_salary(spec))} теңге. "
            "Жалақы жұмыс істелген айдан кейінгі айдың 10-күнінен кешіктірілмей төленеді.",
            False,
        ),
        ("3. Жұмыс уақыты және демалыс уақыты", True),
        (
            "3.1. Аптасына 40 сағаттан тұратын бес күндік жұмыс аптасы белгіленеді. 3.2. Жыл "
            "сайынғы ақылы еңбек демалысы — 24 күнтізбелік күн.",
            False,
        ),
    ]
    blocks: list[Block] = [
        Para(
            f"ЕҢБЕК ШАРТЫ № {spec.number}",
            align="center",
            bold=True,
            size=14,
            indent=False,
            space_before=0,
        ),
        Row(f"{spec.company.city} қ.", hd(spec), space_before=10),
        Para(
            f"{spec.company.full_name}, БСН {spec.company.bin}, бұдан әрі «Жұмыс беруші», "
            f"Жарғы негізінде әрекет ететін {spec.head.role.lower()} {spec.head.name} атынан "
            f"бір тараптан, және {spec.subject.nom}{iin_clause(spec)}, бұдан әрі «Қызметкер», "
            "екінші тараптан, төмендегілер туралы осы еңбек шартын жасасты:",
            space_before=12,
        ),
    ]
    for text, heading in sections:
        blocks.append(
            Para(
                text,
                bold=heading,
                align="center" if heading else "justify",
                indent=not heading,
                space_before=6 if heading else 2,
            )
        )
    blocks += [
        Gap(18),
        Sign(f"Жұмыс беруші: {spec.head.role}", spec.head.name, signed=spec.signature, sealed=True),
        Sign("Қызметкер", spec.subject.short, signed=spec.signature),
    ]
    return DocumentText(tuple(blocks))


COMPOSERS: dict[str, dict[str, Callable[[DocumentSpec], DocumentText]]] = {
    "ru": {
        "salary_statement": salary_statement_ru,
        "employment_contract": employment_contract_ru,
    },
    "kk": {
        "salary_statement": salary_statement_kk,
        "employment_contract": employment_contract_kk,
    },
}
