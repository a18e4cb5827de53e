"""Pictures inside the print sheet, drawn offline: a day's route as SVG, the share link as a QR.

The route sketch projects WGS-84 points equirectangularly around the day's mean latitude (at
Jinzhong's scale, tens of kilometres, the distortion is far below what a sketch shows) and draws
straight legs between stops in driving order, with a scale bar. No tile server is involved, so
the sheet prints the same on a machine without internet. The QR code is ``qrcode``'s SVG path
image, so it stays sharp on paper.
"""

from __future__ import annotations

import math

import qrcode
import qrcode.image.svg

from catalog.safetext import html as esc
from routing.exports.rows import Stop

DAY_COLOURS: tuple[str, ...] = (
    "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
)
_KM_PER_DEG = 111.32


def day_colour(day: int) -> str:
    """Route colour for trip day ``day`` (1-based), as on the app's map."""
    return DAY_COLOURS[(day - 1) % len(DAY_COLOURS)]


def _nice_km(span_km: float) -> float:
    """A round scale-bar length of about a quarter of the map's width."""
    target = max(span_km / 4, 0.05)
    power = 10 ** math.floor(math.log10(target))
    return next(m * power for m in (5, 2, 1) if m * power <= target)


def route_svg(stops: list[tuple[str, Stop]], colour: str, title: str,
              width: int = 640, height: int = 300) -> str:
    """An inline SVG of ``stops`` ((marker text, stop) in driving order); stops without
    coordinates are left out. Empty string when nothing can be drawn."""
    pts = [(mark, s) for mark, s in stops if s.lat is not None and s.lon is not None]
    if not pts:
        return ""
    lat0 = sum(s.lat for _, s in pts) / len(pts)  # type: ignore[misc]
    kx = math.cos(math.radians(lat0)) * _KM_PER_DEG
    xs = [s.lon * kx for _, s in pts]  # type: ignore[operator]
    ys = [s.lat * _KM_PER_DEG for _, s in pts]  # type: ignore[operator]
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    pad = 36
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def xy(i: int) -> tuple[float, float]:
        return width / 2 + (xs[i] - cx) * scale, height / 2 - (ys[i] - cy) * scale

    coords = [xy(i) for i in range(len(pts))]
    out = [f"<svg class='route-map' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} "
           f"{height}' width='{width}' height='{height}' role='img' aria-label='{esc(title)}'>",
           f"<title>{esc(title)}</title>",
           f"<rect width='{width}' height='{height}' fill='#faf8f4' stroke='#ccc'/>"]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    out.append(f"<polyline points='{line}' fill='none' stroke='{colour}' stroke-width='3' "
               "stroke-linejoin='round' stroke-dasharray='8 4'/>")
    # One marker per place: a stop visited twice (start, a visit, the night) shares a circle
    # and its label lists the other marks; labels are nudged apart so none cover another.
    groups: list[tuple[float, float, list[str], str]] = []
    for (mark, stop), (x, y) in zip(pts, coords, strict=True):
        same = next((g for g in groups if abs(g[0] - x) < 6 and abs(g[1] - y) < 6
                     and g[3] == stop.name), None)
        if same is not None:
            same[2].append(mark)
        else:
            groups.append((x, y, [mark], stop.name))
    boxes: list[tuple[float, float, float, float]] = []
    for x, y, marks, name in groups:
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='10' fill='#fff' stroke='{colour}' "
                   "stroke-width='2.5'/>")
        out.append(f"<text x='{x:.1f}' y='{y + 4:.1f}' text-anchor='middle' font-size='11' "
                   f"font-weight='bold' fill='{colour}'>{esc(marks[0])}</text>")
        text = name + (f" ({'·'.join(marks[1:])})" if len(marks) > 1 else "")
        text_w = 12 * len(text) * 0.9
        anchor = "end" if x > width * 0.7 else "start"
        left = x - 14 - text_w if anchor == "end" else x + 14
        ty = y + 4
        for dy in (0, 14, -14, 28, -28, 42, -42):
            box = (left, y + 4 + dy - 12, left + text_w, y + 4 + dy + 2)
            if not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]
                       for b in boxes):
                ty = y + 4 + dy
                boxes.append(box)
                break
        lx = x - 14 if anchor == "end" else x + 14
        out.append(f"<text x='{lx:.1f}' y='{ty:.1f}' text-anchor='{anchor}' font-size='12' "
                   "fill='#222' paint-order='stroke' stroke='#faf8f4' stroke-width='3'>"
                   f"{esc(text)}</text>")
    bar_km = _nice_km(span_x)
    bar_px = bar_km * scale
    label = f"{bar_km:g} km"
    out.append(f"<line x1='12' y1='{height - 14}' x2='{12 + bar_px:.1f}' y2='{height - 14}' "
               "stroke='#333' stroke-width='2'/>")
    out.append(f"<text x='12' y='{height - 20}' font-size='11' fill='#333'>{label}</text>")
    out.append(f"<text x='{width - 8}' y='16' text-anchor='end' font-size='12' "
               "fill='#333'>N ↑</text>")
    out.append("</svg>")
    return "".join(out)


def qr_svg(data: str, size_mm: float = 34) -> str:
    """``data`` as an inline SVG QR code (error correction M), ``size_mm`` wide on paper."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                       image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(data)
    qr.make(fit=True)
    svg = qr.make_image().to_string(encoding="unicode")
    start = svg.index("<svg")
    head_end = svg.index(">", start)
    # keep the viewBox, set the printed size; a white box keeps the quiet zone on tinted paper
    head = svg[start:head_end]
    for attr in ("width", "height"):
        i = head.find(f'{attr}="')
        if i >= 0:
            j = head.index('"', i + len(attr) + 2)
            head = head[:i] + f'{attr}="{size_mm}mm"' + head[j + 1:]
    return head + " class='share-qr' style='background:#fff'" + svg[head_end:]
