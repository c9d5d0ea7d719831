"""The published contract, specs/ai-gateway.openapi.json: faithful to upstream's request fields, fully described,
every operation documented, every example valid under OAS 3.0 semantics, one error schema, no copy-pasted schemas.

Every failure message names the JSON pointer (in our spec, and in upstream's where it applies) that is wrong.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from gateway_docs.core.refs import follow_refs
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "specs" / "ai-gateway.openapi.json"
UPSTREAM_PATH = ROOT / "tests" / "fixtures" / "upstream" / "helicone" / "ai-gateway.openapi.json"

SPEC_URI = "urn:gateway-docs:spec"
MAX_SAFE_INTEGER = 9007199254740991  # z.number().int() noise upstream; not a real bound
ZOD_NULL = {"type": "string", "nullable": True, "enum": [None]}
POST_BODIES = {"/v1/chat/completions": "chat", "/v1/responses": "responses"}
# The one deliberate change to an upstream `required` list (upstream-spec.md §6.4: the runtime requires it).
EXTRA_REQUIRED = {("/v1/responses", ""): {"model"}}
NOT_DOCS = {"description", "title", "example", "examples"}


def esc(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def at(doc, pointer: str):
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@pytest.fixture(scope="module")
def spec():
    with SPEC_PATH.open() as f:
        return json.load(f)


@pytest.fixture(scope="module")
def registry(spec):
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT4))


def validator_at(registry, pointer: str):
    """An OAS 3.0 validator for the schema at `pointer`, resolving every $ref against the whole document."""
    return OAS30Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"}, registry=registry, format_checker=OAS30Validator.FORMAT_CHECKER
    )


# ---------------------------------------------------------------------------------------------------------------
# Walking schemas


def child_schemas(schema: dict, pointer: str):
    """(sub-schema, pointer) for every schema directly inside `schema`."""
    for name, sub in (schema.get("properties") or {}).items():
        yield sub, f"{pointer}/properties/{esc(name)}"
    for key in ("items", "not"):
        if isinstance(schema.get(key), dict):
            yield schema[key], f"{pointer}/{key}"
    if isinstance(schema.get("additionalProperties"), dict):
        yield schema["additionalProperties"], f"{pointer}/additionalProperties"
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key) or []):
            yield sub, f"{pointer}/{key}/{i}"


def walk(schema: dict, pointer: str):
    yield schema, pointer
    for sub, sub_pointer in child_schemas(schema, pointer):
        yield from walk(sub, sub_pointer)


def schema_roots(spec: dict):
    """Every schema written in the document: components, and the inline ones under paths and headers."""
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        yield schema, f"/components/schemas/{esc(name)}"
    for name, header in spec.get("components", {}).get("headers", {}).items():
        if "schema" in header:
            yield header["schema"], f"/components/headers/{esc(name)}/schema"
    for media, pointer in media_types(spec):
        if "schema" in media:
            yield media["schema"], f"{pointer}/schema"


def media_types(spec: dict):
    """(media type object, pointer) for request bodies and responses, in paths and components."""
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            base = f"/paths/{esc(path)}/{method}"
            for mt, media in op.get("requestBody", {}).get("content", {}).items():
                yield media, f"{base}/requestBody/content/{esc(mt)}"
            for status, resp in op.get("responses", {}).items():
                for mt, media in resp.get("content", {}).items():
                    yield media, f"{base}/responses/{status}/content/{esc(mt)}"
    for name, resp in spec.get("components", {}).get("responses", {}).items():
        for mt, media in resp.get("content", {}).items():
            yield media, f"/components/responses/{esc(name)}/content/{esc(mt)}"


def all_schema_nodes(spec: dict):
    for root, pointer in schema_roots(spec):
        yield from walk(root, pointer)


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            yield path, method, op, f"/paths/{esc(path)}/{method}"


# ---------------------------------------------------------------------------------------------------------------
# (a) every upstream request property, with a compatible schema


def deref(spec: dict, schema: dict, pointer: str):
    """Follow $ref and single-`allOf` wrappers (used to give a $ref a local description) to the real schema."""
    while True:
        if "$ref" in schema:
            pointer = schema["$ref"][1:]
            schema = at(spec, pointer)
        elif list(schema.get("allOf") or []) and len(schema["allOf"]) == 1 and "type" not in schema:
            schema, pointer = schema["allOf"][0], f"{pointer}/allOf/0"
        else:
            return schema, pointer


def upstream_variants(schema: dict, pointer: str):
    """Upstream's schema as a flat list of variants, with Zod null branches and nested anyOfs removed."""
    if "anyOf" not in schema:
        return [(schema, pointer)]
    out = []
    for i, sub in enumerate(schema["anyOf"]):
        if sub != ZOD_NULL:
            out.extend(upstream_variants(sub, f"{pointer}/anyOf/{i}"))
    unique = []
    for sub, sub_pointer in out:  # model: anyOf[anyOf[string, string], string] is one string
        if all(sub != seen for seen, _ in unique):
            unique.append((sub, sub_pointer))
    return unique


def our_variants(spec: dict, schema: dict, pointer: str):
    schema, pointer = deref(spec, schema, pointer)
    key = "anyOf" if "anyOf" in schema else "oneOf" if "oneOf" in schema else None
    if key is None:
        return [(schema, pointer)]
    out = []
    for i, sub in enumerate(schema[key]):
        out.extend(our_variants(spec, sub, f"{pointer}/{key}/{i}"))
    return out


def tag_enum(schema: dict, prop: str):
    """The non-null values of a single-purpose enum property (`type`, `role`) that labels a variant."""
    sub = (schema.get("properties") or {}).get(prop) or {}
    values = {v for v in (sub.get("enum") or []) if v is not None}
    if not values and "anyOf" in sub:  # upstream item_reference: anyOf[enum[item_reference], null]
        values = {v for b in sub["anyOf"] for v in b.get("enum") or [] if v is not None}
    return frozenset(values)


def match_variant(spec, up: dict, ours: list):
    """Our variant for one upstream variant: same JSON type, same `type`/`role` labels, most property names shared."""
    candidates = [(s, p) for s, p in ours if s.get("type") == up.get("type")]
    if up.get("type") == "object":
        labels = (tag_enum(up, "type"), tag_enum(up, "role"))
        resolved = [(s, p) for s, p in candidates]
        candidates = [(s, p) for s, p in resolved if (tag_enum(s, "type"), tag_enum(s, "role")) == labels]
        names = set(up.get("properties") or {})
        candidates.sort(key=lambda sp: -len(names & set(sp[0].get("properties") or {})))
    return candidates[0] if candidates else (None, None)


def normalized_additional(schema: dict):
    value = schema.get("additionalProperties", True)
    return True if value == {} else value


def compare(spec, registry, up, up_ptr, ours, our_ptr, problems, path_key):
    where = f"{our_ptr} (upstream {up_ptr})"
    up_null = "anyOf" in up and ZOD_NULL in up["anyOf"] or up.get("nullable") is True
    our_null = validator_at(registry, our_ptr).is_valid(None)
    if up_null != our_null:
        problems.append(f"{where}: upstream {'accepts' if up_null else 'rejects'} null, ours does not agree")

    up_vars = upstream_variants(up, up_ptr)
    our_vars = our_variants(spec, ours, our_ptr)
    if len(up_vars) > 1 or len(our_vars) > 1:
        for up_v, up_v_ptr in up_vars:
            our_v, our_v_ptr = match_variant(spec, up_v, our_vars)
            if our_v is None:
                problems.append(f"{where}: no variant matches upstream variant {up_v_ptr}")
            else:
                compare_one(spec, registry, up_v, up_v_ptr, our_v, our_v_ptr, problems, path_key)
        return
    compare_one(spec, registry, up_vars[0][0], up_vars[0][1], our_vars[0][0], our_vars[0][1], problems, path_key)


def compare_one(spec, registry, up, up_ptr, ours, our_ptr, problems, path_key):
    where = f"{our_ptr} (upstream {up_ptr})"
    ours, our_ptr = deref(spec, ours, our_ptr)
    if "type" in up and up.get("type") != ours.get("type"):
        problems.append(f"{where}: type {ours.get('type')!r}, upstream {up['type']!r}")
        return
    up_enum = {v for v in up.get("enum") or [] if v is not None}
    our_enum = {v for v in ours.get("enum") or [] if v is not None}
    if up_enum != our_enum:
        problems.append(f"{where}: enum {sorted(our_enum)}, upstream {sorted(up_enum)}")
    for key in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "format", "default"):
        up_value = up.get(key)
        if key in ("minimum", "maximum") and up_value is not None and abs(up_value) == MAX_SAFE_INTEGER:
            up_value = None
        if up_value != ours.get(key):
            problems.append(f"{where}: {key} {ours.get(key)!r}, upstream {up_value!r}")
    local = up_ptr.split("/schema", 1)[1] if "/schema" in up_ptr else up_ptr
    expected_required = set(up.get("required") or []) | EXTRA_REQUIRED.get((path_key, local), set())
    if expected_required != set(ours.get("required") or []):
        problems.append(f"{where}: required {sorted(ours.get('required') or [])}, upstream {sorted(expected_required)}")
    up_add, our_add = normalized_additional(up), normalized_additional(ours)
    if isinstance(up_add, dict) and isinstance(our_add, dict):
        compare(spec, registry, up_add, f"{up_ptr}/additionalProperties", our_add,
                f"{our_ptr}/additionalProperties", problems, path_key)
    elif up_add != our_add:
        problems.append(f"{where}: additionalProperties {our_add!r}, upstream {up_add!r}")
    up_props, our_props = up.get("properties") or {}, ours.get("properties") or {}
    for name in sorted(set(our_props) - set(up_props)):
        extra = follow_refs(spec, our_props[name])[0]
        if isinstance(extra, dict) and "x-gateway-support" in extra:  # an OpenAI field the contract accepts beyond upstream (gateway-docs drift)
            continue
        problems.append(f"{our_ptr}/properties/{esc(name)}: not an upstream request property (upstream {up_ptr})")
    for name, sub in up_props.items():
        if name not in our_props:
            problems.append(f"{our_ptr}/properties/{esc(name)}: missing (upstream {up_ptr}/properties/{esc(name)})")
            continue
        compare(spec, registry, sub, f"{up_ptr}/properties/{esc(name)}", our_props[name],
                f"{our_ptr}/properties/{esc(name)}", problems, path_key)
    if "items" in up:
        if "items" not in ours:
            problems.append(f"{where}: no items schema")
        else:
            compare(spec, registry, up["items"], f"{up_ptr}/items", ours["items"], f"{our_ptr}/items",
                    problems, path_key)


@pytest.mark.parametrize("path", sorted(POST_BODIES))
def test_every_upstream_request_property_is_kept(spec, registry, path):
    upstream = json.loads(UPSTREAM_PATH.read_text())
    tail = f"/paths/{esc(path)}/post/requestBody/content/application~1json/schema"
    problems: list[str] = []
    compare(spec, registry, at(upstream, tail), tail, at(spec, tail), tail, problems, path)
    assert not problems, f"{len(problems)} differences from upstream:\n" + "\n".join(problems)


def test_upstream_comparison_catches_a_dropped_property(spec, registry):
    """The comparison itself must be able to fail: remove one deep property from a copy and expect it named."""
    upstream = json.loads(UPSTREAM_PATH.read_text())
    broken = json.loads(json.dumps(spec))
    del broken["components"]["schemas"]["ChatImageContentPart"]["properties"]["image_url"]["properties"]["detail"]
    broken_registry = Registry().with_resource(SPEC_URI, Resource.from_contents(broken, DRAFT4))
    tail = "/paths/~1v1~1chat~1completions/post/requestBody/content/application~1json/schema"
    problems: list[str] = []
    compare(broken, broken_registry, at(upstream, tail), tail, at(broken, tail), tail, problems, "/v1/chat/completions")
    assert any("/ChatImageContentPart/properties/image_url/properties/detail: missing" in p for p in problems), problems


# ---------------------------------------------------------------------------------------------------------------
# (b) descriptions


def test_every_schema_and_property_is_described(spec):
    missing = [p for node, p in all_schema_nodes(spec) if "$ref" not in node and not str(node.get("description", "")).strip()]
    assert not missing, f"{len(missing)} schemas without a description:\n" + "\n".join(missing)


def test_every_ref_target_is_described(spec):
    """A bare `$ref` property shows its target's description, so every target needs one."""
    missing = sorted({n["$ref"] for n, _ in all_schema_nodes(spec)
                      if "$ref" in n and not str(at(spec, n["$ref"][1:]).get("description", "")).strip()})
    assert not missing, "referenced schemas without a description: " + ", ".join(missing)


def test_variant_components_have_title_and_label(spec):
    """Every object variant of a oneOf/anyOf is a named component with a title; discriminated ones carry the label."""
    problems = []
    for node, pointer in all_schema_nodes(spec):
        for key in ("oneOf", "anyOf"):
            for i, sub in enumerate(node.get(key) or []):
                if "$ref" not in sub and sub.get("type") == "object":
                    problems.append(f"{pointer}/{key}/{i}: object variant must be a named component ($ref)")
                elif "$ref" in sub and at(spec, sub["$ref"][1:]).get("type") == "object":
                    if not at(spec, sub["$ref"][1:]).get("title"):
                        problems.append(f"{sub['$ref'][1:]}: variant component without a title ({pointer}/{key}/{i})")
        disc = node.get("discriminator")
        if disc:
            prop = disc["propertyName"]
            for value, ref in disc.get("mapping", {}).items():
                target = at(spec, ref[1:])
                if prop not in target.get("required", []) or target["properties"][prop].get("enum") != [value]:
                    problems.append(f"{ref[1:]}: must require {prop!r} with enum [{value!r}] ({pointer}/discriminator)")
            refs = {s["$ref"] for s in node.get("oneOf") or node.get("anyOf") or []}
            if refs != set(disc.get("mapping", {}).values()):
                problems.append(f"{pointer}/discriminator/mapping: does not list exactly the variants")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# (c) operations


def test_every_operation_is_documented(spec):
    problems = []
    for path, method, op, pointer in operations(spec):
        for key in ("operationId", "tags", "summary", "description", "security"):
            if not op.get(key):
                problems.append(f"{pointer}/{key}: missing or empty")
        if method == "post":
            media = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if not media.get("examples") and "example" not in media:
                problems.append(f"{pointer}/requestBody/content/application~1json/examples: no request example")
        ok = op.get("responses", {}).get("200", {})
        for mt, media in ok.get("content", {}).items():
            if not media.get("examples") and "example" not in media:
                problems.append(f"{pointer}/responses/200/content/{esc(mt)}/examples: no example")
        if not ok.get("content"):
            problems.append(f"{pointer}/responses/200/content: no response body")
    assert not problems, "\n".join(problems)


def test_operation_ids_tags_and_security(spec):
    got = {(path, method): (op["operationId"], op["tags"], op["security"]) for path, method, op, _ in operations(spec)}
    assert got == {
        ("/v1/chat/completions", "post"): ("createChatCompletion", ["Chat"], [{"HeliconeApiKey": []}]),
        ("/v1/responses", "post"): ("createResponse", ["Responses"], [{"HeliconeApiKey": []}]),
        ("/v1/models", "get"): ("listModels", ["Models"], [{}, {"HeliconeApiKey": []}]),
    }
    assert spec["components"]["securitySchemes"]["HeliconeApiKey"] == {
        **spec["components"]["securitySchemes"]["HeliconeApiKey"], "type": "http", "scheme": "bearer"}


def test_post_operations_stream(spec):
    for path in POST_BODIES:
        content = spec["paths"][path]["post"]["responses"]["200"]["content"]
        assert set(content) == {"application/json", "text/event-stream"}, f"/paths/{esc(path)}/post/responses/200/content"


# ---------------------------------------------------------------------------------------------------------------
# (d) examples


def sse_payloads(text: str, pointer: str):
    """The JSON payloads of an SSE text, checking the framing: blank-line separated events, `[DONE]` last if present."""
    assert text.endswith("\n\n"), f"{pointer}: an SSE stream ends each event with a blank line"
    events = [e for e in text.split("\n\n") if e.strip()]
    assert events, f"{pointer}: no events"
    for index, event in enumerate(events):
        fields = defaultdict(list)
        for line in event.split("\n"):
            name, _, value = line.partition(": ")
            fields[name].append(value)
        assert set(fields) <= {"event", "data"} and fields["data"], f"{pointer}: event {index} is not `event:`/`data:` lines"
        data = "\n".join(fields["data"])
        if data == "[DONE]":
            assert index == len(events) - 1, f"{pointer}: data: [DONE] must be the last event"
            continue
        payload = json.loads(data)
        if fields["event"]:
            assert fields["event"] == [payload.get("type")], f"{pointer}: event {index} name differs from its type"
        yield index, payload


def example_cases(spec):
    """(schema pointer, example value, example pointer, media type) for every example in the document."""
    for media, pointer in media_types(spec):
        mt = pointer.rsplit("/", 1)[1].replace("~1", "/")
        schema_ptr = f"{pointer}/schema"
        if "example" in media:
            yield schema_ptr, media["example"], f"{pointer}/example", mt
        for name, ex in (media.get("examples") or {}).items():
            yield schema_ptr, ex["value"], f"{pointer}/examples/{esc(name)}/value", mt
    for node, pointer in all_schema_nodes(spec):
        if "example" in node:
            yield pointer, node["example"], f"{pointer}/example", "application/json"


def test_there_are_examples_for_every_media_type(spec):
    pointers = {ex_ptr.split("/example")[0] for _, _, ex_ptr, _ in example_cases(spec)}
    missing = [p for _, p in media_types(spec) if p not in pointers]
    assert not missing, "media types without an example:\n" + "\n".join(missing)


def test_examples_validate_against_their_schemas(spec, registry):
    problems = []
    for schema_ptr, value, ex_ptr, mt in example_cases(spec):
        validator = validator_at(registry, schema_ptr)
        if mt == "text/event-stream":
            assert isinstance(value, str), f"{ex_ptr}: a stream example is the SSE text"
            items = [(f"{ex_ptr} (event {i})", payload) for i, payload in sse_payloads(value, ex_ptr)]
        else:
            items = [(ex_ptr, value)]
        for where, instance in items:
            for error in validator.iter_errors(instance):
                problems.append(f"{where}/{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    assert not problems, "\n".join(problems)


def test_example_validation_can_fail(spec, registry):
    value = at(spec, "/paths/~1v1~1chat~1completions/post/responses/200/content/application~1json/examples/text_reply/value")
    broken = json.loads(json.dumps(value))
    broken["choices"][0]["finish_reason"] = None  # not nullable on a complete chat completion
    pointer = "/paths/~1v1~1chat~1completions/post/responses/200/content/application~1json/schema"
    assert not validator_at(registry, pointer).is_valid(broken)


@pytest.mark.parametrize(
    "body",
    [
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stop": None},
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "temperature": None},
        {"model": "gpt-4o-mini", "messages": [{"role": "assistant", "content": None}], "service_tier": None},
    ],
)
def test_nullable_fixes_accept_null(registry, body):
    """upstream-spec.md §5/§6: `stop: null` failed OAS 3.0 validation upstream; Zod null branches are now `nullable`."""
    pointer = "/paths/~1v1~1chat~1completions/post/requestBody/content/application~1json/schema"
    errors = [e.message for e in validator_at(registry, pointer).iter_errors(body)]
    assert not errors, f"{pointer}: {errors}"


def test_responses_request_requires_a_model(registry):
    pointer = "/paths/~1v1~1responses/post/requestBody/content/application~1json/schema"
    assert not validator_at(registry, pointer).is_valid({"input": "hi"}), f"{pointer}/required must list model"
    assert validator_at(registry, pointer).is_valid({"model": "gpt-4o-mini", "input": "hi"}), pointer


# ---------------------------------------------------------------------------------------------------------------
# (e) errors


def test_every_error_response_uses_the_shared_error_schema(spec):
    problems = []
    for path, method, op, pointer in operations(spec):
        statuses = set(op["responses"])
        # What the gateway returns: 403/413 (permission, body size) and 502/503/504 (provider unusable, none
        # available, upstream timeout) as well, on the two model-calling operations.
        for needed in ({"429", "500", "503"} if method == "get" else
                       {"400", "401", "403", "404", "413", "429", "500", "502", "503", "504"}):
            if needed not in statuses:
                problems.append(f"{pointer}/responses/{needed}: missing")
        for status, resp in op["responses"].items():
            if status.startswith(("4", "5")) or status == "default":
                if not resp.get("$ref", "").startswith("#/components/responses/"):
                    problems.append(f"{pointer}/responses/{status}: must be a $ref to #/components/responses/...")
    for name, resp in spec["components"]["responses"].items():
        pointer = f"/components/responses/{esc(name)}"
        if resp.get("content", {}).get("application/json", {}).get("schema") != {"$ref": "#/components/schemas/Error"}:
            problems.append(f"{pointer}/content/application~1json/schema: must be $ref #/components/schemas/Error")
        if "x-request-id" not in resp.get("headers", {}):
            problems.append(f"{pointer}/headers/x-request-id: missing")
    retry = spec["components"]["responses"]["TooManyRequests"].get("headers", {})
    if not {"retry-after", "retry-after-ms"} <= set(retry):
        problems.append("/components/responses/TooManyRequests/headers: needs retry-after and retry-after-ms")
    error = spec["components"]["schemas"]["Error"]["properties"]["error"]
    if set(error.get("required", [])) != {"message", "type", "param", "code"}:
        problems.append("/components/schemas/Error/properties/error/required: must list message, type, param, code")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# (f) no copy-pasted inline schemas


def canonical(schema: dict) -> str:
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in NOT_DOCS}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    return json.dumps(strip(schema), sort_keys=True, separators=(",", ":"))


def duplicated_schemas(spec: dict) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = defaultdict(list)
    for node, pointer in all_schema_nodes(spec):
        if "$ref" in node:
            continue
        # Coincidences of shape between different fields (two booleans, an array of one $ref, a one-value tag
        # enum) are not copies; a copy has structure: properties, or a real enumeration.
        structured = "properties" in node or len(node.get("enum") or []) > 1
        text = canonical(node)
        if structured and len(text) > 40:
            seen[text].append(pointer)
    return {text: ptrs for text, ptrs in seen.items() if len(ptrs) > 1}


def test_no_duplicated_inline_schemas(spec):
    dupes = duplicated_schemas(spec)
    assert not dupes, "the same schema is written more than once; make it one component:\n" + "\n".join(
        f"{' and '.join(ptrs)}: {text[:120]}" for text, ptrs in dupes.items())


def test_duplicate_detection_can_fail(spec):
    broken = json.loads(json.dumps(spec))
    schemas = broken["components"]["schemas"]
    schemas["CopyOfText"] = json.loads(json.dumps(schemas["ChatTextContentPart"]))
    assert any("/components/schemas/CopyOfText" in ptrs for ptrs in duplicated_schemas(broken).values())
