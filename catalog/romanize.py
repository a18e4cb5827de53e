"""Names in Latin letters the way Chinese place names are written: pinyin by words.

``王家大院`` -> ``Wangjia Dayuan``, ``平遥古城`` -> ``Pingyao Gucheng``: syllables of one word
joined, each word capitalised (the convention of the national place-name romanisation rules),
rather than one word per syllable (``Wang Jia Da Yuan``). Words come from jieba's dictionary
segmentation; a dictionary word of four or more characters that its own finer search segments
tile exactly (``乔家大院`` = ``乔家`` + ``大院``) is split the same way. This is the fallback for a
site without an established English name (``sites.name_en``, from a source).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - the module; loading its dictionary takes about a second
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _split(word: str) -> list[str]:
    if len(word) < 4:
        return [word]
    parts = [p for p in _jieba().lcut_for_search(word) if p != word]
    out, i = [], 0
    while i < len(word):
        piece = next((p for p in sorted(parts, key=len, reverse=True)
                      if len(p) > 1 and word.startswith(p, i)), None)
        if piece is None:
            return [word]  # no tiling by dictionary words: keep it whole
        out.append(piece)
        i += len(piece)
    return out


def words(name_zh: str) -> list[str]:
    """The name cut into words (Chinese)."""
    return [w for seg in _jieba().lcut(name_zh.strip()) for w in _split(seg) if w.strip()]


def romanized(name_zh: str) -> str:
    """``Wangjia Dayuan``: toneless pinyin by words, each capitalised ('' for an empty name)."""
    out = []
    for word in words(name_zh):
        latin = "".join(lazy_pinyin(word, errors=lambda chars: list(chars)))
        out.append(latin[:1].upper() + latin[1:])
    return " ".join(out)
