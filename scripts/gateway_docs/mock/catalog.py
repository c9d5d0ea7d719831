"""The model catalogue behind ``GET /v1/models`` and the gateway's model-string grammar.

Grammar (as the cloud gateway parses it): a comma-separated fallback list; each entry is ``model``,
``model/provider`` or ``model/provider/<deployment-cuid>``; ``!provider`` entries exclude that provider from every
attempt. The first entry whose model is in the catalogue, served by an allowed provider, wins, and its model id is
what the reply's ``model`` echoes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import orjson

from ..core.diagnostics import UsageError

# Real ids the gateway routes (public catalogue at https://helicone.ai/models); created = release date.
DEFAULT_CATALOG: list[dict[str, Any]] = [
    {"id": "gpt-4o-mini", "created": 1721172741, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "gpt-4o", "created": 1715558400, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "gpt-4.1", "created": 1744675200, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "gpt-4.1-mini", "created": 1744675200, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "gpt-5", "created": 1754524800, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "gpt-5-mini", "created": 1754524800, "owned_by": "openai", "providers": ["openai", "azure", "openrouter"]},
    {"id": "o3", "created": 1744848000, "owned_by": "openai", "providers": ["openai", "azure"]},
    {"id": "o4-mini", "created": 1744848000, "owned_by": "openai", "providers": ["openai", "azure"]},
    {"id": "claude-opus-4", "created": 1747180800, "owned_by": "anthropic",
     "providers": ["anthropic", "bedrock", "vertex", "openrouter"]},
    {"id": "claude-sonnet-4", "created": 1747872000, "owned_by": "anthropic",
     "providers": ["anthropic", "bedrock", "vertex", "openrouter"]},
    {"id": "claude-sonnet-4-5", "created": 1759104000, "owned_by": "anthropic",
     "providers": ["anthropic", "bedrock", "vertex", "openrouter"]},
    {"id": "claude-3-5-sonnet", "created": 1718841600, "owned_by": "anthropic",
     "providers": ["anthropic", "bedrock", "vertex"]},
    {"id": "claude-3.5-haiku", "created": 1729728000, "owned_by": "anthropic", "providers": ["anthropic", "bedrock"]},
    {"id": "gemini-2.5-flash", "created": 1750118400, "owned_by": "google", "providers": ["google", "vertex", "openrouter"]},
    {"id": "gemini-2.5-pro", "created": 1750118400, "owned_by": "google", "providers": ["google", "vertex", "openrouter"]},
    {"id": "gemini-1.5-pro", "created": 1704067200, "owned_by": "google", "providers": ["google", "vertex"]},
    {"id": "grok-4", "created": 1752192000, "owned_by": "xai", "providers": ["xai", "openrouter"]},
    {"id": "deepseek-v3", "created": 1735084800, "owned_by": "deepseek", "providers": ["deepseek", "deepinfra", "openrouter"]},
    {"id": "llama-3.3-70b-instruct", "created": 1733443200, "owned_by": "meta",
     "providers": ["groq", "deepinfra", "openrouter"]},
    {"id": "mistral-large", "created": 1731369600, "owned_by": "mistral", "providers": ["mistral", "openrouter"]},
]

_PROVIDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ModelStringError(ValueError):
    """The model string cannot be parsed (400)."""


class CatalogEntry(TypedDict):
    id: str
    created: int
    owned_by: str
    providers: list[str]


@dataclass(frozen=True)
class Catalog:
    models: dict[str, CatalogEntry]  # id -> entry (id, created, owned_by, providers)

    @classmethod
    def load(cls, path: str | None) -> "Catalog":
        """The default catalogue, or a JSON file: a list of models or ``{"data": [...]}`` (a saved /v1/models)."""
        if not path:
            entries = DEFAULT_CATALOG
        else:
            try:
                raw = orjson.loads(Path(path).read_bytes())
            except OSError as e:
                raise UsageError(f"{path}: cannot read the catalogue: {e.strerror}") from None
            except orjson.JSONDecodeError as e:
                raise UsageError(f"{path}: not valid JSON: {e}") from None
            found = raw.get("data") if isinstance(raw, dict) else raw
            if not isinstance(found, list):
                raise UsageError(f'{path}: expected a JSON list of models or {{"data": [...]}}')
            entries = found
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
                    raise UsageError(f"{path}: model #{i + 1} needs a non-empty string \"id\"")
        models: dict[str, CatalogEntry] = {}
        for m in entries:
            models[m["id"]] = {"id": m["id"], "created": int(m.get("created", 1700000000)),
                               "owned_by": str(m.get("owned_by", "helicone")),
                               "providers": list(m.get("providers") or [m.get("owned_by", "helicone")])}
        return cls(models)

    def listing(self) -> dict[str, Any]:
        return {"object": "list", "data": [{"id": m["id"], "object": "model", "created": m["created"],
                                            "owned_by": m["owned_by"]} for m in self.models.values()]}

    def resolve(self, model: str) -> str | None:
        """The catalogue id the model string routes to, or None when no entry is known (404).

        Raises ModelStringError for a string the gateway would reject as malformed (400)."""
        entries = [e.strip() for e in model.split(",")]
        excluded = set()
        for e in entries:
            if e.startswith("!"):
                provider = e[1:]
                if not _PROVIDER.match(provider):
                    raise ModelStringError(f"Invalid global ignore syntax {e!r}. Use !provider (e.g., !openai)")
                excluded.add(provider)
        candidates = [e for e in entries if not e.startswith("!")]
        if not candidates:
            raise ModelStringError("The model string names no model, only excluded providers")
        for e in candidates:
            parts = e.split("/")
            if not parts[0] or len(parts) > 3 or any(not p for p in parts[1:]):
                raise ModelStringError(f"Invalid model entry {e!r}: use model, model/provider or "
                                       "model/provider/<deployment-id>")
            entry = self.models.get(parts[0])
            if entry is None:
                continue
            allowed = [p for p in entry["providers"] if p not in excluded]
            if len(parts) > 1:
                if parts[1] in excluded or parts[1] not in entry["providers"]:
                    continue
            elif not allowed:
                continue
            return entry["id"]
        return None
