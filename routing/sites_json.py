"""Sites as plain JSON, for fixtures and for planning without a database (``--sites FILE``).

A sites file is ``{"description": "...", "sites": [SITE, ...]}``. A SITE needs ``id``,
``name_zh``, ``county_adcode``, ``lat``, ``lon`` and ``visit_minutes``; ``hours`` is
``{"always_open": true}`` or ``{"seasons": [{"start": "01-01", "end": "12-31", "open": "08:00",
"close": "18:00", "last_entry": "17:30", "closed_weekdays": [0]}]}`` (Monday = 0), with
``"estimated": false`` when the hours are published ones (default true);
``designations`` are ``{"kind", "level", "batch"?}``; ``greenways`` are ``{"greenway_id", "order"}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.models import Designation, GreenwayStop, OpeningHours, Season, Site
from routing.problem import RequestError


def site_from_json(obj: dict[str, Any]) -> Site:
    """Build a ``Site``; a missing required field raises ``RequestError``."""
    try:
        hours = obj.get("hours", {"always_open": True})
        seasons = tuple(
            Season(s["start"], s["end"], s["open"], s["close"], s.get("last_entry"),
                   tuple(s.get("closed_weekdays", ())))
            for s in hours.get("seasons", ())
        )
        return Site(
            id=obj["id"], name_zh=obj["name_zh"], name_en=obj.get("name_en"),
            pinyin=obj.get("pinyin", ""), county_adcode=obj["county_adcode"],
            county_zh=obj.get("county_zh", ""), township=obj.get("township"), village=None,
            address=obj.get("address"),
            lat=float(obj["lat"]), lon=float(obj["lon"]),
            coord_precision=obj.get("coord_precision", "site"),
            coord_source=obj.get("coord_source", "fixture"), kind=obj.get("kind", "site"),
            themes=tuple(obj.get("themes", ())), visit_minutes=int(obj["visit_minutes"]),
            visit_minutes_estimated=bool(obj.get("visit_minutes_estimated", True)),
            hours=OpeningHours(seasons=seasons, always_open=bool(hours.get("always_open", False)),
                               estimated=bool(hours.get("estimated", True))),
            ticket_cny=obj.get("ticket_cny"), ticket_estimated=True,
            designations=tuple(
                Designation(d["kind"], d["level"], d.get("batch")) for d in obj.get("designations", ())
            ),
            greenways=tuple(
                GreenwayStop(g["greenway_id"], int(g["order"])) for g in obj.get("greenways", ())
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RequestError(f"site {obj.get('id', '?')!r}: malformed ({exc!r})", "bad_sites_file",
                           error=f"site {obj.get('id', '?')!r}: {exc!r}") from None


def load_sites(path: str | Path) -> list[Site]:
    """Read a sites file (see the module docstring)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise RequestError(f"{path}: expected an object with a 'sites' list", "bad_sites_file",
                           error=f"{path}: expected an object with a 'sites' list")
    return [site_from_json(s) for s in data["sites"]]
