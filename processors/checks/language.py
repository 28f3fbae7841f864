"""Whether a document is written in Russian, Kazakh or both.

Kazakh words are told by their own letters (ә ғ қ ң ө ұ ү һ і) or by common
Kazakh function words; Russian ones by common Russian function words, since
Russian has no letters of its own. A Kazakh name in a Russian order, or a
bilingual letterhead line, stays well below the share that makes a language
"present".
"""

from __future__ import annotations

from typing import Literal

from .text import CYRILLIC_WORD, KAZAKH_LETTERS, PageText

Language = Literal["ru", "kk", "mixed"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KK_WORDS = _words(
    "және мен бен пен бойынша туралы үшін бастап дейін негізінде берілсін жылғы жылы сәйкес "
    "осы бұл ретінде күні берілді тиіс болып табылады арналған анықтама бұйрық бұйырамын "
    "қызметкер демалыс еңбек шарты мекеме"
)
_RU_WORDS = _words(
    "и в во на по с со о об от для к что не за из при года г до или также приказываю "
    "предоставить является справка отпуск выдана дана согласно основании период "
    "который которая работает"
)
# Typical shares of marker words in a page of running text of each language.
_RU_TYPICAL, _KK_TYPICAL = 0.22, 0.35
_PRESENT = 0.3  # a language is present at this fraction of its typical share


def detect_language(pages: tuple[PageText, ...]) -> Language | None:
    words = [w for page in pages for w in CYRILLIC_WORD.findall(page.text.lower())]
    if not words:
        return None
    kk = sum(1 for w in words if w in _KK_WORDS or not KAZAKH_LETTERS.isdisjoint(w))
    ru = sum(1 for w in words if w in _RU_WORDS)
    kk_level = kk / len(words) / _KK_TYPICAL
    ru_level = ru / len(words) / _RU_TYPICAL
    kk_present = kk >= 3 and kk_level >= _PRESENT
    ru_present = ru >= 3 and ru_level >= _PRESENT
    if kk_present and ru_present:
        return "mixed"
    if kk_present and kk_level > ru_level:
        return "kk"
    return "ru"
