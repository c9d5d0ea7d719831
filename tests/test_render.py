"""Reference page rendering: every schema construct, escaping, templates, slugs, --check, big specs."""
from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from gateway_docs.cli import main
from gateway_docs.load import load_spec
from gateway_docs.core.slugs import operation_slug, schema_slug
from gateway_docs.render import MARKER, Reference, render_reference
from gateway_docs.render.escape import md_block, md_inline

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.magiclink"]


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=EXTENSIONS, extension_configs={
        "pymdownx.tabbed": {"alternate_style": True}})


def spec_with(schemas: dict, body_ref: str = "Root", **op_extra) -> dict:
    op = {"operationId": "doThing", "summary": "Do a thing", "tags": ["Things"],
          "requestBody": {"required": True, "content": {"application/json": {
              "schema": {"$ref": f"#/components/schemas/{body_ref}"}}}},
          "responses": {"200": {"description": "OK"}}}
    op.update(op_extra)
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/v1/things/{id}": {"post": op}}, "components": {"schemas": schemas}}


def page(data: dict, **kw) -> str:
    return render_reference(data, **kw)["post-v1-things-id.md"]


def fields(html: str) -> dict[str, str]:
    """Each field of a rendered page: {anchor: the HTML of its head line and text, up to the next field}."""
    parts = re.split(r'<div (?:class="[^"]*" )?id="([^"]+)">', html)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def head(md_text: str, name: str) -> str:
    """The head line of a field (HTML in the page's fragment): name, type, required/optional."""
    return next(line for line in md_text.splitlines() if line.startswith(f"<p><code>{name}</code> <em>"))


# ------------------------------------------------------------------------------------------------- slugs
def test_slugs_follow_the_documented_rule():
    assert operation_slug("post", "/v1/chat/completions") == "post-v1-chat-completions"
    assert operation_slug("post", "/v1/responses") == "post-v1-responses"
    assert operation_slug("get", "/v1/models") == "get-v1-models"
    assert operation_slug("GET", "/v1/models/{model}") == "get-v1-models-model"
    assert operation_slug("delete", "/v1/bank_accounts/{id}") == "delete-v1-bank_accounts-id"
    assert schema_slug("ChatCompletionChunk") == "chat-completion-chunk"
    assert schema_slug("issuing.card") == "issuing-card"


def test_our_spec_pages_and_clashing_slugs_get_suffixes():
    pages = render_reference(json.loads(SPEC.read_text()))
    assert {"post-v1-chat-completions.md", "post-v1-responses.md", "get-v1-models.md", "index.md"} <= set(pages)
    assert "schemas/chat-completion-chunk.md" in pages
    data = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/a/{b}": {"get": {"responses": {"200": {"description": "x"}}}},
        "/a/b": {"get": {"responses": {"200": {"description": "y"}}}}}}
    assert {"get-a-b.md", "get-a-b-2.md"} <= set(render_reference(data))


# ------------------------------------------------------------------------------------------ schema constructs
def test_nested_property_tables_with_every_keyword():
    data = spec_with({"Root": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
        "name": {"type": "string", "description": "The name.", "minLength": 1, "maxLength": 64},
        "n": {"type": "integer", "minimum": 1, "maximum": 128, "default": 1, "nullable": True,
              "description": "How many."},
        "mode": {"type": "string", "enum": ["fast", "slow"], "description": "Speed."},
        "old": {"type": "boolean", "deprecated": True, "description": "Do not use."},
        "big": {"type": "integer", "minimum": -9007199254740991, "maximum": 9007199254740991},
        "inner": {"type": "object", "description": "An inner object.", "properties": {
            "deep": {"type": "object", "properties": {"leaf": {"type": "number", "exclusiveMinimum": True,
                                                               "minimum": 0, "description": "Leaf value."}}}}},
    }}})
    text = page(data)
    assert head(text, "name") == "<p><code>name</code> <em>string</em> <b>required</b></p>"
    assert head(text, "n") == "<p><code>n</code> <em>integer or null</em> <i>optional</i></p>"
    html = to_html(text)
    f = fields(html)
    assert "The name." in f["req-name"] and "<small>Length: 1 to 64.</small>" in f["req-name"]
    assert "How many." in f["req-n"] and "Default: <code>1</code>. Range: <code>1</code> ≤ value ≤ <code>128</code>." in f["req-n"]
    assert 'One of: <code>"fast"</code>, <code>"slow"</code>.' in f["req-mode"]
    assert '<div class="gd-deprecated" id="req-old">' in html and "<strong>Deprecated.</strong>" in f["req-old"]
    assert "9007199254740991" not in text  # safe-integer bounds are noise
    assert "No other fields are allowed." in text
    assert "Range: <code>0</code> &lt; value." in html and "Leaf value." in f["req-inner-deep-leaf"]
    assert "<details open" in f["req-inner"] and "<details>" in f["req-inner-deep"]  # first level open
    assert html.count('class="gd-fields"') >= 3  # root, inner, inner.deep
    assert list(f)[0] == "req-name"  # required first


def test_variants_are_tabs_named_by_discriminator_never_option_n():
    data = spec_with({
        "Root": {"type": "object", "properties": {"message": {"$ref": "#/components/schemas/Message"},
                                                  "part": {"$ref": "#/components/schemas/Part"},
                                                  "choice": {"anyOf": [
                                                      {"type": "string", "enum": ["auto", "none"]},
                                                      {"title": "Named tool", "type": "object",
                                                       "properties": {"name": {"type": "string"}}}]}}},
        "Message": {"oneOf": [{"$ref": "#/components/schemas/UserMsg"}, {"$ref": "#/components/schemas/ToolMsg"}],
                    "discriminator": {"propertyName": "role", "mapping": {
                        "user": "#/components/schemas/UserMsg", "tool": "#/components/schemas/ToolMsg"}}},
        "UserMsg": {"type": "object", "properties": {"role": {"type": "string"}, "content": {"type": "string"}}},
        "ToolMsg": {"type": "object", "properties": {"role": {"type": "string"}, "tool_call_id": {"type": "string"}}},
        "Part": {"anyOf": [{"type": "object", "properties": {"type": {"type": "string", "enum": ["text"]},
                                                               "text": {"type": "string"}}},
                           {"type": "object", "properties": {"type": {"type": "string", "enum": ["image_url"]},
                                                               "image_url": {"type": "string"}}}]},
    })
    text = page(data)
    assert "Option" not in text and "Either" not in text
    html = to_html(text)
    assert html.count('class="gd-variants"') >= 3
    switchers = re.findall(r'<div class="gd-variants__tabs">(.*?)</div>', html)
    labels = [re.findall(r'<label for="[^"]+">([^<]*)</label>', sw) for sw in switchers]
    assert ["user", "tool"] in labels  # discriminator mapping
    assert ["text", "image_url"] in labels  # single-value enum of `type`
    assert any("Named tool" in group for group in labels)  # title
    assert all('checked' in sw.split("<label", 1)[0] for sw in switchers)  # the first variant is shown


def test_null_branch_is_not_a_variant():
    data = spec_with({"Root": {"type": "object", "properties": {
        "temperature": {"anyOf": [{"type": "number"}, {"type": "string", "nullable": True, "enum": [None]}]},
        "meta": {"anyOf": [{"$ref": "#/components/schemas/Meta"}, {"type": "null"}]}}},
        "Meta": {"type": "object", "properties": {"k": {"type": "string"}}}})
    text = page(data)
    assert head(text, "temperature").startswith("<p><code>temperature</code> <em>number or null</em>")
    assert head(text, "meta").startswith('<p><code>meta</code> <em><a href="schemas/meta.md">Meta</a> or null</em>')
    assert "gd-variants" not in text.split("## Request body", 1)[1]


def test_allof_is_flattened_and_refs_link_to_schema_pages():
    data = spec_with({
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "description": "Id."}}},
        "Root": {"allOf": [{"$ref": "#/components/schemas/Base"},
                           {"type": "object", "properties": {"extra": {"type": "string", "description": "More."},
                                                             "owner": {"$ref": "#/components/schemas/Base"}}}]}})
    pages = render_reference(data)
    text = pages["post-v1-things-id.md"]
    body = text.split("## Request body", 1)[1]
    assert head(body, "id") == "<p><code>id</code> <em>string</em> <b>required</b></p>" and "Id." in body
    assert head(body, "extra") == "<p><code>extra</code> <em>string</em> <i>optional</i></p>" and "More." in body
    assert "allOf" not in body
    assert '<a href="schemas/base.md">Base</a>' in body and 'Schema: <a href="schemas/root.md">Root</a>' in body
    assert "schemas/base.md" in pages and "schemas/root.md" in pages
    assert head(pages["schemas/base.md"], "id") == "<p><code>id</code> <em>string</em> <b>required</b></p>"


def test_recursion_and_depth_limits_do_not_blow_up():
    chain = {f"L{i}": {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/L{i + 1}"},
                                                          f"f{i}": {"type": "string", "description": f"Level {i}."}}}
             for i in range(30)}
    chain["L30"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    chain["Node"] = {"type": "object", "properties": {"children": {"type": "array", "items": {
        "$ref": "#/components/schemas/Node"}}, "self": {"$ref": "#/components/schemas/Node"}}}
    chain["Root"] = {"type": "object", "properties": {"tree": {"$ref": "#/components/schemas/Node"},
                                                      "chain": {"$ref": "#/components/schemas/L0"}}}
    pages = render_reference(chain and spec_with(chain), max_ref_depth=3)
    text = pages["post-v1-things-id.md"]
    # 3 component levels in place, one more for components used in one place only (L0...L29), then links
    assert "Level 3." in text and "Level 4." not in text
    assert '<a href="schemas/l4.md">L4</a>' in text
    assert head(text, "children").startswith('<p><code>children</code> <em>array of <a href="schemas/node.md">Node</a></em>')
    # every level's description is still on the site, on its schema page
    for i in range(30):
        assert f"Level {i}." in pages[f"schemas/l{i}.md"]
    inline = {"type": "object", "properties": {"x": {"type": "string", "description": "bottom"}}}
    for i in range(60):
        inline = {"type": "object", "properties": {f"p{i}": inline}}
    text = page(spec_with({"Root": inline}))
    assert "Nested deeper than" in text


def test_every_property_description_of_our_spec_appears():
    data = json.loads(SPEC.read_text())
    site = "\n".join(render_reference(data).values())
    missing = []
    from gateway_docs.render.html import markdown_html

    def walk(node):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and isinstance(prop.get("description"), str):
                    if markdown_html(md_inline(prop["description"])) not in site:
                        missing.append(name)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    assert not missing


def test_examples_and_event_stream_from_the_spec():
    data = json.loads(SPEC.read_text())
    text = render_reference(data)["post-v1-chat-completions.md"]
    assert '=== "Streaming with a provider fallback chain"' in text
    assert '"claude-sonnet-4/anthropic,gpt-4o-mini/openai"' in text
    assert "## Streaming" in text and "data: [DONE]" in text
    assert '"object": "chat.completion"' in text
    assert "## Errors" in text and "`429`" in text


# ------------------------------------------------------------------------------------------------ escaping
NASTY = ('<script>alert(1)</script> **bold never closed `tick [link](javascript:alert(1)) | pipe '
         '{: onclick="alert(1)" } <img src=x onerror=alert(1)>\n--8<-- "/etc/passwd"\n# Heading\n=== "tab"\n??? x')


def test_spec_text_cannot_inject_markup():
    data = spec_with({"Root": {"type": "object", "description": NASTY, "properties": {
        "a|b`": {"type": "string", "description": NASTY, "enum": ["x|y", "<b>"]}}}}, description=NASTY,
        summary="<script>alert(2)</script>")
    text = page(data)
    assert "--8<--" not in text.replace("&lt;", "<").split("```")[0] or '--8<-- "/etc' not in text
    html = to_html(text)
    elements = Elements()
    elements.feed(html)
    assert not {"script", "img"} & {tag for tag, _ in elements.seen}
    assert not [a for _, attrs in elements.seen for a, v in attrs if a.startswith("on") or "javascript" in (v or "")]
    assert "<strong>" not in html  # the unbalanced ** stays literal
    assert "<h1" in html and html.count("<h1") == 1  # only our title, no "# Heading" from the spec
    assert html.count('class="tabbed-set') == 0 and "<details" not in html.split("Request body")[0]
    # HTML is sanitised, not shown as tags (issue #17): the script element goes with its content; the rest of the
    # text is still there, shown literally
    assert "&lt;script" not in html and "<script" not in html
    assert "**bold never closed" in html.replace("&#42;", "*") and "[link](javascript:alert(1))" in html
    assert '{: onclick="alert(1)" }' in html  # as text: attr_list never saw it
    # the field survived the pipes and the backtick: one field, its name shown literally
    assert list(fields(html)) == ["req-a_b"] and "<code>a|b`</code>" in html


class Elements(HTMLParser):
    """Every element of a page with its attributes: what a browser would build, not what the text looks like."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


def test_markdown_links_in_descriptions_are_links_only_to_web_addresses():
    data = spec_with({"Root": {"type": "object", "properties": {"amount": {"type": "integer", "description": (
        "In the [smallest currency unit](https://stripe.com/docs/currencies#zero-decimal), see "
        "[the guide](/docs/guide) or [x](javascript:alert(1)). See [the_api](https://x.com/__init__/a_b) _once_.")}}}})
    f = fields(to_html(page(data)))["req-amount"]
    assert '<a href="https://stripe.com/docs/currencies#zero-decimal">smallest currency unit</a>' in f
    # the address exactly as written, and its underscores are no emphasis for the text around it
    assert '<a href="https://x.com/__init__/a_b">the_api</a> <em>once</em>' in f
    assert "[the guide](/docs/guide)" in f and "[x](javascript:alert(1))" in f  # not ours to resolve, or unsafe
    assert f.count("<a ") == 2


@pytest.mark.parametrize("render", [md_inline, md_block])
def test_description_html_is_rendered_sanitised(render):
    text = ('Use <code>max_tokens</code> or `<b>literal</b>`.<br>Next <b onclick="x()">bold</b> '
            '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/?a=1&b=2">ok</a> '
            '<script>alert(1)</script><img src=x onerror=alert(1)> <iframe src="https://evil"></iframe> R&D')
    html = to_html(render(text))
    assert "<code>max_tokens</code>" in html and "<b>bold</b>" in html and "<br" in html
    assert "<code>&lt;b&gt;literal&lt;/b&gt;</code>" in html  # a code span stays literal text
    assert '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer">ok</a>' in html
    for bad in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "<img", "<iframe", "&lt;code&gt;"):
        assert bad not in html, bad
    assert "R&amp;D" in html


def test_description_html_table_and_plain_output():
    from gateway_docs.render.escape import PLAIN
    text = ("Limits:\n\n<table><tr><th>Model</th><th>RPM</th></tr>\n\n<tr><td>`gpt-4o`</td><td>1 < 2</td></tr>"
            "</table>\n\nAfter `x` and <code>y</code>.")
    html = to_html(md_block(text))
    assert "<table>" in html and "<td><code>gpt-4o</code></td>" in html and "<td>1 &lt; 2</td>" in html
    assert "<p>After <code>x</code> and <code>y</code>.</p>" in html
    token = PLAIN.set(True)
    try:
        plain = md_block(text)
    finally:
        PLAIN.reset(token)
    assert "<" not in plain.replace("&lt;", "") and "Model RPM" in plain and "`gpt-4o`" in plain


def test_escape_keeps_balanced_inline_markdown():
    assert md_inline("Use `a|b` and **bold**") == "Use `a|b` and **bold**"
    assert "<strong>bold</strong>" in to_html(md_block("**bold** text"))
    assert "<li>" in to_html(md_block("- one\n- two"))


# ------------------------------------------------------------------------------------- snippets and templates
def test_snippets_render_as_tabs_that_include_files(tmp_path):
    group = tmp_path / "snippets" / "post-v1-things-id"
    group.mkdir(parents=True)
    (group / "minimal.py").write_text("# title: The smallest call\nprint('hi')\n")
    (group / "minimal.py.out").write_text("hi\n")
    (group / "minimal.sh").write_text("curl x\n")
    (group / "advanced.ts").write_text("console.log(1)\n")
    data = spec_with({"Root": {"type": "object", "properties": {"a": {"type": "string"}}}})
    text = page(data, snippets_dir=tmp_path / "snippets")
    assert text.index("Request: The smallest call") < text.index("Request: Advanced")  # minimal first
    assert '--8<-- "post-v1-things-id/minimal.py:2:"' in text and '--8<-- "post-v1-things-id/minimal.sh"' in text
    assert text.index('class="gd-op__examples"') < text.index("Request: The smallest call") < text.index(
        'class="gd-op__main"')  # in the examples column
    assert "print('hi')" not in text  # included by path, never pasted
    assert text.index('"cURL"') < text.index('"Python"')
    plain = render_reference(data, snippets_dir=tmp_path / "snippets", plain=True)["post-v1-things-id.md"]
    assert "print('hi')" in plain and "title:" not in plain and "===" not in plain and "--8<--" not in plain
    assert "\nhi\n" in plain  # the checked output, in the llms.txt flavour


def test_a_project_template_overrides_a_packaged_one(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "authentication.md.j2").write_text("## Who may call\n\nCUSTOM AUTH {{ method }}\n")
    data = spec_with({"Root": {"type": "object", "properties": {"a": {"type": "string"}}}})
    text = page(data, templates_dir=tmp_path)
    assert "CUSTOM AUTH POST" in text and "## Authentication" not in text
    assert "## Request body" in text  # the other partials are still the packaged ones


# ------------------------------------------------------------------------------------------------- CLI
def test_reference_command_writes_then_check_detects_drift(tmp_path, capsys):
    out = tmp_path / "ref"
    assert main(["reference", "--spec", str(SPEC), "--out", str(out)]) == 0
    assert (out / "post-v1-chat-completions.md").is_file()
    assert main(["reference", "--spec", str(SPEC), "--out", str(out), "--check"]) == 0
    target = out / "get-v1-models.md"
    target.write_text(target.read_text() + "edited\n")
    (out / "old-page.md").write_text(f"{MARKER}\ngone\n")  # a page we wrote for an operation since removed
    (out / "notes.md").write_text("# my notes\n")  # not ours: never reported, never touched
    assert main(["reference", "--spec", str(SPEC), "--out", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    assert "get-v1-models.md: out of date" in err and "old-page.md" in err and "notes.md" not in err
    mtime = (out / "index.md").stat().st_mtime_ns
    assert main(["reference", "--spec", str(SPEC), "--out", str(out)]) == 0
    assert (out / "index.md").stat().st_mtime_ns == mtime  # unchanged pages are not rewritten
    assert (out / "notes.md").read_text() == "# my notes\n"


def test_reference_command_never_overwrites_a_page_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "docs"
    out.mkdir()
    mine = "# Welcome\n\nHand-written.\n"
    (out / "index.md").write_text(mine)  # the reference index would go here
    assert main(["reference", "--spec", str(SPEC), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'index.md'}: not written" in err and "not ours to overwrite" in err
    assert (out / "index.md").read_text() == mine
    # every page that is ours was still written, each with the marker after its front matter
    page = (out / "post-v1-chat-completions.md").read_text()
    assert page.startswith("---\n") and page.split("\n---\n", 1)[1].startswith(MARKER)
    assert not list(out.rglob("*.tmp"))


def test_reference_command_reports_a_broken_spec_with_its_location(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"openapi": "3.0.3",\n "paths": {,}}\n')
    proc = subprocess.run([sys.executable, "-m", "gateway_docs", "reference", "--spec", str(bad), "--out",
                           str(tmp_path / "o")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"bad\.json:2:\d+", proc.stderr)


def synthetic_spec(operations: int, seed: int = 7) -> dict:
    """A Stripe-shaped spec: many paths, shared schemas with refs, expandable anyOf[string, $ref], deep objects."""
    import random
    rnd = random.Random(seed)
    schemas = {}
    names = [f"resource_{i}" for i in range(operations // 2)]
    for i, name in enumerate(names):
        props = {"id": {"type": "string", "description": f"Id of {name}."},
                 "object": {"type": "string", "enum": [name]},
                 "created": {"type": "integer", "format": "unix-time"},
                 "metadata": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500},
                              "nullable": True}}
        for j in range(12):
            other = names[rnd.randrange(len(names))]
            props[f"field_{j}"] = rnd.choice([
                {"type": "string", "maxLength": 5000, "description": f"Field {j}."},
                {"anyOf": [{"type": "string"}, {"$ref": f"#/components/schemas/{other}"}],
                 "description": "Expandable.", "x-expansionResources": {"oneOf": [{"$ref": f"#/components/schemas/{other}"}]}},
                {"type": "array", "items": {"$ref": f"#/components/schemas/{other}"}},
                {"type": "object", "properties": {"inner": {"type": "string", "enum": ["a", "b", "c"]},
                                                  "deep": {"type": "object", "properties": {"x": {"type": "integer"}}}}},
            ])
        schemas[name] = {"type": "object", "title": name, "required": ["id", "object"], "properties": props}
    paths = {}
    for k in range(operations):
        name = names[k % len(names)]
        p = f"/v1/{name}s" + ("/{id}" if k >= len(names) else "")
        method = "post" if k % 3 == 0 else "get"
        paths.setdefault(p, {})[method] = {
            "operationId": f"op{k}", "summary": f"Operation {k}", "tags": [f"Tag{k % 20}"],
            "parameters": [{"name": "expand", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                "description": {"type": "string", "maxLength": 5000}}}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{name}"}}}},
                "default": {"description": "Error", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    return {"openapi": "3.0.0", "info": {"title": "Synthetic", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


def test_a_mid_size_foreign_spec_renders_through_the_command(tmp_path):
    spec = tmp_path / "other.json"
    spec.write_text(json.dumps(synthetic_spec(120)))
    assert main(["reference", "--spec", str(spec), "--out", str(tmp_path / "out"), "--snippets", ""]) == 0
    files = list((tmp_path / "out").rglob("*.md"))
    ops = [f for f in files if f.parent.name == "out" and f.name != "index.md"]
    assert len(ops) == 120 and len(files) == 120 + 60 + 1
    text = (tmp_path / "out" / "get-v1-resource_4s.md").read_text()
    assert "## Parameters" in text and "`expand`" in text and "Id of resource_4." in text


def test_fingerprints_change_only_for_affected_pages():
    data = json.loads(SPEC.read_text())
    before = {p.path: p.fingerprint for p in Reference(data).pages()}
    edited = copy.deepcopy(data)
    edited["components"]["schemas"]["Model"]["properties"]["owned_by"]["description"] = "Changed."
    after = {p.path: p.fingerprint for p in Reference(edited).pages()}
    changed = {p for p in before if before[p] != after[p]}
    assert "get-v1-models.md" in changed and "schemas/model.md" in changed and "schemas/model-list.md" in changed
    assert "post-v1-chat-completions.md" not in changed and "post-v1-responses.md" not in changed


@pytest.mark.parametrize("server", ["https://api.example.com/", "https://api.example.com"])
def test_server_url_and_path_join_without_double_slash(server):
    data = spec_with({"Root": {"type": "object"}})
    data["servers"] = [{"url": server}]
    text = page(data)
    assert "POST https://api.example.com/v1/things/{id}" in text and "//v1" not in text


def test_reference_on_an_ill_typed_spec_reports_where_not_a_crash(tmp_path, capsys):
    """`required: 5` in a 3.1 schema (which the document meta-schema lets through): the structural problems are
    printed at their lines and the exit status is 1, not an internal error (exit 70)."""
    spec = tmp_path / "ill.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
                    "    A:\n      type: object\n      properties: {a: {type: string}}\n      required: 5\n")
    code = main(["reference", "--spec", str(spec), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err
    assert "ill.yaml:9:7: error: 5 is not of type 'array' [structure] (/components/schemas/A/required)" in err


def test_alternative_security_requirements_are_a_list_not_either_or():
    data = spec_with({"Root": {"type": "object", "properties": {"a": {"type": "string"}}}},
                     security=[{"basicAuth": []}, {"bearerAuth": []}, {"keyAuth": [], "orgAuth": []}])
    data["components"]["securitySchemes"] = {
        "basicAuth": {"type": "http", "scheme": "basic", "description": "Your key as the user name."},
        "bearerAuth": {"type": "http", "scheme": "bearer"},
        "keyAuth": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "orgAuth": {"type": "apiKey", "in": "header", "name": "X-Org"}}
    html = to_html(page(data))
    auth = html.split('<h2 id="authentication">', 1)[1].split("<h2", 1)[0]
    assert "Either" not in auth and "Or:" not in auth
    assert "Any one of these 3 ways (where a way lists several schemes, send them all):" in auth
    items = re.findall(r"<li>(.*?)</li>", auth, re.S)
    assert len(items) == 3
    assert "basicAuth" in items[0] and "Your key as the user name." in items[0]  # its description in its item
    assert "X-Key" in items[2] and "X-Org" in items[2]  # both schemes of one way, together


def test_schema_pages_link_nested_components_and_expand_a_unions_members():
    data = spec_with({
        "Root": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/User"},
                                                  "note": {"type": "object", "properties": {
                                                      "text": {"type": "string", "description": "Inline text."}}}}},
        "User": {"type": "object", "properties": {"login": {"type": "string", "description": "Login name."}}},
        "Item": {"oneOf": [{"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/Root"}]}})
    pages = render_reference(data)
    root = to_html(pages["schemas/root.md"])
    assert "Schema: " not in root  # the title names it; no link to itself
    assert '<a href="user.md">User</a>' in root and "Login name." not in root  # on User's own page instead
    assert "Inline text." in root  # inline objects have no page of their own: expanded
    assert "Login name." in to_html(pages["schemas/user.md"])
    item = to_html(pages["schemas/item.md"])
    assert "Login name." in item and 'id="field-owner"' in item  # a union's members are expanded, one level
    # the operation page still expands the components it uses
    assert "Login name." in to_html(pages["post-v1-things-id.md"])
