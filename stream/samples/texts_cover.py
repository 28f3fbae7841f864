"""Pages that travel with an order in one file: a cover letter, the employee's
application, the acknowledgement sheet.

Each names the order's subject (in the genitive or the nominative), cites the
order's number and date and carries a date of its own, so a reader that takes
the first page for the document, or any date for the issue date, is caught out.
"""

from __future__ import annotations

from datetime import date

from schemas.codes import DocType
from stream.samples.blocks import Block, DocumentText, Gap, Para, Row, Sign, Table
from stream.samples.spec import DocumentSpec
from stream.samples.texts_common import bd, hd, issuer, other_lines

_TITLES = {
    "ru": {
        DocType.MATERNITY_LEAVE_ORDER: "О предоставлении отпуска по беременности и родам",
        DocType.CHILDCARE_LEAVE_ORDER: "О предоставлении отпуска по уходу за ребенком",
        DocType.DISMISSAL_ORDER: "О расторжении трудового договора",
    },
    "kk": {
        DocType.MATERNITY_LEAVE_ORDER: "Жүктілігіне және босануына байланысты демалыс беру туралы",
        DocType.CHILDCARE_LEAVE_ORDER: "Бала күтіміне байланысты демалыс беру туралы",
        DocType.DISMISSAL_ORDER: "Еңбек шартын бұзу туралы",
    },
}
_BANK = {"ru": "АО «Банк ЦентрКредит»", "kk": "«Банк ЦентрКредит» АҚ"}


def _title(order: DocumentSpec) -> str:
    try:
        return _TITLES[order.language][order.doc_type]  # type: ignore[index]
    except KeyError:
        raise ValueError(f"no cover pages for a {order.doc_type}") from None


def _right(text: str) -> Para:
    return Para(text, align="right", indent=False, size=11, space_before=1)


def _sent(order: DocumentSpec, when: date) -> str:
    """An outgoing date in the order's style: only the order's own date may be blank."""
    return bd(order, when)


def cover_letter(order: DocumentSpec, sent: date, out_number: str) -> DocumentText:
    """The employer's letter sending the bank a certified copy of ``order``."""
    pos = order.position
    if order.language == "ru":
        who = f"{pos.gen} {order.subject.gen}" if pos else order.subject.gen
        body = (
            f"{order.company.name} направляет заверенную копию приказа № {order.number} от "
            f"{hd(order)} «{_title(order)}» в отношении {who} для рассмотрения "
            "заявления работника об отсрочке платежей по банковскому займу."
        )
        head, letter = f"Исх. № {out_number}", "СОПРОВОДИТЕЛЬНОЕ ПИСЬМО"
        annex = "Приложение: копия приказа на 1 листе."
    else:
        body = (
            f"{order.company.name} {hd(order)} № {order.number} «{_title(order)}» бұйрығының "
            f"куәландырылған көшірмесін {order.subject.gen} банктік қарыз бойынша төлемдерді "
            "кейінге қалдыру туралы өтінішін қарау үшін жолдайды."
        )
        head, letter = f"Шығ. № {out_number}", "ІЛЕСПЕ ХАТ"
        annex = "Қосымша: бұйрық көшірмесі, 1 парақ."
    blocks: list[Block] = [
        *issuer(order),
        Row(head, _sent(order, sent), space_before=14),
        _right(_BANK[order.language]),
        Para(letter, align="center", bold=True, size=13, indent=False, space_before=16),
        Para(body, space_before=10),
        Para(annex, indent=False, align="left", space_before=8),
        Gap(20),
        Sign(order.head.role, order.head.name, signed=order.signature, sealed=True),
        Gap(10),
        *other_lines(order),
    ]
    return DocumentText(tuple(blocks))


def _ru_dative_role(role: str) -> str:
    for nominative, dative in (
        ("Генеральный директор", "Генеральному директору"),
        ("Директор", "Директору"),
    ):
        if role.startswith(nominative):
            return dative + role[len(nominative) :]
    return role


def application(order: DocumentSpec, written: date) -> DocumentText:
    """The employee's handwritten-style application that the order answers."""
    kind = order.doc_type
    p0 = bd(order, order.period[0]) if order.period else ""
    p1 = bd(order, order.period[1]) if order.period else ""
    if order.language == "ru":
        pos = order.position
        header = [
            _ru_dative_role(order.head.role),
            order.head.name,
            f"от {pos.gen} {order.subject.gen}" if pos else f"от {order.subject.gen}",
        ]
        title = "ЗАЯВЛЕНИЕ"
        request = {
            DocType.MATERNITY_LEAVE_ORDER: "Прошу предоставить мне отпуск по беременности и "
            f"родам с {p0} по {p1} на основании листа о временной нетрудоспособности "
            f"№ {order.cited_number}.",
            DocType.CHILDCARE_LEAVE_ORDER: "Прошу предоставить мне отпуск без сохранения "
            "заработной платы по уходу за ребенком до достижения им возраста трех лет с "
            f"{p0}.",
            DocType.DISMISSAL_ORDER: "Прошу расторгнуть со мной трудовой договор по соглашению "
            f"сторон {bd(order, order.event_date)}.",
        }
    else:
        header = [
            f"{order.company.name} басшысына",
            order.head.name,
            f"қызметкер {order.subject.nom}",
        ]
        title = "ӨТІНІШ"
        request = {
            DocType.MATERNITY_LEAVE_ORDER: f"Маған {p0} бастап {p1} дейін жүктілігіне және "
            "босануына байланысты демалыс беруіңізді сұраймын.",
            DocType.CHILDCARE_LEAVE_ORDER: f"Маған {p0} бастап бала үш жасқа толғанға дейін "
            "бала күтіміне байланысты демалыс беруіңізді сұраймын.",
            DocType.DISMISSAL_ORDER: "Менімен жасалған еңбек шартын "
            f"{bd(order, order.event_date)} бастап тараптардың келісімі бойынша бұзуыңызды "
            "сұраймын.",
        }
    _title(order)  # refuses kinds without an application text
    blocks: list[Block] = [
        *(_right(line) for line in header),
        Para(title, align="center", bold=True, size=13, indent=False, space_before=40),
        Para(request[kind], space_before=14),  # type: ignore[index]
        Gap(24),
        Sign(_sent(order, written), order.subject.short, signed=order.signature),
    ]
    return DocumentText(tuple(blocks))


def acknowledgement_sheet(order: DocumentSpec, signed: date) -> DocumentText:
    """The sheet on which the subject signs that they have read the order."""
    pos = order.position.nom if order.position else ""
    if order.language == "ru":
        title = "ЛИСТ ОЗНАКОМЛЕНИЯ"
        line = f"с приказом № {order.number} от {hd(order)} «{_title(order)}»"
        header = ("№", "Ф.И.О. работника", "Должность", "Дата", "Подпись")
    else:
        title = "ТАНЫСТЫРУ ПАРАҒЫ"
        line = f"{hd(order)} № {order.number} «{_title(order)}» бұйрығымен"
        header = ("№", "Қызметкердің аты-жөні", "Лауазымы", "Күні", "Қолы")
    blocks: list[Block] = [
        Para(title, align="center", bold=True, size=13, indent=False, space_before=30),
        Para(line, align="center", indent=False, space_before=4),
        Table(
            header,
            (("1", order.subject.nom, pos, _sent(order, signed), ""),),
            (0.07, 0.38, 0.25, 0.16, 0.14),
        ),
    ]
    return DocumentText(tuple(blocks))
