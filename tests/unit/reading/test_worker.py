"""Running in a process pool: the initializer, pickling, tessdata discovery."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from processors.reading import init_worker, read_document, tessdata_dir
from processors.reading.tessdata import TessdataMissing


def test_init_worker_limits_openmp_and_warms_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    init_worker()
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_read_document_runs_in_a_spawned_pool(order_pdf: Path) -> None:
    assert pickle.loads(pickle.dumps(read_document)) is read_document
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=init_worker) as pool:
        limit = pool.submit(os.getenv, "OMP_THREAD_LIMIT").result(timeout=60)
        first = pool.submit(read_document, str(order_pdf), max_pages=5).result(timeout=60)
        again = pool.submit(read_document, str(order_pdf), max_pages=5).result(timeout=60)
    assert limit == "1"
    assert first == again
    assert first.pages[0].source == "text_layer"


def test_tessdata_prefix_wins_when_it_holds_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = Path(tessdata_dir())
    for lang in ("rus", "kaz", "eng", "osd"):
        (tmp_path / f"{lang}.traineddata").symlink_to(system / f"{lang}.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert tessdata_dir() == str(tmp_path)


def test_missing_languages_name_the_packages_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "eng.traineddata").touch()
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr("processors.reading.tessdata._CANDIDATES", ())
    with pytest.raises(TessdataMissing, match="tesseract-ocr-rus tesseract-ocr-kaz") as caught:
        tessdata_dir()
    assert "missing rus, kaz, osd" in str(caught.value)
