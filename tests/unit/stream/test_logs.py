"""The worker's logging, in a child process as the worker sets it up: every line on
stderr one JSON object, a request's lines carrying its ids, personal data masked.

Child processes keep the test process's own logging and tracer provider intact
(both are process-wide, and OpenTelemetry takes only one provider).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from stream.localstack import free_port

from .conftest import EVENT

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SECRETS = ("960125445005", "Айгерим", "Сериккызы")

REQUEST_SCRIPT = f"""
import json, logging, warnings
import structlog
from schemas import LoanDelayEvent
from stream import tracing
from stream.logs import configure_logging
from stream.records import InputRecord
from stream.settings import Settings

tracing.configure_tracing(Settings())
configure_logging("info")
log = structlog.get_logger("stream.intake")
event = LoanDelayEvent.model_validate(json.loads({json.dumps(json.dumps(EVENT))}))
record = InputRecord(
    topic="dl-loan-delay", partition=0, offset=5, key=b"1234567", value=b"{{}}",
    headers=[("traceparent", b"{TRACEPARENT}")],
)
log.info("before")
log.debug("below the level")
logging.getLogger("faust").debug("below the level too")
with tracing.unit_of_work("intake", record):
    tracing.bind_request(event.request_id, "5b0d0f7e-3f7c-4a55-9c39-0d1b1d1f0a11", event)
    log.info("intake.accepted", applicant=event.model_dump(mode="json"))
    logging.getLogger("aiokafka.consumer").warning("fetch for iin %s", event.iin)
    try:
        raise ValueError(f"bad input_value={{event.first_name!r}} iin={{event.iin}}")
    except ValueError:
        log.exception("stage.crashed")
    warnings.warn(f"about {{event.second_name}}", stacklevel=1)
log.info("after")
"""

WORKER_SCRIPT = """
import sys
import structlog
from stream.app import create_app
from stream.logs import configure_logging
from stream.runtime import Runtime
from stream.settings import Settings
from stream.worker import PipelineWorker

log = structlog.get_logger("stream.runtime")


class NoServers(Runtime):
    async def start(self):
        log.info("runtime.ready", applicant={"iin": "960125445005", "first_name": "Айгерим"})

    async def close(self):
        log.info("runtime.closed")


broker, web, folder = sys.argv[1:]
settings = Settings(kafka_bootstrap_servers=broker, http_port=int(web), temp_dir=folder)
configure_logging("info")
runtime = NoServers(settings)
PipelineWorker(create_app(settings, runtime), runtime, loglevel="info").execute_from_commandline()
"""


def run(script: str, *args: str) -> tuple[int, str, list[dict[str, Any]]]:
    """Run ``script``; its exit code, stdout, and stderr parsed line by line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            raise AssertionError(f"not a JSON line on stderr: {line!r}\n{done.stderr}") from None
    for secret in SECRETS:
        assert secret not in done.stderr, f"{secret} in the log"
    return done.returncode, done.stdout, parsed


def test_a_requests_lines_carry_its_ids_and_no_personal_data() -> None:
    code, stdout, lines = run(REQUEST_SCRIPT)
    assert code == 0 and stdout == ""
    before, accepted, foreign, crashed, warning, after = lines
    for line in (before, after):
        assert {"request_id", "run_id", "trace_id"}.isdisjoint(line)
    for line in (accepted, foreign, crashed, warning):
        assert line["request_id"] == 1234567
        assert line["run_id"] == "5b0d0f7e-3f7c-4a55-9c39-0d1b1d1f0a11"
        assert line["trace_id"] == TRACE_ID
        assert len(line["span_id"]) == 16
    assert accepted["applicant"]["iin"] == "960125******"
    assert accepted["applicant"]["first_name"] == "А."
    assert accepted["applicant"]["last_name"] == "Жармаганбет"
    assert (foreign["logger"], foreign["event"]) == (
        "aiokafka.consumer",
        "fetch for iin 960125******",
    )
    assert crashed["level"] == "error"
    assert "ValueError: bad input_value='А.' iin=960125******" in crashed["exception"]
    assert warning["logger"] == "py.warnings" and "about С." in warning["event"]


def test_the_faust_worker_keeps_the_json_lines(tmp_path: Path) -> None:
    # Nothing listens on the broker port: the worker starts, fails and stops, all logged.
    code, stdout, lines = run(
        WORKER_SCRIPT, f"127.0.0.1:{free_port()}", str(free_port()), str(tmp_path)
    )
    assert code != 0 and stdout == ""
    events = [line["event"] for line in lines]
    assert "[^PipelineWorker]: Starting..." in events
    assert any(event.startswith("[^PipelineWorker]: Error") for event in events)
    assert events[-1] == "[^PipelineWorker]: Closing event loop"
    [ready] = [line for line in lines if line["event"] == "runtime.ready"]
    assert ready["applicant"] == {"iin": "960125******", "first_name": "А."}
    assert {line["logger"].split(".")[0] for line in lines} >= {"faust", "aiokafka", "stream"}
