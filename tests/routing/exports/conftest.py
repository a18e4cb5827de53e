"""The exports' shared plan (see ``fixtures.py``; the print-sheet browser test imports it too)."""

from tests.routing.exports.fixtures import export_sites, planned, sheet_en, sheet_zh

__all__ = ["export_sites", "planned", "sheet_en", "sheet_zh"]
