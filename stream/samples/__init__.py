"""Synthetic supporting documents for the demo, the integration tests and evaluation.

A ``DocumentSpec`` says what a document states; renderers turn it into a digital
PDF, a scanned PDF or a phone photo; ``build_samples`` pairs files with the
events the mobile app would send and the verdicts a correct service returns.
"""

from stream.samples.cases import SampleCase, make_case, spec_for
from stream.samples.cast import Issuer, Person
from stream.samples.demo import build_samples
from stream.samples.export import write_samples
from stream.samples.identity import fold_kazakh, make_bin, make_iin
from stream.samples.labels import expected_codes
from stream.samples.names import kk_forms, ru_forms
from stream.samples.render_image import (
    Rendering,
    render,
    render_page_image,
    render_phone_photo,
    render_scanned_pdf,
)
from stream.samples.render_pdf import render_text_pdf
from stream.samples.spec import (
    NON_ACCEPTED_KINDS,
    Company,
    DocKind,
    DocumentSpec,
    Inflected,
    Language,
    NonAcceptedKind,
    Party,
)

__all__ = [
    "NON_ACCEPTED_KINDS",
    "Company",
    "DocKind",
    "DocumentSpec",
    "Inflected",
    "Issuer",
    "Language",
    "NonAcceptedKind",
    "Party",
    "Person",
    "Rendering",
    "SampleCase",
    "build_samples",
    "expected_codes",
    "fold_kazakh",
    "kk_forms",
    "make_bin",
    "make_case",
    "make_iin",
    "render",
    "render_page_image",
    "render_phone_photo",
    "render_scanned_pdf",
    "render_text_pdf",
    "ru_forms",
    "spec_for",
    "write_samples",
]
