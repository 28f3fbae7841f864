"""The console's pages over fakes: listing, search, detail, masking, escaping, sign-in."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from schemas import ErrorCode, ErrorItem, LoanDelayEvent
from sinks import Arrival, StoreUnavailable
from stream.operator import mask_full_name, mask_iin, mask_name

from .conftest import NAME_MISMATCH, TOKEN, Fakes


def test_masks() -> None:
    assert mask_iin("960125445005") == "960125******"
    assert mask_iin("96012544500") == "************"
    assert mask_iin(None) == "—"
    assert mask_name("Жармаганбет", "Айгерим", "Сериккызы") == "Жармаганбет А. С."
    assert mask_name("Жармаганбет", "Айгерим", None) == "Жармаганбет А."
    assert mask_full_name("Жармаганбет Айгерим Сериккызы") == "Жармаганбет А. С."
    assert mask_full_name("  ") == "—"


async def test_recent_requests_newest_first_with_masked_applicants(
    operator_client, fakes: Fakes
) -> None:
    await fakes.decided(1001)
    await fakes.decided(1002, errors=[NAME_MISMATCH])
    client = await operator_client()
    response = await client.get("/")
    assert response.status == 200 and response.content_type == "text/html"
    html = await response.text()
    assert html.index("/requests/1002") < html.index("/requests/1001")
    assert "Жармаганбет А. С." in html
    assert "<code>NAME_MISMATCH</code>" in html and "declined" in html and "accepted" in html
    # Neither the full IIN nor a full first name reaches the page.
    assert "960125445005" not in html and "Айгерим" not in html and "Сериккызы" not in html


async def test_status_filter(operator_client, fakes: Fakes) -> None:
    await fakes.decided(1001)
    event = LoanDelayEvent(
        request_id=2002, s3_path="a.pdf", iin="960125445005", first_name="А", last_name="Б"
    )
    await fakes.ledger.admit(
        [Arrival(event, run_id=uuid4(), reference_time=fakes.clock(), source=None)]
    )
    client = await operator_client()
    html = await (await client.get("/?status=received")).text()
    assert "/requests/2002" in html and "/requests/1001" not in html
    everything = await (await client.get("/?status=bogus")).text()
    assert "/requests/2002" in everything and "/requests/1001" in everything


async def test_search_by_request_id_goes_to_its_page(operator_client, fakes: Fakes) -> None:
    await fakes.decided(1001)
    client = await operator_client()
    response = await client.get("/?request_id=1001", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/requests/1001"
    notice = await (await client.get("/?request_id=12ab")).text()
    assert "A request id is a positive whole number." in notice


async def test_detail_page_masks_personal_data_and_shows_the_outcome(
    operator_client, fakes: Fakes
) -> None:
    await fakes.decided(1001, errors=[NAME_MISMATCH])
    fakes.ledger.entries[1001].document = {
        "doc_type": "maternity_leave_order",
        "doc_date": "2026-11-02",
        "person": "Байжанова Жанар Ерлановна",
        "iin": "880412450123",
        "has_stamp": True,
        "pages": 2,
        "language": "ru",
    }
    client = await operator_client()
    response = await client.get("/requests/1001")
    assert response.status == 200
    html = await response.text()
    assert "Request 1001" in html and "NAME_MISMATCH" in html
    assert "the applicant is not the person the document is about" in html
    assert "maternity_leave_order" in html and "Байжанова Ж. Е." in html
    assert "960125******" in html and "880412******" in html
    for secret in ("960125445005", "880412450123", "Айгерим", "Жанар", "Ерлановна"):
        assert secret not in html, secret


async def test_unknown_request_page_is_404(operator_client) -> None:
    client = await operator_client()
    response = await client.get("/requests/424242")
    assert response.status == 404 and "No request 424242" in await response.text()


async def test_everything_shown_is_escaped(operator_client, fakes: Fakes) -> None:
    attack = "<script>alert(1)</script>"
    item = ErrorItem(code=ErrorCode.DATE_STALE, message=f"issued {attack} days ago")
    await fakes.decided(1001, errors=[item], last_name=f'"><img src=x onerror=alert(1)>{attack}')
    client = await operator_client()
    for path in ("/", "/requests/1001", f"/requests/{attack}", f"/?request_id={attack}"):
        html = await (await client.get(path)).text()
        assert "<script>alert" not in html and "<img src=x" not in html, path
    html = await (await client.get("/requests/1001")).text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_pages_forbid_scripts_framing_and_caching(operator_client) -> None:
    client = await operator_client()
    response = await client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["Cache-Control"] == "no-store"


async def test_ledger_down_is_a_503_page(operator_client, fakes: Fakes) -> None:
    async def down(**_: object) -> list[object]:
        raise StoreUnavailable("PostgreSQL: connection refused")

    fakes.ledger.recent = down  # type: ignore[method-assign]
    client = await operator_client()
    response = await client.get("/")
    assert response.status == 503 and "The ledger cannot be read." in await response.text()


async def test_console_asks_for_the_token_then_keeps_a_session(
    operator_client, fakes: Fakes
) -> None:
    await fakes.decided(1001)
    client = await operator_client(token=TOKEN)
    for path in ("/", "/requests/1001"):
        response = await client.get(path)
        assert response.status == 401
        html = await response.text()
        assert 'action="/login"' in html and "/requests/1001" not in html.split("<main>")[1]

    wrong = await client.post("/login", data={"token": "nope"}, allow_redirects=False)
    assert wrong.status == 401 and "That token is not valid." in await wrong.text()

    signed_in = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert signed_in.status == 303 and signed_in.headers["Location"] == "/"
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert TOKEN not in cookie  # a signed expiry, never the token itself
    page = await client.get("/")
    assert page.status == 200 and "/requests/1001" in await page.text()
    # The API still wants the Bearer header; the console cookie does not open it.
    assert (await client.get("/v1/requests/1001")).status == 401

    out = await client.post("/logout", allow_redirects=False)
    assert out.status == 303
    assert (await client.get("/")).status == 401


async def test_a_session_expires(operator_client, fakes: Fakes) -> None:
    client = await operator_client(token=TOKEN)
    await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert (await client.get("/")).status == 200
    fakes.clock.now += timedelta(hours=8, seconds=1)
    assert (await client.get("/")).status == 401


async def test_a_forged_session_is_refused(operator_client) -> None:
    client = await operator_client(token=TOKEN)
    forged = {"idp_operator": "9999999999.0123456789abcdef"}
    assert (await client.get("/", cookies=forged)).status == 401


async def test_console_accepts_a_bearer_header(operator_client) -> None:
    client = await operator_client(token=TOKEN)
    response = await client.get("/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200


async def test_without_a_token_the_login_page_goes_home(operator_client) -> None:
    client = await operator_client()
    response = await client.get("/login", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"


async def test_wrong_tokens_from_one_address_are_refused_for_a_while(
    operator_client, fakes: Fakes
) -> None:
    client = await operator_client(token=TOKEN, token_failures=3, token_window_s=300)
    for _ in range(3):
        wrong = await client.post("/login", data={"token": "guess"}, allow_redirects=False)
        assert wrong.status == 401
    # Even the right token is not checked until the window has passed.
    refused = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert refused.status == 429 and refused.headers["Retry-After"] == "300"
    assert "Too many wrong tokens" in await refused.text()
    # The same allowance covers a Bearer header, on the console and on the API.
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert (await client.get("/", headers=bearer)).status == 429
    api = await client.get("/v1/requests/1001", headers=bearer)
    assert api.status == 429 and (await api.json()) == {"error": "TOO_MANY_FAILURES"}
    # Operators can alert on both.
    assert fakes.metrics.value("idp_operator_token_refusals_total", outcome="wrong") == 3
    assert fakes.metrics.value("idp_operator_token_refusals_total", outcome="throttled") == 3
    fakes.clock.now += timedelta(seconds=301)
    signed_in = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert signed_in.status == 303


async def test_a_request_without_a_token_is_not_a_failure(operator_client) -> None:
    client = await operator_client(token=TOKEN, token_failures=1)
    for _ in range(3):
        assert (await client.get("/v1/requests/1001")).status == 401
        assert (await client.get("/")).status == 401
    response = await client.get("/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200
