"""The text that catalogue search matches, and generated pinyin (shared by build and edits)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_of(text: str) -> tuple[str, str]:
    """(spaced toneless pinyin, initials) of a Chinese name; ASCII passes through lowercased."""
    syllables = [
        s.lower() for s in lazy_pinyin(text, errors=lambda chars: list(chars)) if s.strip()
    ]
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s.strip())
    return " ".join(syllables), initials.lower()


def cjk_grams(text: str) -> list[str]:
    """Each Chinese character and each adjacent pair: ``"王家院"`` -> 王, 家, 院, 王家, 家院."""
    grams: list[str] = []
    run = ""
    for ch in text + " ":
        if "\u3400" <= ch <= "\u9fff":
            run += ch
            continue
        grams += list(run) + [run[i : i + 2] for i in range(len(run) - 1)]
        run = ""
    return grams


def search_text(site: dict, county_name: str, designation_names: list[str]) -> str:
    """The lowercased text that search matches substrings in.

    After the fields comes every Chinese character and every adjacent pair, space-separated,
    so that a two-character query such as 王家 is the three-character sequence "王家 " and a
    one-character query such as 寺 is " 寺 ": both can then use the trigram index (trigrams
    need three characters; see ``catalog.repository._text_clause``).
    """
    joined = site["pinyin"].replace(" ", "")
    parts = [
        site["name_zh"],
        site.get("name_en") or "",
        site["pinyin"],
        joined,
        site["pinyin_initials"],
        county_name,
        site.get("township") or "",
        site.get("village") or "",
        site.get("address") or "",
        *designation_names,
    ]
    text = " | ".join(p for p in parts if p).lower()
    grams = sorted(set(cjk_grams(text)))
    return f"{text} || {' '.join(grams)} " if grams else text
