"""One test per lint rule: a small inline YAML document where the rule fires (at the expected pointer), and the
clean variant where it stays silent. Only the rule under test runs, so each document can stay tiny."""
from __future__ import annotations

import pytest

from gateway_docs.lint.engine import run_rules
from gateway_docs.lint.rules import RULES
from gateway_docs.load import load_spec

HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'
OK = "{description: ok, content: {application/json: {schema: {type: object}}}}"


def POST(props: str, required: str = "") -> str:
    """POST /a with a JSON request body schema of these properties (and an optional ``required:`` line)."""
    return ("paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
            f"            schema:\n              type: object\n{required}              properties: {props}\n"
            "      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object}}}}\n")


# rule id -> (bad document, clean document, a pointer the finding must carry (prefix match))
CASES: dict[str, tuple[str, str, str]] = {
    "struct": (
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: strin}}}}\n",
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: string}}}}\n",
        "/paths/~1a/get/responses/200/content/application~1json/schema/type",
    ),
    "no-unresolved-refs": (
        "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n",
        "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n",
        "",  # resolvable: see test_unresolved_ref_is_a_finding for the bad case (the loader refuses it)
    ),
    "server-https": (
        "servers: [{url: 'http://api.example.com'}]\npaths: {}\n",
        "servers: [{url: 'https://api.example.com'}, {url: 'http://localhost:8080'}]\npaths: {}\n",
        "/servers/0/url",
    ),
    "no-server-trailing-slash": (
        "servers: [{url: 'https://api.example.com/'}]\npaths: {}\n",
        "servers: [{url: 'https://api.example.com'}]\npaths: {}\n",
        "/servers/0/url",
    ),
    "security-defined": (
        f"paths:\n  /a:\n    get:\n      security: [{{Key: []}}]\n      responses: {{'200': {OK}}}\n  /b:\n"
        f"    get:\n      responses: {{'200': {OK}}}\n"
        "components: {securitySchemes: {Key2: {type: http, scheme: bearer}}}\n",
        f"security: [{{Key: []}}]\npaths:\n  /a:\n    get:\n      responses: {{'200': {OK}}}\n  /health:\n"
        f"    get:\n      security: []\n      responses: {{'200': {OK}}}\n"
        "components: {securitySchemes: {Key: {type: http, scheme: bearer}}}\n",
        "/paths/~1a/get/security/0/Key",
    ),
    "tags-defined": (
        f"tags: [{{name: Unused}}]\npaths:\n  /a:\n    get:\n      tags: [Chat]\n      responses: {{'200': {OK}}}\n",
        f"tags: [{{name: Chat}}]\npaths:\n  /a:\n    get:\n      tags: [Chat]\n      responses: {{'200': {OK}}}\n",
        "/paths/~1a/get/tags/0",
    ),
    "no-unused-components": (
        "paths: {}\ncomponents:\n  schemas:\n    Used: {type: object, properties: {x: {$ref: '#/components/schemas/X'}}}\n"
        "    X: {type: string}\n",
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json: {schema: {$ref: '#/components/schemas/Used'}}\n"
        "components:\n  schemas:\n    Used: {type: object, properties: {x: {$ref: '#/components/schemas/X'}}}\n"
        "    X: {type: string}\n",
        "/components/schemas/Used",
    ),
    "no-ambiguous-paths": (
        f"paths:\n  /v1/{{kind}}/list: {{get: {{responses: {{'200': {OK}}}}}}}\n"
        f"  /v1/models/{{id}}: {{get: {{responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /users/me: {{get: {{responses: {{'200': {OK}}}}}}}\n"
        f"  /users/{{id}}: {{get: {{parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}],"
        f" responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1v1~1models~1{id}",
    ),
    "no-path-trailing-slash": (
        f"paths:\n  /v1/models/: {{get: {{responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /v1/models: {{get: {{responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1v1~1models~1",
    ),
    "path-params-defined": (
        f"paths:\n  /m/{{id}}:\n    get:\n      parameters: [{{name: other, in: path, required: true, schema: {{type: string}}}}]\n"
        f"      responses: {{'200': {OK}}}\n",
        f"paths:\n  /m/{{id}}:\n    parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n"
        f"    get:\n      responses: {{'200': {OK}}}\n",
        "/paths/~1m~1{id}/get",
    ),
    "operation-operationId": (
        f"paths:\n  /a: {{get: {{responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{operationId: getA, responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1a/get",
    ),
    "operation-operationId-unique": (
        f"paths:\n  /a: {{get: {{operationId: x, responses: {{'200': {OK}}}}}}}\n"
        f"  /b: {{get: {{operationId: x, responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{operationId: x, responses: {{'200': {OK}}}}}}}\n"
        f"  /b: {{get: {{operationId: y, responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1b/get/operationId",
    ),
    "operation-operationId-url-safe": (
        f"paths:\n  /a: {{get: {{operationId: 'get a/b', responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{operationId: get-a.b_c~d, responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1a/get/operationId",
    ),
    "operation-summary": (
        f"paths:\n  /a: {{get: {{summary: ' ', responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{summary: Get A, responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1a/get",
    ),
    "operation-description": (
        f"paths:\n  /a: {{get: {{responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{description: Gets A., responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1a/get",
    ),
    "operation-tags": (
        f"paths:\n  /a: {{get: {{tags: [], responses: {{'200': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{tags: [A], responses: {{'200': {OK}}}}}}}\n",
        "/paths/~1a/get",
    ),
    "operation-2xx-response": (
        "paths:\n  /a: {post: {responses: {'200': {description: Request accepted}}}}\n"
        f"  /b: {{get: {{responses: {{'404': {OK}}}}}}}\n",
        f"paths:\n  /a: {{post: {{responses: {{'200': {OK}}}}}}}\n"
        "  /b: {delete: {responses: {'204': {description: gone}}}}\n"
        "webhooks:\n  done: {post: {responses: {'200': {description: acknowledged}}}}\n",
        "/paths/~1a/post/responses/200",
    ),
    "operation-4xx-response": (
        f"paths:\n  /a: {{get: {{responses: {{'200': {OK}, '500': {OK}}}}}}}\n",
        f"paths:\n  /a: {{get: {{responses: {{'200': {OK}, '4XX': {OK}}}}}}}\n",
        "/paths/~1a/get/responses",
    ),
    "request-body-required": (
        POST("{model: {type: string}}"),
        POST("{model: {type: string}}", required="              required: [model]\n"),
        "/paths/~1a/post/requestBody/content/application~1json/schema",
    ),
    "valid-examples": (
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Req'}\n            example: {temperature: null, n: 0}\n"
        f"      responses: {{'200': {OK}}}\n"
        "components:\n  schemas:\n    Req:\n      type: object\n      properties:\n"
        "        temperature: {type: number, nullable: true}\n        n: {type: integer, minimum: 1, example: 0}\n",
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Req'}\n            example: {temperature: null, n: 1}\n"
        f"      responses: {{'200': {OK}}}\n"
        "components:\n  schemas:\n    Req:\n      type: object\n      properties:\n"
        "        temperature: {type: number, nullable: true}\n        n: {type: integer, minimum: 1, example: 2}\n",
        "/paths/~1a/post/requestBody/content/application~1json/example/n",
    ),
    "enum-unique-typed": (
        "paths: {}\ncomponents:\n  schemas:\n    E: {type: string, enum: [low, low, 3]}\n",
        "paths: {}\ncomponents:\n  schemas:\n    E: {type: string, nullable: true, enum: [low, high, null]}\n",
        "/components/schemas/E/enum/1",
    ),
    "nullable-type": (
        "paths: {}\ncomponents:\n  schemas:\n    S: {nullable: true, anyOf: [{type: string}, {type: array, items: {type: string}}]}\n",
        "paths: {}\ncomponents:\n  schemas:\n    S: {anyOf: [{type: string, nullable: true}, {type: array, items: {type: string}}]}\n",
        "/components/schemas/S/nullable",
    ),
    "no-zod-null-branch": (
        "paths: {}\ncomponents:\n  schemas:\n    T: {anyOf: [{type: number}, {type: string, nullable: true, enum: [null]}]}\n",
        "paths: {}\ncomponents:\n  schemas:\n    T: {type: number, nullable: true}\n",
        "/components/schemas/T/anyOf/1",
    ),
    "anyof-redundant": (
        "paths: {}\ncomponents:\n  schemas:\n    M: {anyOf: [{anyOf: [{type: string}, {type: string}]}, {type: string}]}\n"
        "    One: {oneOf: [{type: string}]}\n",
        "paths: {}\ncomponents:\n  schemas:\n    M: {anyOf: [{type: string}, {type: integer}]}\n",
        "/components/schemas/M/anyOf/0/anyOf/1",
    ),
    "union-discriminator-required": (
        "paths: {}\ncomponents:\n  schemas:\n    U:\n      anyOf:\n"
        "        - {type: object, required: [text], properties: {type: {type: string, enum: [input_text], default: input_text}, text: {type: string}}}\n"
        "        - {type: object, required: [type, url], properties: {type: {type: string, enum: [input_image]}, url: {type: string}}}\n",
        "paths: {}\ncomponents:\n  schemas:\n    U:\n      anyOf:\n"
        "        - {type: object, required: [type, text], properties: {type: {type: string, enum: [input_text]}, text: {type: string}}}\n"
        "        - {type: object, required: [type, url], properties: {type: {type: string, enum: [input_image]}, url: {type: string}}}\n",
        "/components/schemas/U/anyOf/0",
    ),
    "no-safe-integer-bounds": (
        "paths: {}\ncomponents:\n  schemas:\n    I: {type: integer, minimum: -9007199254740991, maximum: 9007199254740991}\n",
        "paths: {}\ncomponents:\n  schemas:\n    I: {type: integer, minimum: 0, maximum: 20}\n",
        "/components/schemas/I/maximum",
    ),
    "number-bounds": (
        POST("{temperature: {anyOf: [{type: number}, {type: string}]}, seed: {type: integer}}"),
        POST("{temperature: {type: number, minimum: 0, maximum: 2}, seed: {type: integer}}"),
        "/paths/~1a/post/requestBody/content/application~1json/schema/properties/temperature",
    ),
    "additional-properties-consistent": (
        "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, additionalProperties: false, properties: {x: {type: string}}}\n"
        "    B: {type: object, additionalProperties: {}, properties: {x: {type: string}}}\n",
        "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, additionalProperties: false, properties: {x: {type: string}}}\n"
        "    Meta: {type: object, additionalProperties: true}\n",
        "/components/schemas/B/additionalProperties",
    ),
    "consistent-inline-objects": (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {opts: {type: object, required: [budget], properties: {budget: {type: integer}}}}}\n"
        "    B: {type: object, properties: {opts: {type: object, properties: {budget: {type: integer}}}}}\n",
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {opts: {type: object, required: [budget], properties: {budget: {type: integer}}}}}\n"
        "    B: {type: object, properties: {opts: {type: object, required: [budget], properties: {budget: {type: integer}}}}}\n",
        "/components/schemas/B/properties/opts",
    ),
    "no-duplicate-inline-schemas": (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {tags: {type: array, items: {type: string, minLength: 1}}}}\n"
        "    B: {type: object, properties: {labels: {type: array, items: {type: string, minLength: 1}}}}\n",
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {tags: {$ref: '#/components/schemas/Names'}, n: {type: string, description: 'a name here'}}}\n"
        "    B: {type: object, properties: {labels: {$ref: '#/components/schemas/Names'}, n: {type: string, description: 'a name here'}}}\n"
        "    Names: {type: array, items: {type: string, minLength: 1}}\n",
        "/components/schemas/A/properties/tags",
    ),
    "property-description": (
        "paths: {}\ncomponents:\n  schemas:\n    P: {type: object, properties: {a: {type: string}}}\n",
        "paths: {}\ncomponents:\n  schemas:\n    P: {type: object, properties: {a: {type: string, description: An a.},"
        " b: {$ref: '#/components/schemas/B'}}}\n    B: {type: string, description: A b.}\n",
        "/components/schemas/P/properties/a",
    ),
    "gateway-streaming": (
        POST("{stream: {type: boolean}}"),
        POST("{stream: {type: boolean}}").replace("{application/json: {schema: {type: object}}}",
                                                  "{text/event-stream: {schema: {type: object}}}"),
        "/paths/~1a/post/responses",
    ),
    "gateway-error-schema": (
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n        '500':\n"
        "          description: bad\n          content:\n            application/json:\n"
        "              schema: {type: object, properties: {error: {type: string}}}\n"
        "components: {schemas: {Error: {type: object}}}\n",
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"
        "        '500': {$ref: '#/components/responses/Oops'}\n"
        "components:\n  schemas: {Error: {type: object}}\n  responses:\n    Oops:\n      description: bad\n"
        "      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/Error'}\n",
        "/paths/~1a/get/responses/500/content/application~1json/schema",
    ),
    "gateway-examples": (
        "paths:\n  /a: {post: {requestBody: {content: {application/json: {schema: {type: object}}}}, "
        "responses: {'200': {description: ok, content: {application/json: {schema: {type: object}, example: {}}}}}}}\n",
        "paths:\n  /a: {post: {requestBody: {content: {application/json: {schema: {type: object}, examples: "
        "{one: {value: {}}}}}}, responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object}, example: {}}}}}}}\n",
        "/paths/~1a/post/requestBody/content/application~1json",
    ),
}


def lint_text(tmp_path, text: str, rule_id: str, name: str = "spec.yaml"):
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    spec = load_spec(path)
    return run_rules(spec, [(RULES[rule_id], RULES[rule_id].severity)]).findings


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_bad_and_not_on_clean(tmp_path, rule_id):
    bad, good, pointer = CASES[rule_id]
    assert lint_text(tmp_path, good, rule_id) == [], f"{rule_id} fired on the clean document"
    if rule_id == "no-unresolved-refs":
        return  # the bad case goes through the loader: test_unresolved_ref_is_a_finding
    findings = lint_text(tmp_path, bad, rule_id)
    assert findings, f"{rule_id} did not fire"
    assert all(f.rule == rule_id for f in findings)
    assert any(f.pointer == pointer for f in findings), [f.pointer for f in findings]
    hit = next(f for f in findings if f.pointer == pointer)
    assert hit.location.file.endswith("spec.yaml") and hit.location.line > 2
    assert hit.docs.endswith(f"lint-rules.md#{rule_id}")


def test_nullable_number_null_example_is_not_a_finding(tmp_path):
    """Spectral's and Redocly's famous false positive: null on a nullable number is valid OAS 3.0."""
    doc = ("paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
           "            schema: {type: object, properties: {temperature: {type: number, nullable: true}}}\n"
           "            example: {temperature: null}\n      responses: {'200': {description: ok}}\n")
    assert lint_text(tmp_path, doc, "valid-examples") == []
    doc_bad = doc.replace("nullable: true", "nullable: false")
    (finding,) = lint_text(tmp_path, doc_bad, "valid-examples")
    assert finding.pointer.endswith("/example/temperature")


def test_stream_example_lines_are_validated(tmp_path):
    doc = ("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n"
           "            text/event-stream:\n              schema: {type: object, required: [id], properties: {id: {type: string}}}\n"
           "              example: \"data: {\\\"id\\\": \\\"a\\\"}\\n\\ndata: {\\\"error\\\": {\\\"message\\\": \\\"x\\\"}}\\n\\ndata: [DONE]\\n\\n\"\n"
           "components:\n  schemas:\n    Error: {type: object, required: [error], properties: {error: {type: object}}}\n")
    assert lint_text(tmp_path, doc, "valid-examples") == []  # the error event matches the shared error schema
    bad = doc.replace('{\\\"id\\\": \\\"a\\\"}', '{\\\"id\\\": 3}')
    (finding,) = lint_text(tmp_path, bad, "valid-examples")
    assert "line 1" in finding.message


def test_unresolved_ref_is_a_finding(tmp_path):
    from gateway_docs.lint import lint_path
    path = tmp_path / "spec.yaml"
    path.write_text(HEAD + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/Nope'}\n")
    result = lint_path(str(path))
    (finding,) = result.findings
    assert finding.rule == "no-unresolved-refs" and finding.severity == "error"
    assert finding.pointer == "/components/schemas/A/$ref"
    assert (finding.location.line, finding.location.col) == (6, 9)


def test_finding_located_through_fragments(tmp_path):
    """A finding in a schema that came from another file points at that file."""
    (tmp_path / "openapi.yaml").write_text(HEAD + "paths: {}\n")
    (tmp_path / "schemas.yaml").write_text("components:\n  schemas:\n    T:\n      anyOf:\n        - {type: number}\n"
                                           "        - {type: string, nullable: true, enum: [null]}\n")
    spec = load_spec(tmp_path)
    (f,) = run_rules(spec, [(RULES["no-zod-null-branch"], "error")]).findings
    assert f.location.file.endswith("schemas.yaml") and f.location.line == 6
