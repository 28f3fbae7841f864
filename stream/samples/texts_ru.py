"""Russian texts of the six accepted document types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from schemas.codes import DocType
from stream.samples.blocks import Block, DocumentText, Field, Gap, Para, Row, Sign, Table
from stream.samples.spec import DocumentSpec, Inflected
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

_ORDERS = "ПРИКАЗЫВАЮ:"
_CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."


def _pos(spec: DocumentSpec) -> Inflected:
    return spec.position or Inflected.same("")


def _days(spec: DocumentSpec) -> int:
    assert spec.period is not None
    return (spec.period[1] - spec.period[0]).days + 1


def _ack(spec: DocumentSpec) -> Row:
    verb = "ознакомлена" if spec.subject_female else "ознакомлен"
    return acknowledgement(spec, f"С приказом {verb}:")


def _order(
    spec: DocumentSpec, subject: str, basis: str, items: list[str], ground: str
) -> DocumentText:
    blocks: list[Block] = [*issuer(spec), *order_heading(spec, "ПРИКАЗ", subject)]
    blocks.append(Para(basis, space_before=10))
    blocks.append(Para(_ORDERS, bold=True, indent=False, align="left", space_before=6))
    blocks += [Para(f"{n}. {item}") for n, item in enumerate(items, 1)]
    blocks.append(Para(f"Основание: {ground}", space_before=8))
    blocks += [Gap(22), head_sign(spec), _ack(spec), Gap(10), *other_lines(spec)]
    return DocumentText(tuple(blocks))


def maternity(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    cited = f"№ {spec.cited_number} от {bd(spec, spec.cited_date)}"
    item = (
        f"Предоставить {_pos(spec).dat} {spec.subject.dat}{iin_clause(spec)} отпуск по "
        f"беременности и родам с {bd(spec, p0)} по {bd(spec, p1)} продолжительностью "
        f"{_days(spec)} календарных дней."
    )
    return _order(
        spec,
        "О предоставлении отпуска по беременности и родам",
        "В соответствии со статьей 99 Трудового кодекса Республики Казахстан, на основании "
        f"листа о временной нетрудоспособности {cited} и заявления работника",
        [
            item,
            "Бухгалтерии произвести расчет и выплату пособия по временной нетрудоспособности "
            "в связи с беременностью и родами в соответствии с законодательством "
            "Республики Казахстан.",
            "Отделу кадров внести соответствующие сведения в личное дело работника.",
            _CONTROL,
        ],
        f"лист о временной нетрудоспособности {cited}, заявление работника.",
    )


def childcare(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    item = (
        f"Предоставить {_pos(spec).dat} {spec.subject.dat}{iin_clause(spec)} отпуск без "
        "сохранения заработной платы по уходу за ребенком до достижения им возраста трех "
        f"лет с {bd(spec, p0)} по {bd(spec, p1)}."
    )
    certificate = (
        f"свидетельство о рождении ребенка № {spec.cited_number} от {bd(spec, spec.cited_date)}"
    )
    return _order(
        spec,
        "О предоставлении отпуска по уходу за ребенком до достижения им возраста трех лет",
        "В соответствии со статьей 100 Трудового кодекса Республики Казахстан, в связи с "
        f"рождением ребенка {bd(spec, spec.event_date)} и на основании заявления работника",
        [
            item,
            "На период отпуска сохранить за работником место работы (должность).",
            "Период отпуска засчитать в трудовой стаж работника.",
            _CONTROL,
        ],
        f"заявление работника, {certificate}.",
    )


def dismissal(spec: DocumentSpec) -> DocumentText:
    contract = f"№ {spec.cited_number} от {bd(spec, spec.cited_date)}"
    item = (
        f"Расторгнуть трудовой договор {contract} с {_pos(spec).ins} {spec.subject.ins}"
        f"{iin_clause(spec)} {bd(spec, spec.event_date)} по соглашению сторон."
    )
    return _order(
        spec,
        "О расторжении трудового договора",
        "В соответствии с подпунктом 1) пункта 1 статьи 49 Трудового кодекса Республики "
        "Казахстан (расторжение трудового договора по соглашению сторон)",
        [
            item,
            "Бухгалтерии произвести окончательный расчет и выплатить компенсацию за "
            "неиспользованные дни ежегодного оплачиваемого трудового отпуска в количестве "
            f"{spec.extra.get('comp_days', '12')} календарных дней.",
            "Отделу кадров выдать работнику документы, связанные с трудовой деятельностью.",
        ],
        "заявление работника, соглашение сторон о расторжении трудового договора.",
    )


def unemployment(spec: DocumentSpec) -> DocumentText:
    verb = "зарегистрирована" if spec.subject_female else "зарегистрирован"
    pronoun = "она" if spec.subject_female else "он"
    blocks: list[Block] = [
        *certificate_heading(
            spec, "СПРАВКА", "о регистрации в качестве безработного", number_left=True
        ),
        Para(
            f"Дана {spec.subject.dat}, {bd(spec, spec.birth_date)} года рождения"
            f"{iin_clause(spec)}, в том, что {pronoun} действительно {verb} в качестве "
            f"безработного в {spec.company.name} с {bd(spec, spec.event_date)} "
            f"(приказ № {spec.cited_number} от {bd(spec, spec.event_date)}).",
            space_before=14,
        ),
        Para(
            "Безработному назначено участие в активных мерах содействия занятости; "
            "сведения о регистрации внесены в Электронную биржу труда."
        ),
        Para("Справка выдана для предъявления по месту требования."),
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
            "ЛИСТ О ВРЕМЕННОЙ НЕТРУДОСПОСОБНОСТИ",
            align="center",
            bold=True,
            size=13.5,
            indent=False,
            space_before=20,
        ),
        Row(f"№ {spec.number}", "Первичный", space_before=8),
        Gap(4),
        Field("Дата выдачи", hd(spec)),
        Field("Фамилия, имя, отчество", spec.subject.nom),
        *([Field("ИИН", spec.iin)] if spec.iin else []),
        Field("Дата рождения", bd(spec, spec.birth_date)),
        Field("Пол", "женский" if spec.subject_female else "мужской"),
        Field("Место работы", spec.extra.get("workplace", "")),
        Field("Причина нетрудоспособности", spec.extra.get("cause", "заболевание")),
        Field("Режим", "амбулаторный"),
        Para("Освобождение от работы", bold=True, align="left", indent=False, space_before=10),
        Table(
            ("С какого числа", "По какое число", "Должность и фамилия врача"),
            ((bd(spec, p0), bd(spec, p1), f"{doctor.role} {doctor.name}"),),
            (0.25, 0.25, 0.5),
        ),
        Field("Приступить к работе", bd(spec, p1 + timedelta(days=1))),
        Gap(18),
        Sign(doctor.role, doctor.name, signed=spec.signature),
        head_sign(spec),
    ]
    return DocumentText(tuple(blocks))


def disability(spec: DocumentSpec) -> DocumentText:
    until = spec.period[1] if spec.period else None
    blocks: list[Block] = [
        *certificate_heading(spec, "СПРАВКА", "об инвалидности", number_left=True),
        Para(
            f"Серия МСЭ-2 № {spec.extra.get('series_no', spec.number)}",
            align="center",
            indent=False,
            size=10.5,
        ),
        Gap(6),
        Field("Фамилия, имя, отчество", spec.subject.nom),
        *([Field("ИИН", spec.iin)] if spec.iin else []),
        Field("Дата рождения", bd(spec, spec.birth_date)),
        Field("Дата освидетельствования", bd(spec, spec.event_date)),
        Field("Группа инвалидности", spec.extra.get("group", "вторая")),
        Field("Причина инвалидности", spec.extra.get("cause", "общее заболевание")),
        Field(
            "Инвалидность установлена", f"на срок до {bd(spec, until)}" if until else "бессрочно"
        ),
        Field("Дата выдачи", hd(spec)),
        Para(
            "Справка действительна при предъявлении документа, удостоверяющего личность.",
            space_before=10,
        ),
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
