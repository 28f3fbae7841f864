"""QR codes on a page image (eGov electronic documents carry them as proof)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import zxingcpp

_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class QrScan:
    payloads: list[str] = field(default_factory=list)
    """Decoded payloads of valid codes, top to bottom, without repeats."""
    undecoded: int = 0
    """Codes located but not decoded: worth a look at a higher resolution."""


def read_qr_codes(gray: np.ndarray) -> QrScan:
    """Find and decode the QR codes on a grayscale page."""
    found = zxingcpp.read_barcodes(np.ascontiguousarray(gray), formats=_QR, return_errors=True)
    found.sort(key=lambda code: (code.position.top_left.y, code.position.top_left.x))
    payloads: list[str] = []
    undecoded = 0
    for code in found:
        if not code.valid:
            undecoded += 1
        elif code.text and code.text not in payloads:
            payloads.append(code.text)
    return QrScan(payloads=payloads, undecoded=undecoded)
