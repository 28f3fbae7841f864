"""Pick the text for a spec's kind and language."""

from __future__ import annotations

from stream.samples import texts_kk, texts_other, texts_ru
from stream.samples.blocks import DocumentText
from stream.samples.spec import DocumentSpec

_COMPOSERS = {
    "ru": {**texts_ru.COMPOSERS, **texts_other.COMPOSERS["ru"]},
    "kk": {**texts_kk.COMPOSERS, **texts_other.COMPOSERS["kk"]},
}


def compose(spec: DocumentSpec) -> DocumentText:
    """The blocks of the document ``spec`` describes."""
    try:
        composer = _COMPOSERS[spec.language][str(spec.doc_type)]
    except KeyError:
        raise ValueError(f"no {spec.language} text for {spec.doc_type!r}") from None
    return composer(spec)
