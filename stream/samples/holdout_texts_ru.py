"""Russian texts of the holdout corpus: orders, sick-leave sheets, certificates, and
the documents a customer sends by mistake (an annual-leave order, a salary
certificate, an employment contract)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from schemas.codes import DocType
from stream.samples.blocks import Block, DocumentText, Field, Gap, Para, Row, Sign, Table
from stream.samples.holdout_texts import (
    days,
    iin,
    issued,
    letterhead,
    on,
    order_title,
    outgoing,
    ru_date,
    signer,
    small_print,
)
from stream.samples.spec import DocumentSpec, Inflected

_ORDER = "ПРИКАЗЫВАЮ:"


def _pos(spec: DocumentSpec) -> Inflected:
    return spec.position or Inflected.same("работнику")


def _initials(spec: DocumentSpec, case: str) -> str:
    """«Сериковой А.М.»: the surname in ``case``, then the initials."""
    surname = getattr(spec.subject, case).split()[0]
    return f"{surname} {spec.subject.short.split(' ', 1)[1]}"


def _dept(spec: DocumentSpec) -> str:
    dept = spec.extra.get("dept", "")
    return f" {dept}" if dept else ""


def _paren_iin(spec: DocumentSpec) -> str:
    text = iin(spec, "ИИН")
    return f" ({text})" if text else ""


def _iin_tail(spec: DocumentSpec) -> str:
    """«, ИИН: 940312450123» to follow a name or a position, or nothing."""
    text = iin(spec, "ИИН:")
    return f", {text}" if text else ""


def _born(spec: DocumentSpec) -> str:
    """Birth dates print as digits whatever the body's date form («12.03.1991 г.р.»)."""
    assert spec.birth_date is not None
    return ru_date(spec.birth_date, "num")


def _end(sentence: str) -> str:
    """One full stop, also after a date ending in «г.»."""
    return sentence.rstrip(".") + "."


def _the_day_before(spec: DocumentSpec) -> date:
    return spec.issue_date - timedelta(days=1)


def _acknowledged(spec: DocumentSpec) -> Row:
    verb = "ознакомлена" if spec.subject_female else "ознакомлен"
    when = "«___» __________ 20___ г." if spec.undated else on(spec, spec.issue_date)
    return Row(
        f"С приказом {verb}: ____________ {spec.subject.short}", when, size=10.5, space_before=14
    )


def _order(
    spec: DocumentSpec,
    subject: str,
    preamble: str,
    items: list[str],
    basis: str,
    *,
    title: str = "ПРИКАЗ",
    ack: bool = True,
) -> DocumentText:
    blocks: list[Block] = [*letterhead(spec), *order_title(spec, title, subject)]
    blocks.append(Para(preamble, space_before=8))
    blocks.append(Para(_ORDER, bold=True, align="left", indent=False, space_before=4))
    blocks += [Para(f"{n}. {_end(item)}", space_before=2) for n, item in enumerate(items, 1)]
    blocks.append(Para(f"Основание: {_end(basis)}", space_before=8))
    blocks += [Gap(14), signer(spec)]
    if ack:
        blocks.append(_acknowledged(spec))
    blocks += [Gap(8), *small_print(spec)]
    return DocumentText(tuple(blocks))


def maternity(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    sheet = f"№ {spec.cited_number} от {on(spec, spec.cited_date)}"
    n = days(p0, p1)
    if spec.extra.get("wording") == "b":
        item = (
            f"Предоставить {_pos(spec).dat}{_dept(spec)} {spec.subject.dat}{_paren_iin(spec)} "
            f"отпуск по беременности и родам продолжительностью {n} календарных дней "
            f"с {on(spec, p0)} по {on(spec, p1)} включительно."
        )
    else:
        item = (
            f"Предоставить {spec.subject.dat}, {_pos(spec).dat}{_dept(spec)}{_iin_tail(spec)}, "
            f"отпуск по беременности и родам с {on(spec, p0)} по {on(spec, p1)} сроком на "
            f"{n} календарных дней."
        )
    return _order(
        spec,
        "О предоставлении отпуска по беременности и родам",
        "В соответствии со статьей 99 Трудового кодекса Республики Казахстан, на основании "
        f"листа временной нетрудоспособности {sheet}",
        [
            item,
            "Бухгалтерии произвести расчет в соответствии с действующим законодательством "
            "Республики Казахстан.",
            "Отделу по работе с персоналом ознакомить работника с настоящим приказом.",
        ],
        f"заявление {_initials(spec, 'gen')} от {on(spec, _the_day_before(spec))}, "
        f"лист временной нетрудоспособности {sheet}.",
    )


def childcare(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    return _order(
        spec,
        "О предоставлении отпуска без сохранения заработной платы по уходу за ребенком "
        "до достижения им возраста трех лет",
        "В соответствии со статьей 100 Трудового кодекса Республики Казахстан, на основании "
        "личного заявления работника",
        [
            f"Предоставить {_pos(spec).dat}{_dept(spec)} {spec.subject.dat}{_paren_iin(spec)} "
            "отпуск без сохранения заработной платы по уходу за ребенком до достижения им "
            f"возраста трех лет с {on(spec, p0)} по {on(spec, p1)}.",
            "На период отпуска сохранить за работником место работы (должность).",
            "Период отпуска по уходу за ребенком засчитать в трудовой стаж.",
        ],
        f"заявление {_initials(spec, 'gen')} от {on(spec, _the_day_before(spec))}, копия "
        f"свидетельства о рождении ребенка № {spec.cited_number} от {on(spec, spec.cited_date)}.",
    )


def dismissal(spec: DocumentSpec) -> DocumentText:
    last_day = on(spec, spec.event_date)
    contract = f"от {on(spec, spec.cited_date)} № {spec.cited_number}"
    wording = spec.extra.get("wording", "uvolit")
    if wording == "uvolit":
        subject = "Об увольнении"
        preamble = (
            "В соответствии с подпунктом 5) пункта 1 статьи 49 и статьей 56 Трудового "
            "кодекса Республики Казахстан (по инициативе работника)"
        )
        item = (
            f"Уволить {spec.subject.acc}, {_pos(spec).acc}{_dept(spec)}{_iin_tail(spec)}, "
            f"{last_day} по собственному желанию."
        )
        basis = f"заявление {_initials(spec, 'gen')} от {on(spec, spec.cited_date)}."
    else:
        subject = (
            "О прекращении трудового договора"
            if wording == "prekratit"
            else ("О расторжении трудового договора")
        )
        verb = "Прекратить" if wording == "prekratit" else "Расторгнуть"
        preamble = (
            "В соответствии с подпунктом 1) пункта 1 статьи 49 и статьей 50 Трудового "
            "кодекса Республики Казахстан (соглашение сторон)"
        )
        item = (
            f"{verb} трудовой договор {contract} с {_pos(spec).ins}{_dept(spec)} "
            f"{spec.subject.ins}{_paren_iin(spec)} по соглашению сторон. Последний рабочий "
            f"день — {last_day}."
        )
        agreed = on(spec, _the_day_before(spec))
        basis = f"соглашение сторон о расторжении трудового договора от {agreed}."
    return _order(
        spec,
        subject,
        preamble,
        [
            item,
            "Бухгалтерии произвести окончательный расчет и выплатить компенсацию за "
            "неиспользованные дни ежегодного оплачиваемого трудового отпуска в количестве "
            f"{spec.extra.get('comp_days', '14')} календарных дней.",
            "Выдать работнику документы, связанные с трудовой деятельностью, в день "
            "прекращения трудового договора.",
        ],
        basis,
        title=spec.extra.get("title", "ПРИКАЗ"),
    )


def _doctor(spec: DocumentSpec, n: int = 0) -> str:
    doctors = [p for p in spec.others] or [spec.head]
    p = doctors[min(n, len(doctors) - 1)]
    return f"{p.role} {p.name}"


def sick_leave(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    p0, p1 = spec.period
    title = spec.extra.get("title", "ЛИСТ ВРЕМЕННОЙ НЕТРУДОСПОСОБНОСТИ")
    head: list[Block] = [
        *letterhead(spec),
        Para(title, align="center", bold=True, size=13.5, indent=False, space_before=16),
    ]
    doctor = spec.others[0] if spec.others else spec.head
    tail: list[Block] = [
        Gap(14),
        Sign(f"Лечащий врач ({doctor.role.lower()})", doctor.name, signed=spec.signature),
        signer(spec),
    ]
    if spec.extra.get("layout") == "grid":
        rows = [
            ("Дата выдачи", issued(spec)),
            ("Медицинская организация", spec.company.name),
            ("Фамилия, имя, отчество", spec.subject.nom),
            *([("ИИН", spec.iin)] if spec.iin else []),
            ("Дата рождения", on(spec, spec.birth_date)),
            ("Место работы, должность", spec.extra.get("workplace", "")),
            ("Вид нетрудоспособности", spec.extra.get("cause", "заболевание")),
            ("Освобожден(а) от работы", f"с {on(spec, p0)} по {on(spec, p1)} ({days(p0, p1)} дн.)"),
            ("Лечащий врач", _doctor(spec)),
            ("Приступить к работе", on(spec, p1 + timedelta(days=1))),
        ]
        body: list[Block] = [
            Table(("Лист", f"№ {spec.number}"), tuple(rows), (0.38, 0.62), size=10.5),
        ]
        return DocumentText((*head, Gap(6), *body, *tail))
    split = p0 + (p1 - p0) // 2
    body = [
        Row(f"№ {spec.number}", spec.extra.get("kind", "Первичный"), space_before=6),
        Field("Дата выдачи", issued(spec)),
        Field("Ф.И.О.", spec.subject.nom),
        *([Field(spec.extra.get("iin_label", "ИИН"), spec.iin)] if spec.iin else []),
        Field("Дата рождения", on(spec, spec.birth_date)),
        Field("Место работы", spec.extra.get("workplace", "")),
        Field("Причина нетрудоспособности", spec.extra.get("cause", "заболевание")),
        Field("Код по МКБ-10", spec.extra.get("icd", "J06.9")),
        Field("Режим", spec.extra.get("regime", "амбулаторный")),
        Para("ОСВОБОЖДЕНИЕ ОТ РАБОТЫ", bold=True, align="left", indent=False, space_before=8),
        Table(
            ("С какого числа", "По какое число", "Должность и фамилия врача"),
            (
                (on(spec, p0), on(spec, split), _doctor(spec, 0)),
                (on(spec, split + timedelta(days=1)), on(spec, p1), _doctor(spec, 1)),
            ),
            (0.22, 0.22, 0.56),
        ),
        Field("Приступить к работе с", on(spec, p1 + timedelta(days=1))),
        Field("Отметка о нарушении режима", "нарушений нет"),
    ]
    return DocumentText((*head, *body, *tail))


def disability(spec: DocumentSpec) -> DocumentText:
    he = not spec.subject_female
    until = spec.period[1] if spec.period else None
    term = f"до {on(spec, until)}" if until else "бессрочно"
    group = spec.extra.get("group", "II (вторая)")
    body = (
        f"Выдана гр. {spec.subject.dat}, {_born(spec)} года рождения"
        f"{_iin_tail(spec)}, "
        f"{'проживающему' if he else 'проживающей'} по адресу: {spec.extra.get('home', '')}, "
        f"в том, что {'он' if he else 'она'} {'освидетельствован' if he else 'освидетельствована'} "
        f"{on(spec, spec.event_date)} и {'ему' if he else 'ей'} установлена {group} группа "
        f"инвалидности {spec.extra.get('first', 'повторно')}."
    )
    blocks: list[Block] = [
        *letterhead(spec),
        Para("СПРАВКА", align="center", bold=True, size=14, indent=False, space_before=16),
        Para("об инвалидности", align="center", bold=True, indent=False, space_before=0),
        Row(f"Серия МСЭ № {spec.number}", issued(spec), space_before=10),
        Para(body, space_before=10),
        Para(f"Причина инвалидности: {spec.extra.get('cause', 'общее заболевание')}."),
        Para(
            "Степень утраты профессиональной трудоспособности: "
            f"{spec.extra.get('loss', '60 (шестьдесят) процентов')}."
        ),
        Para(_end(f"Срок инвалидности: {term}")),
        Para("Справка выдана для представления по месту требования."),
        Gap(16),
        signer(spec),
        Gap(8),
        *small_print(spec),
    ]
    return DocumentText(tuple(blocks))


def unemployment(spec: DocumentSpec) -> DocumentText:
    she = spec.subject_female
    reg = on(spec, spec.event_date)
    body = (
        f"Настоящая справка выдана {spec.subject.dat}, {_born(spec)} г.р."
        f"{_iin_tail(spec)}, в том, что {'она' if she else 'он'} "
        f"{'зарегистрирована' if she else 'зарегистрирован'} в {spec.company.name} в качестве "
        f"{'безработной' if she else 'безработного'} с {reg} (приказ № {spec.cited_number} "
        f"от {reg})."
    )
    status = (
        ""
        if spec.undated
        else (
            f"По состоянию на {issued(spec)} с учета не {'снята' if she else 'снят'}, "
            "направление на трудоустройство не получено."
        )
    )
    blocks: list[Block] = [
        *letterhead(spec),
        *outgoing(spec),
        Para("СПРАВКА", align="center", bold=True, size=14, indent=False, space_before=14),
        Para(
            "о регистрации в качестве безработного",
            align="center",
            bold=True,
            indent=False,
            space_before=0,
        ),
        Para(body, space_before=12),
        *([Para(status)] if status else []),
        Para("Справка выдана для предъявления в банк второго уровня."),
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
        "О предоставлении ежегодного оплачиваемого трудового отпуска",
        "В соответствии со статьями 88 и 89 Трудового кодекса Республики Казахстан",
        [
            f"Предоставить {_pos(spec).dat}{_dept(spec)} {spec.subject.dat}{_paren_iin(spec)} "
            f"ежегодный оплачиваемый трудовой отпуск за период работы с {on(spec, y0)} по "
            f"{on(spec, y1)} продолжительностью {days(p0, p1)} календарных дня с {on(spec, p0)} "
            f"по {on(spec, p1)}.",
            "Бухгалтерии выплатить пособие к отпуску и оплату отпуска не позднее чем за три "
            "календарных дня до его начала.",
        ],
        f"заявление {_initials(spec, 'gen')} от {on(spec, _the_day_before(spec))}.",
    )


def salary(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    he = not spec.subject_female
    months = ("Август", "Сентябрь", "Октябрь")
    rows = tuple((f"{m} {spec.issue_date.year}", "412 500", "82 087", "330 413") for m in months)
    blocks: list[Block] = [
        *letterhead(spec),
        *outgoing(spec),
        Para("СПРАВКА", align="center", bold=True, size=14, indent=False, space_before=14),
        Para("о заработной плате", align="center", bold=True, indent=False, space_before=0),
        Para(
            f"Дана {spec.subject.dat}{_iin_tail(spec)}, в том, что "
            f"{'он' if he else 'она'} действительно работает в {spec.company.name} в должности "
            f"{_pos(spec).gen} с {on(spec, spec.period[0])} по настоящее время.",
            space_before=12,
        ),
        Para("Начисленная заработная плата за последние три месяца (в тенге):"),
        Table(
            ("Месяц", "Начислено", "Удержано (ИПН, ОПВ, ВОСМС)", "К выплате"),
            rows,
            (0.25, 0.2, 0.35, 0.2),
        ),
        Para("Справка выдана для предоставления в банк по месту требования.", space_before=8),
        Gap(14),
        signer(spec),
        Sign("Главный бухгалтер", spec.extra.get("accountant", ""), signed=spec.signature),
    ]
    return DocumentText(tuple(blocks))


def _clause(text: str) -> Para:
    """A contract's section heading («1. ПРЕДМЕТ ДОГОВОРА») is bold, its clauses are not."""
    heading = text.split(" ", 1)[1].isupper()
    return Para(text, bold=heading, space_before=5 if heading else 1)


def employment_contract(spec: DocumentSpec) -> DocumentText:
    assert spec.period is not None
    he = not spec.subject_female
    c = spec.company
    parties = (
        f"{c.name}, БИН {c.bin}, в лице директора {spec.extra.get('head_gen', '')}, "
        "действующего на основании Устава, именуемое в дальнейшем «Работодатель», с одной "
        f"стороны, и {'гражданин' if he else 'гражданка'} Республики Казахстан {spec.subject.nom}"
        f"{_iin_tail(spec)}, {'именуемый' if he else 'именуемая'} в "
        "дальнейшем «Работник», с другой стороны, заключили настоящий трудовой договор о "
        "нижеследующем:"
    )
    clauses = (
        "1. ПРЕДМЕТ ДОГОВОРА",
        f"1.1. Работник принимается на должность {_pos(spec).gen}.",
        f"1.2. Дата начала работы: {_end(on(spec, spec.period[0]))} Договор заключен на "
        "неопределенный срок, испытательный срок — три месяца.",
        "1.3. Место работы: г. Актау, складской комплекс Работодателя.",
        "2. РЕЖИМ РАБОЧЕГО ВРЕМЕНИ И ОПЛАТА ТРУДА",
        "2.1. Пятидневная рабочая неделя продолжительностью 40 часов.",
        "2.2. Должностной оклад: 380 000 (триста восемьдесят тысяч) тенге в месяц. Заработная "
        "плата выплачивается не реже одного раза в месяц, не позднее 10 числа.",
        "2.3. Ежегодный оплачиваемый трудовой отпуск — 24 календарных дня.",
        "3. ПРОЧИЕ УСЛОВИЯ",
        "3.1. Договор составлен в двух экземплярах на русском языке, имеющих одинаковую "
        "юридическую силу, по одному для каждой из сторон.",
    )
    blocks: list[Block] = [
        Para(
            f"ТРУДОВОЙ ДОГОВОР № {spec.number}",
            align="center",
            bold=True,
            size=14,
            indent=False,
            space_before=0,
        ),
        Row(f"г. {c.city}", issued(spec), space_before=10),
        Para(parties, space_before=10),
        *(_clause(t) for t in clauses),
        Para("ПОДПИСИ СТОРОН", bold=True, align="center", indent=False, space_before=10),
        signer(spec, f"Работодатель:\n{c.name}\nДиректор"),
        Sign("Работник:", spec.subject.short, signed=spec.signature),
        Para(
            f"Экземпляр договора получил(а): ____________ {spec.subject.short}",
            align="left",
            size=10,
            indent=False,
            space_before=6,
        ),
    ]
    return DocumentText(tuple(blocks))


COMPOSERS: dict[str, Callable[[DocumentSpec], DocumentText]] = {
    DocType.MATERNITY_LEAVE_ORDER: maternity,
    DocType.CHILDCARE_LEAVE_ORDER: childcare,
    DocType.DISMISSAL_ORDER: dismissal,
    DocType.SICK_LEAVE_CERTIFICATE: sick_leave,
    DocType.DISABILITY_CERTIFICATE: disability,
    DocType.UNEMPLOYMENT_CERTIFICATE: unemployment,
    "annual_leave_order": annual_leave,
    "salary_statement": salary,
    "employment_contract": employment_contract,
}
