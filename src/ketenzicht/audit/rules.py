"""Unusual-access rules (pure; no Django). Filled in below."""
