"""Which language a page is indexed as, told by its script where words are not spaced.

Pagefind splits text into words on spaces, except for the languages whose scripts do not
space words (Chinese, Japanese, Thai): for a page tagged with one of those, its extended
binary cuts the text into words with a dictionary, and the browser cuts a query the same
way (``Intl.Segmenter``). A talk whose transcript is in Chinese is therefore indexed as
Chinese, whatever the site's language; a page that only quotes a few such characters stays
in the site's language (its other words keep their stemming).
"""

from __future__ import annotations

import re

#: The share of a page's letters in one script from which the page is indexed in its
#: language: a transcript is most of a talk's text, a quoted name is not.
SCRIPT_SHARE = 0.2

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ANY = re.compile(f"{_HAN.pattern}|{_KANA.pattern}|{_THAI.pattern}")
_LETTER = re.compile(r"[^\W\d_]")


def language_of(text: str, default: str) -> str:
    """The tag "ja", "zh" or "th" when that script holds at least ``SCRIPT_SHARE`` of the letters
    of ``text``; else ``default``."""
    if text.isascii() or not _ANY.search(text):
        return default  # most pages: no need to count
    letters = len(_LETTER.findall(text))
    han = len(_HAN.findall(text))
    kana = len(_KANA.findall(text))
    if (han + kana) / letters >= SCRIPT_SHARE:
        # Japanese writes kana between its Han characters; Chinese never does.
        return "ja" if kana >= 0.05 * (han + kana) else "zh"
    if len(_THAI.findall(text)) / letters >= SCRIPT_SHARE:
        return "th"
    return default
