"""The readable answer to a subject access request: the dossier as a PDF (WeasyPrint), in plain
Dutch. Rendered from the same dictionary as the JSON, so both say the same."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def dossier_pdf(dossier: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy (pango): imported only when a PDF is made

    html = render_to_string("subject_access/dossier_pdf.html", {"d": dossier})
    # No base_url: the document loads nothing from outside (fonts and styles are inline CSS).
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
