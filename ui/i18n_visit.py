"""Labels added for the visitor's side of issue 15 (maps, cards, phones, holidays): key -> (zh, en).

Kept apart from ``ui.i18n.STRINGS`` (which merges this table) so that the main table stays small
and several people can add labels without editing the same lines.
"""

from __future__ import annotations

VISIT_STRINGS: dict[str, tuple[str, str]] = {
    "choose_one": ("请选择", "Choose one"),  # selectbox placeholder (Streamlit's is English)
    "search_example": ("例如：王家、平遥", "e.g. Pingyao, wangjia"),
    "table_pick_hint": ("点选一行即可打开它的遗产卡片（筛选条件会保留）。",
                        "Pick a row to open its site card (your filters are kept)."),
    # density view
    "density_count": ("该格内遗产地", "sites in this cell"),
    "density_few": ("少", "few"),
    "density_many": ("多", "many"),
    "density_hex_legend": ("柱高与颜色：半径 {km} 公里六边形内的遗产地数量",
                           "column height and colour: sites within a {km} km hexagon"),
    "density_heat_legend": ("颜色越暖，遗产地越密集", "warmer colours: more sites close together"),
}
