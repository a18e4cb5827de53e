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
    # China's holiday calendar
    "cal_workday": ("调休上班", "working day (swapped)"),
    "cal_trip_days": ("行程中的节假日与调休：{days}", "Holidays and swapped working days on the trip: {days}"),
    "cal_unknown": ("节假日日历尚无 {year} 年的安排（现有 {first}–{last} 年），节假日未标出。",
                    "The holiday calendar has no data for {year} yet (it covers {first}–{last}), "
                    "so holidays are not marked."),
    "cal_crowds": ("节假日游客多：{sites}。", "Holiday crowds expected at: {sites}."),
    "cal_crowd_extra": ("每处 A 级景区已多留 {m} 分钟。", "{m} extra minutes are planned per A-rated site."),
    "cal_crowd_hint": ("可在“节假日多留时间”中为每处 A 级景区多留时间。",
                       "Set “Extra time on holidays” to allow more time at each A-rated site."),
    "holiday_extra": ("节假日多留时间（分钟）", "Extra time on holidays (min)"),
    "holiday_extra_help": ("法定节假日每处 A 级景区参观多留的分钟数（排队、人多）。",
                           "Minutes added to each A-rated scenic area visit on public holidays "
                           "(queues, crowds)."),
    "basemap_layers": ("底图与图层", "Base map & layers"),
    "closed_on_days": ("闭馆：{days}", "Closed on {days}"),
    "open_on_holidays": ("逢法定节假日，平日闭馆的那天照常开放", "Open on its closed weekday when that is a public holiday"),
    # site card: place and photos
    "open_amap": ("在高德地图打开", "Open in AMap"),
    "photos": ("照片", "Photos"),
    "photo_credit": ("© {credit} · {licence}", "© {credit} · {licence}"),
    "photo_remove": ("撤下此照片", "Take this photo down"),
    "photo_add": ("添加照片", "Add a photo"),
    "photo_file": ("照片文件（JPEG、PNG 或 WebP）", "Photo file (JPEG, PNG or WebP)"),
    "photo_credit_field": ("摄影者或来源 *", "Photographer or source *"),
    "photo_licence": ("许可 *", "Licence *"),
    "photo_caption": ("说明（可选）", "Caption (optional)"),
    "photo_rules": ("不超过 {mb} MB；保存时缩至最长边 {px} 像素并去除位置等元数据。只上传有权发布的照片。",
                    "Up to {mb} MB; stored at most {px} px on the long side, location and other "
                    "metadata removed. Upload only photos you may publish."),
    "photo_save": ("保存照片", "Save photo"),
    "photo_no_file": ("请选择照片文件。", "Choose a photo file."),
    "photo_saved": ("照片已保存。", "Photo saved."),
    # density view
    "density_count": ("该格内遗产地", "sites in this cell"),
    "density_few": ("少", "few"),
    "density_many": ("多", "many"),
    "density_hex_legend": ("柱高与颜色：半径 {km} 公里六边形内的遗产地数量",
                           "column height and colour: sites within a {km} km hexagon"),
    "density_heat_legend": ("颜色越暖，遗产地越密集", "warmer colours: more sites close together"),
}
