"""Renderers: a Report → terminal text, JSON (and later HTML, XLSX)."""
