"""Writes tests/fixtures/diff/<case>/{old,new,expected}.yaml from the small edits below (one per rule and per
normalisation). The expected changes are written here by hand, never produced by the diff: re-run this script after
editing a case, then `pytest tests/test_diff.py`.

    .venv/bin/python tests/tools/make_diff_cases.py
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any, Callable

import yaml

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "diff"
S = "/components/schemas"
POST = "/paths/~1items/post"
GET = "/paths/~1items~1{id}/get"


def base() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Items", "version": "1.0.0", "description": "A small API for the diff tests."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"ApiKey": []}],
        "paths": {
            "/items": {"post": {
                "operationId": "createItem", "summary": "Create an item",
                "parameters": [
                    {"name": "mode", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CreateItem"}}}},
                "responses": {
                    "200": {"description": "The item.",
                            "headers": {"X-Request-Id": {"required": True, "schema": {"type": "string"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}},
                                        "text/event-stream": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                    "400": {"description": "Bad request.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            }},
            "/items/{id}": {
                "get": {"operationId": "getItem", "summary": "Get an item", "security": [],
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "responses": {
                            "200": {"description": "The item.", "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Item"}}}},
                            "404": {"description": "Not found.", "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}}}}}},
                "delete": {"operationId": "deleteItem", "summary": "Delete an item",
                           "parameters": [{"name": "id", "in": "path", "required": True,
                                           "schema": {"type": "string"}}],
                           "responses": {"204": {"description": "Deleted."}}},
            },
        },
        "components": {
            "securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"},
                                "Basic": {"type": "http", "scheme": "basic"}},
            "schemas": {
                "CreateItem": {"type": "object", "additionalProperties": False, "required": ["name"],
                               "description": "What to create.",
                               "properties": {
                                   "name": {"type": "string", "description": "The item's name."},
                                   "size": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
                                   "kind": {"type": "string", "enum": ["a", "b"]},
                                   "tags": {"type": "array", "maxItems": 5, "items": {"type": "string"}},
                                   "note": {"type": "string", "nullable": True},
                                   "shape": {"$ref": "#/components/schemas/Shape"},
                               }},
                "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]},
                "Circle": {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": ["circle"]}, "radius": {"type": "number"}}},
                "Square": {"type": "object", "required": ["type"], "properties": {
                    "type": {"type": "string", "enum": ["square"]}, "side": {"type": "number"}}},
                "Item": {"type": "object", "required": ["id", "kind"], "properties": {
                    "id": {"type": "string"},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                    "label": {"type": "string", "maxLength": 64},
                    "count": {"type": "integer"},
                    "created": {"type": "string", "format": "date-time"},
                    "shape": {"oneOf": [{"type": "object", "properties": {"type": {"type": "string", "enum": ["o1"]}}},
                                        {"type": "object", "properties": {"type": {"type": "string", "enum": ["o2"]}}}]},
                }},
                "Event": {"oneOf": [
                    {"type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string", "enum": ["delta"]}, "text": {"type": "string"}}},
                    {"type": "object", "required": ["type"], "properties": {
                        "type": {"type": "string", "enum": ["done"]}}}]},
                "Error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
            },
        },
    }


def at(doc: dict[str, Any], pointer: str) -> Any:
    node: Any = doc
    for tok in pointer.strip("/").split("/"):
        tok = tok.replace("~1", "/").replace("~0", "~")
        node = node[int(tok)] if isinstance(node, list) else node[tok]
    return node


def props(doc: dict[str, Any], schema: str) -> dict[str, Any]:
    return doc["components"]["schemas"][schema]["properties"]


Edit = Callable[[dict[str, Any]], Any]
CASES: dict[str, tuple[Edit | None, Edit, list[tuple[str, str]]]] = {}


def case(name: str, new: Edit, expected: list[tuple[str, str]], old: Edit | None = None) -> None:
    """``expected``: (rule, a pointer the change has on either side)."""
    CASES[name] = (old, new, expected)


CI = f"{S}/CreateItem"
IT = f"{S}/Item"
case("path-removed", lambda d: d["paths"].pop("/items/{id}"), [("path-removed", "/paths/~1items~1{id}")])
case("operation-removed", lambda d: d["paths"]["/items/{id}"].pop("delete"),
     [("operation-removed", "/paths/~1items~1{id}/delete")])
case("operation-added", lambda d: d["paths"]["/items/{id}"].update(
    put={"operationId": "putItem", "responses": {"204": {"description": "Replaced."}}}),
     [("operation-added", "/paths/~1items~1{id}/put")])
case("operation-id-changed", lambda d: at(d, POST).update(operationId="itemsCreate"),
     [("operation-id-changed", f"{POST}/operationId")])
case("operation-deprecated", lambda d: at(d, POST).update(deprecated=True), [("operation-deprecated", POST)])
case("server-replaced", lambda d: d.update(servers=[{"url": "https://api.example.net/v2"}]),
     [("server-removed", "/servers/0"), ("server-added", "/servers/0")])
case("server-added", lambda d: d["servers"].append({"url": "https://eu.example.com/v1"}),
     [("server-added", "/servers/1")])
case("security-added", lambda d: at(d, GET).update(security=[{"ApiKey": []}]),
     [("security-added", f"{GET}/security")])
case("security-alternative-removed", lambda d: d.update(security=[{"ApiKey": []}]),
     [("security-alternative-removed", "/security")],
     old=lambda d: d.update(security=[{"ApiKey": []}, {"Basic": []}]))
case("security-alternative-added", lambda d: d.update(security=[{"ApiKey": []}, {"Basic": []}]),
     [("security-alternative-added", "/security")])
case("security-scheme-changed", lambda d: d["components"]["securitySchemes"].update(
    ApiKey={"type": "apiKey", "in": "header", "name": "X-Api-Key"}),
     [("security-scheme-changed", "/components/securitySchemes/ApiKey")])
case("request-parameter-added", lambda d: at(d, POST)["parameters"].append(
    {"name": "limit", "in": "query", "schema": {"type": "integer"}}),
     [("request-parameter-added", f"{POST}/parameters/2")])
case("request-required-parameter-added", lambda d: at(d, POST)["parameters"].append(
    {"name": "project", "in": "query", "required": True, "schema": {"type": "string"}}),
     [("request-required-parameter-added", f"{POST}/parameters/2")])
case("request-parameter-removed", lambda d: at(d, POST)["parameters"].pop(0),
     [("request-parameter-removed", f"{POST}/parameters/0")])
case("request-parameter-became-required", lambda d: at(d, POST)["parameters"][0].update(required=True),
     [("request-parameter-became-required", f"{POST}/parameters/0")])
case("request-parameter-became-optional", lambda d: at(d, POST)["parameters"][0].update(required=False),
     [("request-parameter-became-optional", f"{POST}/parameters/0")],
     old=lambda d: at(d, POST)["parameters"][0].update(required=True))
case("request-parameter-location-changed", lambda d: at(d, POST)["parameters"][0].update({"in": "header"}),
     [("request-parameter-location-changed", f"{POST}/parameters/0")])
case("request-parameter-style-changed", lambda d: at(d, POST)["parameters"][0].update(explode=False),
     [("request-parameter-style-changed", f"{POST}/parameters/0")])
case("request-body-became-required", lambda d: at(d, POST)["requestBody"].update(required=True),
     [("request-body-became-required", f"{POST}/requestBody")],
     old=lambda d: at(d, POST)["requestBody"].update(required=False))
case("request-body-became-optional", lambda d: at(d, POST)["requestBody"].update(required=False),
     [("request-body-became-optional", f"{POST}/requestBody")])
case("request-media-type-removed", lambda d: at(d, POST)["requestBody"]["content"].pop("multipart/form-data"),
     [("request-media-type-removed", f"{POST}/requestBody/content/multipart~1form-data")],
     old=lambda d: at(d, POST)["requestBody"]["content"].update(
         {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/CreateItem"}}}))
case("request-media-type-added", lambda d: at(d, POST)["requestBody"]["content"].update(
    {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/CreateItem"}}}),
     [("request-media-type-added", f"{POST}/requestBody/content/multipart~1form-data")])
case("request-property-removed", lambda d: props(d, "CreateItem").pop("note"),
     [("request-property-removed", f"{CI}/properties/note")])
case("request-property-removed-open", lambda d: props(d, "CreateItem").pop("note"),
     [("request-property-removed-open", f"{CI}/properties/note")],
     old=lambda d: d["components"]["schemas"]["CreateItem"].pop("additionalProperties"))
case("request-property-added", lambda d: props(d, "CreateItem").update(color={"type": "string"}),
     [("request-property-added", f"{CI}/properties/color")])
case("request-required-property-added", lambda d: (props(d, "CreateItem").update(owner={"type": "string"}),
                                                    d["components"]["schemas"]["CreateItem"]["required"].append("owner")),
     [("request-required-property-added", f"{CI}/properties/owner")])
case("request-property-became-required",
     lambda d: d["components"]["schemas"]["CreateItem"]["required"].append("size"),
     [("request-property-became-required", f"{CI}/properties/size")])
case("request-property-became-optional", lambda d: d["components"]["schemas"]["CreateItem"].update(required=[]),
     [("request-property-became-optional", f"{CI}/properties/name")])
case("request-enum-value-removed", lambda d: props(d, "CreateItem")["kind"].update(enum=["a"]),
     [("request-enum-value-removed", f"{CI}/properties/kind")])
case("request-enum-added", lambda d: props(d, "CreateItem")["name"].update(enum=["x", "y"]),
     [("request-enum-value-removed", f"{CI}/properties/name")])
case("request-enum-value-added", lambda d: props(d, "CreateItem")["kind"].update(enum=["a", "b", "c"]),
     [("request-enum-value-added", f"{CI}/properties/kind")])
case("request-type-changed", lambda d: props(d, "CreateItem")["size"].update(type="string"),
     [("request-type-changed", f"{CI}/properties/size")])
case("request-type-widened", lambda d: props(d, "CreateItem")["size"].update(type="number"),
     [("request-type-widened", f"{CI}/properties/size")])
case("request-nullable-removed", lambda d: props(d, "CreateItem")["note"].pop("nullable"),
     [("request-nullable-removed", f"{CI}/properties/note")])
case("request-nullable-added", lambda d: props(d, "CreateItem")["name"].update(nullable=True),
     [("request-nullable-added", f"{CI}/properties/name")])
case("request-bound-tightened", lambda d: props(d, "CreateItem")["size"].update(maximum=5),
     [("request-bound-tightened", f"{CI}/properties/size")])
case("request-bound-exclusive", lambda d: props(d, "CreateItem")["size"].update(exclusiveMinimum=True),
     [("request-bound-tightened", f"{CI}/properties/size")])
case("request-pattern-added", lambda d: props(d, "CreateItem")["name"].update(pattern="^[a-z]+$"),
     [("request-bound-tightened", f"{CI}/properties/name")])
case("request-bound-loosened", lambda d: props(d, "CreateItem")["tags"].update(maxItems=10),
     [("request-bound-loosened", f"{CI}/properties/tags")])
case("request-additional-properties-closed",
     lambda d: d["components"]["schemas"]["CreateItem"].update(additionalProperties=False),
     [("request-additional-properties-closed", CI)],
     old=lambda d: d["components"]["schemas"]["CreateItem"].pop("additionalProperties"))
case("request-union-variant-removed", lambda d: d["components"]["schemas"]["Shape"]["oneOf"].pop(1),
     [("request-union-variant-removed", f"{S}/Shape/oneOf/1")])
case("request-union-variant-added", lambda d: d["components"]["schemas"]["Shape"]["oneOf"].append(
    {"type": "object", "properties": {"type": {"type": "string", "enum": ["triangle"]}}}),
     [("request-union-variant-added", f"{S}/Shape/oneOf/2")])
case("request-nested-items-type", lambda d: props(d, "CreateItem")["tags"]["items"].update(type="integer"),
     [("request-type-changed", f"{CI}/properties/tags/items")])
case("response-status-added", lambda d: at(d, POST)["responses"].update(
    {"409": {"description": "Conflict.", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}}),
     [("response-status-added", f"{POST}/responses/409")])
case("response-status-added-with-default", lambda d: at(d, GET)["responses"].update(
    {"409": {"description": "Conflict."}}),
     [("response-status-added-with-default", f"{GET}/responses/409")],
     old=lambda d: at(d, GET)["responses"].update({"default": {"description": "Any error."}}))
case("response-success-status-removed", lambda d: at(d, "/paths/~1items~1{id}/delete")["responses"].update(
    {"200": {"description": "Deleted."}}) or at(d, "/paths/~1items~1{id}/delete")["responses"].pop("204"),
     [("response-success-status-removed", "/paths/~1items~1{id}/delete/responses/204"),
      ("response-status-added", "/paths/~1items~1{id}/delete/responses/200")])
case("response-status-removed", lambda d: at(d, GET)["responses"].pop("404"),
     [("response-status-removed", f"{GET}/responses/404")])
case("response-media-type-removed", lambda d: at(d, POST)["responses"]["200"]["content"].pop("text/event-stream"),
     [("response-media-type-removed", f"{POST}/responses/200/content/text~1event-stream")])
case("response-media-type-added", lambda d: at(d, GET)["responses"]["200"]["content"].update(
    {"application/xml": {"schema": {"$ref": "#/components/schemas/Item"}}}),
     [("response-media-type-added", f"{GET}/responses/200/content/application~1xml")])
case("response-property-removed", lambda d: (props(d, "Item").pop("id"),
                                             d["components"]["schemas"]["Item"]["required"].remove("id")),
     [("response-property-removed", f"{IT}/properties/id")])
case("response-optional-property-removed", lambda d: props(d, "Item").pop("label"),
     [("response-optional-property-removed", f"{IT}/properties/label")])
case("response-property-added", lambda d: props(d, "Item").update(owner={"type": "string"}),
     [("response-property-added", f"{IT}/properties/owner")])
case("response-property-became-optional", lambda d: d["components"]["schemas"]["Item"]["required"].remove("id"),
     [("response-property-became-optional", f"{IT}/properties/id")])
case("response-property-became-required", lambda d: d["components"]["schemas"]["Item"]["required"].append("label"),
     [("response-property-became-required", f"{IT}/properties/label")])
case("response-enum-value-added", lambda d: props(d, "Item")["kind"].update(enum=["a", "b", "c"]),
     [("response-enum-value-added", f"{IT}/properties/kind")])
case("response-enum-value-removed", lambda d: props(d, "Item")["kind"].update(enum=["a"]),
     [("response-enum-value-removed", f"{IT}/properties/kind")])
case("response-type-changed", lambda d: props(d, "Item")["count"].update(type="string"),
     [("response-type-changed", f"{IT}/properties/count")])
case("response-type-narrowed", lambda d: props(d, "Item")["count"].update(type="integer"),
     [("response-type-narrowed", f"{IT}/properties/count")],
     old=lambda d: props(d, "Item")["count"].update(type="number"))
case("response-became-nullable", lambda d: props(d, "Item")["label"].update(nullable=True),
     [("response-became-nullable", f"{IT}/properties/label")])
case("response-nullable-removed", lambda d: props(d, "Item")["label"].pop("nullable"),
     [("response-nullable-removed", f"{IT}/properties/label")],
     old=lambda d: props(d, "Item")["label"].update(nullable=True))
case("response-bound-loosened", lambda d: props(d, "Item")["label"].update(maxLength=128),
     [("response-bound-loosened", f"{IT}/properties/label")])
case("response-bound-tightened", lambda d: props(d, "Item")["label"].update(maxLength=32),
     [("response-bound-tightened", f"{IT}/properties/label")])
case("response-union-variant-added", lambda d: props(d, "Item")["shape"]["oneOf"].append(
    {"type": "object", "properties": {"type": {"type": "string", "enum": ["o3"]}}}),
     [("response-union-variant-added", f"{IT}/properties/shape/oneOf/2")])
case("response-union-variant-removed", lambda d: props(d, "Item")["shape"]["oneOf"].pop(1),
     [("response-union-variant-removed", f"{IT}/properties/shape/oneOf/1")])
case("response-header-removed", lambda d: at(d, POST)["responses"]["200"].pop("headers"),
     [("response-header-removed", f"{POST}/responses/200/headers/X-Request-Id")])
case("response-header-became-optional",
     lambda d: at(d, POST)["responses"]["200"]["headers"]["X-Request-Id"].update(required=False),
     [("response-header-became-optional", f"{POST}/responses/200/headers/X-Request-Id")])
case("response-header-added", lambda d: at(d, POST)["responses"]["200"]["headers"].update(
    {"X-RateLimit-Remaining": {"schema": {"type": "integer"}}}),
     [("response-header-added", f"{POST}/responses/200/headers/X-RateLimit-Remaining")])
case("stream-event-added", lambda d: d["components"]["schemas"]["Event"]["oneOf"].append(
    {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["usage"]}}}),
     [("stream-event-added", f"{S}/Event/oneOf/2")])
case("stream-event-removed", lambda d: d["components"]["schemas"]["Event"]["oneOf"].pop(1),
     [("stream-event-removed", f"{S}/Event/oneOf/1")])
case("schema-format-changed", lambda d: props(d, "Item")["created"].update(format="date"),
     [("schema-format-changed", f"{IT}/properties/created")])
case("default-changed", lambda d: props(d, "CreateItem")["size"].update(default=2),
     [("default-changed", f"{CI}/properties/size")])
case("docs-changed", lambda d: props(d, "CreateItem")["name"].update(description="What the item is called."),
     [("docs-changed", f"{CI}/properties/name")])
case("docs-operation-summary", lambda d: at(d, POST).update(summary="Create one item"), [("docs-changed", POST)])


# Normalisations: OLD and NEW accept the same values, so the diff reports nothing.
def inline_create_item(d: dict[str, Any]) -> None:
    at(d, POST)["requestBody"]["content"]["application/json"]["schema"] = d["components"]["schemas"].pop("CreateItem")


def wrap_allof(d: dict[str, Any]) -> None:
    props(d, "CreateItem")["shape"] = {"allOf": [{"$ref": "#/components/schemas/Shape"}]}


def zod_null(d: dict[str, Any]) -> None:
    props(d, "CreateItem")["note"] = {"anyOf": [{"type": "string"},
                                                {"type": "string", "nullable": True, "enum": [None]}]}


def null_in_allof(d: dict[str, Any]) -> None:
    d["openapi"] = "3.1.0"
    props(d, "CreateItem")["note"] = {"anyOf": [{"type": "string"}, {"allOf": [{"type": "null"}]}]}


def to_31(d: dict[str, Any]) -> None:
    d["openapi"] = "3.1.0"
    props(d, "CreateItem")["note"] = {"type": ["string", "null"]}
    props(d, "CreateItem")["size"] = {"type": "integer", "minimum": 1, "maximum": 10, "default": 1}


def reorder(d: dict[str, Any]) -> None:
    def rev(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: rev(node[k]) for k in reversed(list(node))}
        if isinstance(node, list):
            return [rev(v) for v in node]
        return node
    new = rev(copy.deepcopy(d))
    d.clear()
    d.update(new)


def const_enum(d: dict[str, Any]) -> None:
    circle = d["components"]["schemas"]["Circle"]["properties"]["type"]
    circle.pop("enum")
    circle["const"] = "circle"
    d["openapi"] = "3.1.0"


def exclusive_31(d: dict[str, Any]) -> None:
    d["openapi"] = "3.1.0"
    props(d, "CreateItem")["size"] = {"type": "integer", "exclusiveMinimum": 0, "maximum": 10, "default": 1}


def exclusive_30(d: dict[str, Any]) -> None:
    props(d, "CreateItem")["size"] = {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "maximum": 10,
                                      "default": 1}


def tree(d: dict[str, Any]) -> None:
    d["components"]["schemas"]["Tree"] = {"type": "object", "properties": {
        "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}}
    props(d, "CreateItem")["tree"] = {"$ref": "#/components/schemas/Tree"}
    props(d, "Item")["tree"] = {"$ref": "#/components/schemas/Tree"}


def tree_required(d: dict[str, Any]) -> None:
    tree(d)
    d["components"]["schemas"]["Tree"]["required"] = ["name"]


def split_allof(d: dict[str, Any]) -> None:
    item = d["components"]["schemas"]["Item"]
    p = item.pop("properties")
    d["components"]["schemas"]["ItemBase"] = {"type": "object", "properties": {"id": p.pop("id")}}
    d["components"]["schemas"]["Item"] = {"allOf": [{"$ref": "#/components/schemas/ItemBase"},
                                                    {"type": "object", "required": item["required"], "properties": p}]}


def rename_path_param(d: dict[str, Any]) -> None:
    item = d["paths"].pop("/items/{id}")
    for op in item.values():
        op["parameters"][0]["name"] = "item_id"
    d["paths"]["/items/{item_id}"] = item


def omit_object_type(d: dict[str, Any]) -> None:
    d["components"]["schemas"]["Error"].pop("type")


case("norm-ref-vs-inline", inline_create_item, [])
case("norm-single-allof", wrap_allof, [])
case("norm-zod-null-branch", zod_null, [])
case("norm-31-type-array", to_31, [])
case("norm-null-branch-in-allof", null_in_allof, [])
case("norm-key-order", reorder, [])
case("norm-const-vs-enum", const_enum, [])
case("norm-exclusive-minimum-30-vs-31", exclusive_31, [], old=exclusive_30)
case("norm-ref-cycle", tree, [], old=tree)
case("norm-ref-cycle-change", tree_required,
     [("request-property-became-required", f"{S}/Tree/properties/name"),
      ("response-property-became-required", f"{S}/Tree/properties/name")], old=tree)
case("norm-allof-merge", split_allof, [])
case("norm-path-param-rename", rename_path_param, [])
case("norm-implicit-object-type", omit_object_type, [])


def main() -> None:
    if OUT.exists():
        for sub in OUT.iterdir():
            if sub.is_dir():
                shutil.rmtree(sub)
    for name, (old_edit, new_edit, expected) in CASES.items():
        old = base()
        if old_edit:
            old_edit(old)
        new = copy.deepcopy(old)
        new_edit(new)
        folder = OUT / name
        folder.mkdir(parents=True)
        for fname, doc in (("old.yaml", old), ("new.yaml", new)):
            (folder / fname).write_text(yaml.safe_dump(doc, sort_keys=False, width=110), encoding="utf-8")
        (folder / "expected.yaml").write_text(yaml.safe_dump(
            {"changes": [{"rule": r, "pointer": p} for r, p in expected]}, sort_keys=False), encoding="utf-8")
    print(f"wrote {len(CASES)} cases into {OUT}")


if __name__ == "__main__":
    main()
