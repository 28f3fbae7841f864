"""Fixtures for the sample generator: the demo set, rendered once per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from stream.samples import DocumentSpec, SampleCase, build_samples, cast, spec_for
from stream.samples.render_image import Rendering
from stream.samples.spec import DocKind, Language

TODAY = date(2026, 11, 20)


def no_render(spec: DocumentSpec, how: Rendering) -> tuple[bytes, str]:
    """A renderer for tests that only read labels: no pixels, no fonts."""
    return b"", "application/octet-stream"


@pytest.fixture(scope="session")
def today() -> date:
    """The date the demo set is built for."""
    return TODAY


@pytest.fixture(name="no_render", scope="session")
def no_render_fixture() -> Callable[[DocumentSpec, Rendering], tuple[bytes, str]]:
    return no_render


@pytest.fixture(scope="session")
def demo_cases() -> list[SampleCase]:
    """The real demo set (about ten seconds to render)."""
    return build_samples(TODAY)


@pytest.fixture(scope="session")
def label_cases() -> list[SampleCase]:
    """The demo set's labels without rendering the files."""
    return build_samples(TODAY, renderer=no_render)


@pytest.fixture(scope="session")
def case_named(demo_cases: list[SampleCase]) -> Callable[[str], SampleCase]:
    by_name = {case.name: case for case in demo_cases}
    return by_name.__getitem__


@pytest.fixture
def make_spec() -> Callable[..., DocumentSpec]:
    """Build a spec about Иванова from ТОО «Алтын Дала»; keywords override the defaults."""

    def create(kind: DocKind, language: Language = "ru", **details: Any) -> DocumentSpec:
        defaults: dict[str, Any] = {
            "number": "1",
            "position": cast.ACCOUNTANT_POS,
            "period": (date(2026, 11, 1), date(2027, 3, 5)),
            "event_date": date(2026, 10, 30),
            "cited_number": "77",
            "cited_date": date(2026, 10, 28),
            "seed": 5,
        }
        return spec_for(
            kind, cast.IVANOVA, language, date(2026, 11, 10), cast.ALTYN_ISSUER,
            **{**defaults, **details},
        )  # fmt: skip

    return create
