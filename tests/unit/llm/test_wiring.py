"""Settings, the runtime's choice of checker, and disagreements reaching the result."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from pydantic import ValidationError

from processors.checks import CheckReport, CheckRequest, RulesChecker
from processors.llm import LlmChecker
from schemas import DocumentFacts, LoanDelayEvent, ReadDocument, VerificationResult
from schemas.result import Disagreement
from schemas.stage import CheckTask
from stream.checking import CheckingStage
from stream.runtime import make_checker
from stream.settings import Settings

NOW = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
DISAGREEMENT = Disagreement(field="person", rules=None, llm="Ивзиовой Марии", used="llm")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENVIRONMENT", "LLM_PROVIDER", "LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_rules_is_the_default_and_needs_no_model() -> None:
    settings = Settings()
    assert settings.llm_provider == "rules" and settings.llm_model is None


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"LLM_MODEL": "qwen2.5-14b"}, "LLM_BASE_URL and LLM_MODEL"),
        ({"LLM_BASE_URL": "http://vllm:8000/v1"}, "LLM_BASE_URL and LLM_MODEL"),
        ({"LLM_BASE_URL": "vllm:8000/v1", "LLM_MODEL": "m"}, "http"),
        (
            {"LLM_BASE_URL": "https://gw/v1", "LLM_MODEL": "m", "LLM_CA_BUNDLE": "/no/ca.pem"},
            "LLM_CA_BUNDLE",
        ),
        (
            {
                "LLM_BASE_URL": "https://gw/v1",
                "LLM_MODEL": "m",
                "LLM_API_KEY": "changeme",
                "ENVIRONMENT": "production",
            },
            "LLM_API_KEY",
        ),
    ],
)
def test_openai_settings_are_checked(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], problem: str
) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=problem):
        Settings()


def test_openai_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("LLM_MODEL", "qwen2.5:14b")
    monkeypatch.setenv("LLM_API_KEY", "sk-real-looking")
    monkeypatch.setenv("LLM_EXTRA_HEADERS", '{"X-Tenant": "loans"}')
    settings = Settings()
    assert settings.llm_api_key is not None
    assert settings.llm_api_key.get_secret_value() == "sk-real-looking"
    logged = settings.as_dict()
    assert logged["llm_api_key"] == "**********"
    assert logged["llm_extra_headers"] == {"X-Tenant": "**********"}


async def test_runtime_builds_the_rules_checker_by_default() -> None:
    async with AsyncExitStack() as stack:
        assert isinstance(make_checker(Settings(), None, stack), RulesChecker)


async def test_runtime_builds_the_llm_checker_and_closes_its_client(tmp_path: Path) -> None:
    settings = Settings(llm_provider="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    stack = AsyncExitStack()
    checker = make_checker(settings, None, stack)
    assert isinstance(checker, LlmChecker)
    http = checker._client._http  # type: ignore[attr-defined]
    assert not http.is_closed
    await stack.aclose()
    assert http.is_closed


class _Recorder:
    def __init__(self) -> None:
        self.results: list[VerificationResult] = []

    async def finish(self, result: VerificationResult, **_: object) -> bool:
        self.results.append(result)
        return True


class _Disagreeing:
    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport:
        return CheckReport(facts=DocumentFacts(pages=1), disagreements=[DISAGREEMENT])


async def test_disagreements_reach_the_published_result() -> None:
    event = LoanDelayEvent.model_validate(
        {"request_id": 7, "s3_path": "s3://loan-docs/a.pdf", "iin": "930701400219",
         "first_name": "Мария", "last_name": "Иванова"}
    )  # fmt: skip
    task = CheckTask(
        run_id=uuid4(),
        event=event,
        reference_time=NOW,
        received_at=NOW,
        document=ReadDocument(
            media_type="application/pdf", sha256="0" * 64, page_count=1, pages=[]
        ),
    )
    recorder = _Recorder()
    stage = CheckingStage(
        checker=_Disagreeing(),
        finisher=recorder,  # type: ignore[arg-type]
        attempts=None,  # type: ignore[arg-type]  # never reached: the check succeeds
        max_age_days=180,
        tries=1,
        clock=lambda: NOW,
    )
    await stage.handle(task)
    [result] = recorder.results
    assert result.verdict is True
    again = VerificationResult.model_validate_json(result.to_bytes())
    assert again.disagreements == [DISAGREEMENT]
