"""Generate a synthetic Stripe-size OpenAPI 3.0 spec (no Stripe spec ships in a registry package we may use).

Shape modelled on Stripe's spec3.json: ~420 operations over ~85 resources (list/create/retrieve/update/delete),
one component schema per resource with ~60 described properties (scalars, enums, nullable fields, nested
objects, expandable anyOf fields, arrays), shared parameters and error responses, and request/response
examples. Deterministic: same output every run.

    python benchmarks/gen_large_spec.py OUT.json [OUT.yaml]
"""
from __future__ import annotations

import json
import random
import sys

RESOURCES = 85
PROPS = 80


def _prop(rng: random.Random, i: int, names: list[str]) -> dict:
    kind = i % 9
    desc = f"Field {i} of this object. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."
    if kind == 0:
        return {"type": "string", "description": desc, "maxLength": 5000}
    if kind == 1:
        return {"type": "integer", "description": desc, "minimum": 0}
    if kind == 2:
        return {"type": "string", "enum": [f"value_{j}" for j in range(rng.randint(2, 7))], "description": desc}
    if kind == 3:
        return {"type": "boolean", "description": desc}
    if kind == 4:
        return {"type": "string", "nullable": True, "description": desc, "maxLength": 5000}
    if kind == 5:
        return {"anyOf": [{"maxLength": 5000, "type": "string"},
                          {"$ref": f"#/components/schemas/{rng.choice(names)}"}],
                "description": desc, "x-expansionResources": {"oneOf": [{"$ref": f"#/components/schemas/{rng.choice(names)}"}]}}
    if kind == 6:
        return {"type": "object", "description": desc, "properties": {
            f"sub_{j}": {"type": "string", "description": f"Sub-field {j}.", "maxLength": 5000} for j in range(6)},
            "required": ["sub_0"]}
    if kind == 7:
        return {"type": "array", "description": desc, "items": {"type": "string", "maxLength": 5000}}
    return {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500}, "description": desc,
            "nullable": True}


WORDS = ("the object amount currency customer payment invoice charge refund account balance transfer source card "
         "bank subscription plan price product event webhook identifier timestamp unix seconds status description "
         "metadata set of key value pairs that you can attach useful for storing additional information").split()


def generate() -> dict:
    rng = random.Random(42)
    names = [f"Resource{i:03d}" for i in range(RESOURCES)]
    schemas: dict = {}
    paths: dict = {}
    for n, name in enumerate(names):
        props = {"id": {"type": "string", "description": "Unique identifier for the object.", "maxLength": 5000},
                 "object": {"type": "string", "enum": [name.lower()], "description": "String representing the object's type."}}
        for i in range(PROPS):
            props[f"field_{i}"] = _prop(rng, i + n, names)
        schemas[name] = {"type": "object", "title": name, "description": f"The {name} object.",
                         "properties": props, "required": ["id", "object"]}
        example = {"id": f"{name.lower()}_123", "object": name.lower()}
        base = f"/v1/{name.lower()}s"
        tag = name
        ref = {"$ref": f"#/components/schemas/{name}"}
        errors = {"400": {"$ref": "#/components/responses/BadRequest"}, "default": {"$ref": "#/components/responses/Error"}}
        body = {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["field_0"],
            "properties": {f"field_{i}": {"type": "string", "description": f"Field {i}.", "maxLength": 5000}
                           for i in range(12)}}, "example": {"field_0": "x"}}}}
        ok = {"description": "Successful response.", "content": {"application/json": {"schema": ref, "example": example}}}
        list_schema = {"type": "object", "required": ["data", "has_more", "object", "url"], "properties": {
            "data": {"type": "array", "items": ref, "description": "Details about each object."},
            "has_more": {"type": "boolean", "description": "True if this list has another page after this one."},
            "object": {"type": "string", "enum": ["list"], "description": "Always `list`."},
            "url": {"type": "string", "maxLength": 5000, "description": "The URL where this list can be accessed."}}}
        id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 5000},
                    "description": "The identifier of the object."}

        def op(op_id, summary, responses, **extra):
            return {"operationId": op_id, "summary": summary, "description": f"{summary}. " * 4, "tags": [tag],
                    "responses": responses, **extra}

        paths[base] = {
            "get": op(f"list{name}s", f"List {name}s", {"200": {"description": "Successful response.", "content": {
                "application/json": {"schema": list_schema, "example": {"data": [], "has_more": False,
                                                                          "object": "list", "url": base}}}}, **errors},
                      parameters=[{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/starting_after"}]),
            "post": op(f"create{name}", f"Create a {name}", {"200": ok, **errors}, requestBody=body),
        }
        paths[f"{base}/{{id}}"] = {
            "parameters": [id_param],
            "get": op(f"retrieve{name}", f"Retrieve a {name}", {"200": ok, **errors}),
            "post": op(f"update{name}", f"Update a {name}", {"200": ok, **errors}, requestBody=body),
            "delete": op(f"delete{name}", f"Delete a {name}", {"200": ok, **errors}),
        }
    schemas["Error"] = {"type": "object", "description": "An error.", "required": ["error"], "properties": {
        "error": {"type": "object", "description": "Details.", "properties": {
            "message": {"type": "string", "description": "What went wrong.", "maxLength": 5000},
            "type": {"type": "string", "enum": ["api_error", "card_error", "invalid_request_error"],
                     "description": "The kind of error."}}}}}
    err = {"description": "Error response.", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "openapi": "3.0.0",
        "info": {"title": "Synthetic Stripe-size API", "version": "2024-01-01", "description": "Benchmark input."},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"basicAuth": []}],
        "tags": [{"name": name, "description": f"{name} operations."} for name in names],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}},
            "parameters": {
                "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                          "description": "A limit on the number of objects to be returned."},
                "starting_after": {"name": "starting_after", "in": "query", "schema": {"type": "string", "maxLength": 5000},
                                   "description": "A cursor for use in pagination."}},
            "responses": {"BadRequest": err, "Error": err},
        },
    }


def main(argv: list[str]) -> int:
    spec = generate()
    text = json.dumps(spec, indent=2) + "\n"
    with open(argv[0], "w", encoding="utf-8") as fh:
        fh.write(text)
    if len(argv) > 1:
        import yaml
        with open(argv[1], "w", encoding="utf-8") as fh:
            yaml.dump(spec, fh, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=120)
    ops = sum(1 for item in spec["paths"].values() for k in item if k != "parameters")
    print(f"{argv[0]}: {len(text) / 1e6:.1f} MB, {ops} operations, {len(spec['components']['schemas'])} schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
