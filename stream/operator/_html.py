"""The console's pages, rendered on the server: no script, no external asset.

Every value goes through ``_e`` (HTML-escaped); personal data is masked
before it gets here (``_masking``). The one stylesheet is inline and allowed
by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from sinks import FINAL_STATUSES, OPEN_STATUSES
from sinks.ledger import LedgerEntry

from ._masking import mask_full_name, mask_iin, mask_name

CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "DejaVu Sans",system-ui,sans-serif;color:#1d2330;background:#f4f6f9}
header{display:flex;gap:16px;align-items:center;padding:10px 24px;background:#1f3a5f;color:#fff}
header a.brand{color:#fff;font-weight:bold;text-decoration:none;margin-right:auto}
header form{display:flex;gap:6px;margin:0}
input,button,select{font:inherit;padding:5px 9px;border:1px solid #9aa7b8;border-radius:4px}
button{background:#2d6cdf;color:#fff;border-color:#2d6cdf;cursor:pointer}
header button.quiet{background:transparent;border-color:#8fa6c6}
main{max-width:1180px;margin:0 auto;padding:18px 24px}
h1{font-size:20px;margin:6px 0 14px}
h2{font-size:16px;margin:22px 0 8px}
table{width:100%;border-collapse:collapse;background:#fff;box-shadow:0 1px 2px #0002}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e3e7ee;vertical-align:top}
th{background:#eef1f6;font-weight:600;font-size:13px}
td.num{font-variant-numeric:tabular-nums}
a{color:#1f5fbf}
.filters{display:flex;gap:6px;margin:0 0 12px;flex-wrap:wrap}
.filters a{padding:3px 10px;border-radius:12px;background:#e3e8f0;text-decoration:none;
color:#1d2330}
.filters a.on{background:#1f3a5f;color:#fff}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#e3e8f0}
.s-completed{background:#dcefe0}.s-failed{background:#f8d9d6}.s-rejected{background:#f6e6c8}
.v-true{color:#16713a;font-weight:600}.v-false{color:#b3261e;font-weight:600}
code{font:12px "DejaVu Sans Mono",monospace;background:#eef1f6;padding:1px 5px;border-radius:3px}
dl{display:grid;grid-template-columns:180px 1fr;gap:6px 14px;background:#fff;padding:14px;margin:0;
box-shadow:0 1px 2px #0002}
dt{color:#5a6577}dd{margin:0}
.notice{padding:10px 14px;background:#fff4d6;border:1px solid #e8cf86;border-radius:4px;
margin:0 0 14px}
.empty{color:#5a6577;padding:16px;background:#fff}
.login{max-width:380px;margin:60px auto;background:#fff;padding:24px;box-shadow:0 1px 3px #0003}
.login input{width:100%;margin:8px 0 14px}
"""
CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()}'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
STATUSES = (*OPEN_STATUSES, *FINAL_STATUSES)
_DASH = "—"


def _e(value: object) -> str:
    return escape(_DASH if value is None else str(value), quote=True)


def _when(value: datetime | None) -> str:
    return _DASH if value is None else value.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def _status(status: str) -> str:
    return f'<span class="badge s-{_e(status)}">{_e(status)}</span>'


def _verdict(verdict: bool | None) -> str:
    if verdict is None:
        return _DASH
    word = "accepted" if verdict else "declined"
    return f'<span class="v-{str(verdict).lower()}">{word}</span>'


def _yes_no(value: object) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _codes(errors: Iterable[dict[str, Any]]) -> str:
    codes = [f"<code>{_e(e.get('code'))}</code>" for e in errors]
    return " ".join(codes) or _DASH


def _applicant(entry: LedgerEntry) -> str:
    event = entry.event or {}
    if not event:
        return _DASH
    return _e(mask_name(event.get("last_name"), event.get("first_name"), event.get("second_name")))


def page(title: str, body: str, *, signed_in: bool = False, search: str = "") -> str:
    logout = (
        '<form method="post" action="/logout"><button class="quiet">Sign out</button></form>'
        if signed_in
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} · IDP operator</title><style>{CSS}</style></head>
<body><header><a class="brand" href="/">Loan-deferment documents · operator</a>
<form method="get" action="/" role="search"><input name="request_id" value="{_e(search)}"
 placeholder="Request id" inputmode="numeric" aria-label="Request id">
<button type="submit">Find</button></form>{logout}</header>
<main>{body}</main></body></html>"""


def index(entries: Sequence[LedgerEntry], *, status: str | None, notice: str | None = None) -> str:
    filters = ['<a href="/"' + (' class="on"' if status is None else "") + ">all</a>"]
    for name in STATUSES:
        on = ' class="on"' if name == status else ""
        filters.append(f'<a href="/?status={quote(name)}"{on}>{_e(name)}</a>')
    parts = ["<h1>Recent requests</h1>"]
    if notice:
        parts.append(f'<p class="notice" role="alert">{_e(notice)}</p>')
    parts.append(f'<nav class="filters" aria-label="Status">{"".join(filters)}</nav>')
    if not entries:
        parts.append('<p class="empty">No requests yet.</p>')
        return "".join(parts)
    rows = []
    for entry in entries:
        rows.append(
            "<tr>"
            f'<td class="num"><a href="/requests/{entry.request_id}">{entry.request_id}</a></td>'
            f"<td>{_e(_when(entry.received_at))}</td>"
            f"<td>{_applicant(entry)}</td>"
            f"<td>{_status(entry.status)}</td>"
            f"<td>{_verdict(entry.verdict)}</td>"
            f"<td>{_codes(entry.errors)}</td>"
            f'<td class="num">{entry.attempts}</td>'
            "</tr>"
        )
    parts.append(
        '<table id="requests"><thead><tr><th>Request</th><th>Received</th><th>Applicant</th>'
        "<th>Status</th><th>Verdict</th><th>Error codes</th><th>Attempts</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return "".join(parts)


def detail(entry: LedgerEntry) -> str:
    event = entry.event or {}
    result = entry.result or {}
    summary = _pairs(
        ("Status", _status(entry.status)),
        ("Verdict", _verdict(entry.verdict)),
        ("Run", f"<code>{_e(entry.run_id)}</code>"),
        ("Received", _e(_when(entry.received_at))),
        ("Updated", _e(_when(entry.updated_at))),
        ("Completed", _e(_when(entry.completed_at))),
        ("Attempts", _e(entry.attempts)),
        ("Repeated events", _e(entry.duplicates)),
        ("Resumed", _e(entry.resumed)),
    )
    applicant = _pairs(
        ("Name", _applicant(entry)),
        ("IIN", _e(mask_iin(event.get("iin")))),
        ("Reason", _e(event.get("reason"))),
    )
    parts = [f"<h1>Request {entry.request_id}</h1>", summary]
    parts += ["<h2>Applicant</h2>", applicant if event else '<p class="empty">Not recorded.</p>']
    parts.append("<h2>Errors</h2>")
    if entry.errors:
        rows = "".join(
            f"<tr><td><code>{_e(e.get('code'))}</code></td><td>{_e(e.get('message'))}</td></tr>"
            for e in entry.errors
        )
        parts.append(
            '<table id="errors"><thead><tr><th>Code</th><th>Message</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        parts.append('<p class="empty">None.</p>')
    document = entry.document or result.get("document")
    if document:
        parts += [
            "<h2>Document</h2>",
            _pairs(
                ("Type", _e(document.get("doc_type"))),
                ("Issued", _e(document.get("doc_date"))),
                ("Person", _e(mask_full_name(document.get("person")))),
                ("IIN", _e(mask_iin(document.get("iin")))),
                ("Stamp", _e(_yes_no(document.get("has_stamp")))),
                ("Pages", _e(document.get("pages"))),
                ("Language", _e(document.get("language"))),
            ),
        ]
    disagreements = result.get("disagreements") or []
    if disagreements:
        used = ", ".join(f"{d.get('field')} → {d.get('used')}" for d in disagreements)
        parts += ["<h2>Rules and LLM disagreed on</h2>", f"<p>{_e(used)}</p>"]
    if entry.timings_ms:
        parts += [
            "<h2>Timings, ms</h2>",
            _pairs(*((_e(k), _e(v)) for k, v in sorted(entry.timings_ms.items()))),
        ]
    return "".join(parts)


def login(*, failed: bool) -> str:
    error = '<p class="notice" role="alert">That token is not valid.</p>' if failed else ""
    return f"""<form class="login" method="post" action="/login">
<h1>Sign in</h1>{error}
<label for="token">Operator token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button></form>"""


def message(title: str, text: str) -> str:
    return f"<h1>{_e(title)}</h1><p>{_e(text)}</p>"


def _pairs(*pairs: tuple[str, str]) -> str:
    """A definition list; the values are HTML already escaped by the caller."""
    return "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in pairs) + "</dl>"
