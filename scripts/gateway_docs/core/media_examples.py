"""The examples of a Request Body or Response Object: one walk over ``content -> media type -> examples``, used by
the mock (to answer the page's example request with the page's example answer) and the try-it console."""
from __future__ import annotations

from typing import Any

from .refs import follow_refs


def media_examples(spec: dict[str, Any], holder: Any, media_type: str = "application/json") -> list[dict[str, Any]]:
    """``[{"name", "label", "value"}]`` of ``holder``'s (a Request Body / Response Object, possibly a ``$ref``)
    ``media_type`` content, in spec order: the named ``examples``, else the single ``example``."""
    holder, _ = follow_refs(spec, holder)
    content = holder.get("content") if isinstance(holder, dict) else None
    media, _ = follow_refs(spec, content.get(media_type) if isinstance(content, dict) else None)
    if not isinstance(media, dict):
        return []
    out = []
    for name, ex in (media.get("examples") or {}).items():
        ex, _ = follow_refs(spec, ex)
        if isinstance(ex, dict) and "value" in ex:
            out.append({"name": str(name), "label": str(ex.get("summary") or name), "value": ex["value"]})
    if not out and "example" in media:
        out.append({"name": "example", "label": "Example", "value": media["example"]})
    return out
