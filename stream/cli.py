"""``idp``: the worker, the embedded local stack, hand submissions, the demo and the evaluation."""

from __future__ import annotations

import argparse
import asyncio
import json
import mimetypes
import sys
from contextlib import AsyncExitStack
from datetime import date, datetime
from pathlib import Path

from .connections import (
    kafka_options,
    make_producer,
    open_document_store,
    watch_results,
    with_local_stack,
)
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return int(args.run(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="idp", description=__doc__)
    commands = parser.add_subparsers(dest="command")

    worker = commands.add_parser(
        "worker", help="run the Faust worker (CONTRACT section 8 settings)"
    )
    worker.set_defaults(run=_worker)

    stack = commands.add_parser("stack", help="the embedded local stack on loopback")
    stack.add_argument("action", choices=["up", "down", "env", "status"])
    stack.add_argument("--dir", type=Path, default=None, help="state folder (default .idp/stack)")
    stack.set_defaults(run=_stack)

    submit = commands.add_parser("submit", help="upload a document and produce its event")
    submit.add_argument("file", type=Path)
    submit.add_argument("--iin", required=True)
    submit.add_argument("--last-name", required=True)
    submit.add_argument("--first-name", required=True)
    submit.add_argument("--second-name")
    submit.add_argument("--reason")
    submit.add_argument("--request-id", type=int)
    submit.add_argument("--created-at", type=datetime.fromisoformat)
    submit.add_argument("--wait", action="store_true", help="print the result when it comes")
    submit.add_argument("--timeout", type=float, default=180.0)
    submit.set_defaults(run=_submit)

    dlq = commands.add_parser(
        "dlq",
        help="list or replay dead letters; a replayed MAX_ATTEMPTS letter reopens its "
        "failed request with a new run_id",
    )
    dlq.add_argument("action", choices=["list", "replay"])
    dlq.add_argument("--reason", help="only this dlq.reason, e.g. MAX_ATTEMPTS")
    dlq.add_argument(
        "--since", type=datetime.fromisoformat, help="only those failed since (ISO-8601)"
    )
    dlq.set_defaults(run=_dlq)

    demo = commands.add_parser("demo", help="stack up, worker, sample documents, verdicts, stop")
    demo.add_argument("--timeout", type=float, default=420.0)
    demo.add_argument("--keep-stack", action="store_true", help="leave the stack running")
    demo.set_defaults(run=_demo)

    evaluation = commands.add_parser(
        "eval", help="run the labelled corpus through the pipeline and score the verdicts"
    )
    evaluation.add_argument("--out", type=Path, help="write the JSON report here")
    evaluation.add_argument("--subset", choices=["fast", "full"], default="full")
    evaluation.add_argument(
        "--corpus",
        choices=["main", "holdout"],
        default="main",
        help="the main labelled corpus, or the holdout set worded apart from it",
    )
    evaluation.add_argument("--workers", type=int, help="pool processes (default: OCR_WORKERS)")
    evaluation.add_argument(
        "--min-accuracy", type=float, help="exit 1 below this verdict accuracy (default 0.98)"
    )
    evaluation.add_argument(
        "--today", type=date.fromisoformat, help="the date the corpus counts from (default: today)"
    )
    evaluation.add_argument(
        "--case", action="append", help="only cases whose name contains this (repeatable)"
    )
    evaluation.add_argument(
        "--write-files", type=Path, metavar="DIR", help="also write the cases' files to DIR"
    )
    evaluation.set_defaults(run=_eval)

    from .bench.command import add_parser as add_bench

    add_bench(commands)
    return parser


def _settings() -> Settings:
    return Settings()  # type: ignore[call-arg]


def _worker(args: argparse.Namespace) -> int:
    from .logs import configure_logging
    from .worker import run_worker

    settings = _settings()
    configure_logging(settings.log_level)
    run_worker(with_local_stack(settings))
    return 0


def _stack(args: argparse.Namespace) -> int:
    from .localstack import LocalStack

    settings = _settings()
    stack = LocalStack(args.dir or settings.stack_dir, bucket=settings.s3_bucket)
    if args.action == "up":
        endpoints = stack.up()
        print(f"local stack up in {stack.state_dir}", file=sys.stderr)
        _print_env(endpoints.as_env())
    elif args.action == "down":
        stack.down()
        print("local stack down", file=sys.stderr)
    elif args.action == "env":
        current = stack.endpoints()
        if current is None:
            print("the local stack is not running: idp stack up", file=sys.stderr)
            return 1
        _print_env(current.as_env())
    else:
        current = stack.endpoints()
        print(json.dumps(None if current is None else current.as_env(), indent=2))
        return 0 if current else 1
    return 0


def _print_env(env: dict[str, str]) -> None:
    for name, value in env.items():
        print(f"export {name}='{value}'")


def _submit(args: argparse.Namespace) -> int:
    return asyncio.run(_submit_async(args))


async def _submit_async(args: argparse.Namespace) -> int:
    from schemas import Reason
    from sinks import ensure_topics

    from .submit import ApplicantFields, Upload, submit_document

    settings = with_local_stack(_settings())
    assert settings.kafka_bootstrap_servers
    upload = Upload(
        filename=args.file.name,
        content=args.file.read_bytes(),
        content_type=mimetypes.guess_type(args.file.name)[0] or "application/octet-stream",
        applicant=ApplicantFields(
            iin=args.iin,
            last_name=args.last_name,
            first_name=args.first_name,
            second_name=args.second_name,
            reason=Reason(args.reason) if args.reason else None,
        ),
        request_id=args.request_id,
    )
    async with AsyncExitStack() as stack:
        if settings.create_topics:
            await ensure_topics(
                settings.kafka_bootstrap_servers,
                [settings.input_topic, settings.result_topic],
                partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication_factor,
                **kafka_options(settings),
            )
        store = await stack.enter_async_context(open_document_store(settings))
        producer = make_producer(settings, client_id="idp-submit")
        await producer.start()
        stack.push_async_callback(producer.stop)
        watcher = None
        if args.wait:
            watcher = await stack.enter_async_context(watch_results(settings))
        event = await submit_document(
            upload,
            store=store,
            sink=producer,
            topic=settings.input_topic,
            bucket=settings.s3_bucket,
            created_at=args.created_at,
        )
        print(
            json.dumps(
                {"request_id": event.request_id, "s3_path": event.s3_path}, ensure_ascii=False
            )
        )
        if watcher is not None:
            found = await watcher.wait_for([event.request_id], timeout=args.timeout)
            if event.request_id not in found:
                print(f"no result within {args.timeout:.0f} s", file=sys.stderr)
                return 1
            print(found[event.request_id].model_dump_json(indent=2))
    return 0


def _dlq(args: argparse.Namespace) -> int:
    return asyncio.run(_dlq_async(args))


async def _dlq_async(args: argparse.Namespace) -> int:
    from .deadletters import read_dead_letters, replay, select

    settings = with_local_stack(_settings())
    assert settings.kafka_bootstrap_servers
    records = select(
        await read_dead_letters(
            settings.kafka_bootstrap_servers, settings.dlq_topic, **kafka_options(settings)
        ),
        reason=args.reason,
        since=args.since,
    )
    if args.action == "list":
        for record in records:
            print(
                json.dumps(
                    {
                        "partition": record.partition,
                        "offset": record.offset,
                        "key": (record.key or b"").decode("utf-8", errors="replace"),
                        "reason": record.reason,
                        "error": record.header("dlq.error"),
                        "failed_at": record.header("dlq.failed_at"),
                        "attempts": record.header("dlq.attempts"),
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    producer = make_producer(settings, client_id="idp-dlq-replay")
    await producer.start()
    try:
        count = await replay(
            records, sink=producer, input_topic=settings.input_topic, dlq_topic=settings.dlq_topic
        )
    finally:
        await producer.stop()
    reopening = sum(record.reopens for record in records)
    print(
        f"replayed {count} dead letters to {settings.input_topic}"
        f" ({reopening} reopen failed requests with a new run)",
        file=sys.stderr,
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import run_eval
    from .logs import configure_logging

    settings = _settings()
    configure_logging("warning")  # the stages log every request; the report is the output
    return run_eval(args, settings)


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(_settings(), timeout=args.timeout, keep_stack=args.keep_stack)


if __name__ == "__main__":
    sys.exit(main())
