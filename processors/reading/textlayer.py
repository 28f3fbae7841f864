"""Whether a PDF page's text layer is real text or a broken mapping.

Digital documents carry their words as text; scans carry an image and at most a
scanner's OCR layer; some generators embed fonts without a usable ToUnicode map,
which yields replacement characters, private-use or control code points, Latin
letters standing in for Cyrillic ones ("Пpикaз" with Latin p, a), Latin-1
mojibake of a Cyrillic code page ("Ïðèêàç"), or Cyrillic letters that are the
wrong ones (a shifted or foreign code page: "Рсйлби", "оПХЙЮГ"). The documents
are Russian or Kazakh, so the share of Cyrillic letters is the main signal, and
on longer pages the letters must also be the ones these languages use most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Fewer letters than this and the page is treated as an image (scans often have a
# stray text line: a page number, a scanner footer, an eGov watermark).
MIN_LETTERS = 40
MIN_CYRILLIC_SHARE = 0.5
MAX_GARBAGE_SHARE = 0.01
MAX_MIXED_WORD_SHARE = 0.05

# The letters that make up about 80 % of Russian and of Kazakh running text (77-89 %
# on the sample documents); a shifted or foreign code page gives 35-65 %. Judged
# only on pages with enough letters for the share to be stable.
_COMMON_LETTERS = frozenset("аеиоунтрслкдвыімп")
MIN_COMMON_SHARE = 0.68
_COMMON_MIN_LETTERS = 150

# Latin letters that look like Cyrillic ones; inside a Cyrillic word they betray
# a broken font mapping or a poor OCR layer.
_LOOKALIKE = re.compile("[aceopxyABCEHKMOPTXi]")
_WORD = re.compile(r"\w+")
# Cyrillic and its supplement: Russian and every Kazakh letter (ә ғ қ ң ө ұ ү һ і).
_CYRILLIC = re.compile("[\u0400-\u052f]")


def _is_garbage(ch: str) -> bool:
    code = ord(ch)
    # U+FFFD, private use, C0 controls but whitespace, C1 controls (never in real text).
    return (
        ch == "\ufffd"
        or 0xE000 <= code <= 0xF8FF
        or (code < 0x20 and ch not in "\t\n\r\f\v")
        or 0x80 <= code <= 0x9F
    )


@dataclass(frozen=True)
class TextLayerQuality:
    letters: int
    cyrillic_share: float
    garbage_share: float
    mixed_word_share: float
    common_share: float
    """Share of the Cyrillic letters among the languages' most frequent ones."""
    cyrillic_letters: int

    @property
    def is_real(self) -> bool:
        return (
            self.letters >= MIN_LETTERS
            and self.cyrillic_share >= MIN_CYRILLIC_SHARE
            and self.garbage_share <= MAX_GARBAGE_SHARE
            and self.mixed_word_share <= MAX_MIXED_WORD_SHARE
            and (
                self.cyrillic_letters < _COMMON_MIN_LETTERS or self.common_share >= MIN_COMMON_SHARE
            )
        )


def judge_text_layer(text: str) -> TextLayerQuality:
    """Measure the signals; ``.is_real`` says whether to trust the layer."""
    # Each distinct character, and each distinct word, is judged once and
    # weighted by its count: a page repeats a few dozen characters thousands
    # of times, so this costs a fraction of judging every one.
    letters = cyrillic = common = visible = garbage = 0
    for ch, count in Counter(text).items():
        if not ch.isspace():
            visible += count
        if _is_garbage(ch):
            garbage += count
        if ch.isalpha():
            letters += count
            if _CYRILLIC.match(ch):
                cyrillic += count
                if ch.lower() in _COMMON_LETTERS:
                    common += count
    cyrillic_words = mixed_words = 0
    for word, count in Counter(_WORD.findall(text)).items():
        if _CYRILLIC.search(word):
            cyrillic_words += count
            if _LOOKALIKE.search(word):
                mixed_words += count
    return TextLayerQuality(
        letters=letters,
        cyrillic_share=cyrillic / letters if letters else 0.0,
        garbage_share=garbage / visible if visible else 0.0,
        mixed_word_share=mixed_words / cyrillic_words if cyrillic_words else 0.0,
        common_share=common / cyrillic if cyrillic else 0.0,
        cyrillic_letters=cyrillic,
    )
