"""gateway-docs mintlify: the managed docs.json group, byte-for-byte merges, the bundled spec and MDX stubs.

Mintlify's own published checks (mint CLI, @mintlify/openapi-parser, @mintlify/validation, @mintlify/prebuild) run
on the generated files in tests/test_mintlify_node.py.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from gateway_docs.mintlify import jsonedit
from gateway_docs.cli import main
from gateway_docs.mintlify import MDX_MARKER, Target

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream" / "mintlify"  # the docs team's docs.json and pages (SOURCE.md)
UPSTREAM_DOCS = UPSTREAM / "docs.json"
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"
OUR_DOCS = ROOT / "docs" / "mintlify" / "docs.json"
MINTLIFY_ARGS = ("--guides", "--guides-anchor", "Documentation")  # as the Makefile's MINTLIFY_ARGS


def spec_entries() -> list[str]:
    data = json.loads(SPEC.read_text())
    return [f"{m.upper()} {p}" for p, item in data["paths"].items() for m in item
            if m in ("get", "put", "post", "delete", "patch") and not item[m].get("x-hidden")
            and not item[m].get("x-excluded")]


def run(capsys, *argv) -> tuple[int, str]:
    code = main(["mintlify", *map(str, argv)])
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def group_span(text: str, group: str, anchor: str | None) -> tuple[int, int]:
    _, root = jsonedit.parse(text, "docs.json")
    node = Target(text, root, "docs.json", group, anchor).group
    assert node is not None
    return node.start, node.end


def without_generated(spec: dict) -> dict:
    """The written spec minus what the mintlify command adds: x-codeSamples and info.x-generated-by."""
    spec = json.loads(json.dumps(spec))
    del spec["info"]["x-generated-by"]
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict):
                op.pop("x-codeSamples", None)
    return spec


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def upstream(tmp_path) -> Path:
    """A copy of the docs team's site: docs.json and the four hand-written rest/ai-gateway pages."""
    dst = tmp_path / "site" / "docs.json"
    shutil.copytree(UPSTREAM, dst.parent, ignore=shutil.ignore_patterns("SOURCE.md"))
    return dst


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of our own docs/mintlify/docs.json (without the committed spec), to run against any spec."""
    dst = tmp_path / "ours" / "docs.json"
    dst.parent.mkdir()
    shutil.copyfile(OUR_DOCS, dst)
    return dst


# ---------------------------------------------------------------------------------------------------------------
# Merging into the real upstream docs.json


def test_replacing_upstream_group_keeps_every_other_byte(capsys, upstream):
    before = upstream.read_text()
    code, out = run(capsys, "--docs-json", upstream, "--spec", SPEC, "--anchor", "API Reference", "--group",
                    "AI Gateway")
    assert code == 0, out
    after = upstream.read_text()
    assert after != before
    s0, e0 = group_span(before, "AI Gateway", "API Reference")
    s1, e1 = group_span(after, "AI Gateway", "API Reference")
    assert before[:s0] == after[:s1] and before[e0:] == after[e1:]
    group = json.loads(after[s1:e1])
    # The hand-written pages listed there bind two of the operations (openapi: front matter): they stay, not a
    # second "POST ..." entry beside them; GET /v1/models has its page in the "Models" group, so no entry here.
    assert group == {"group": "AI Gateway", "openapi": "ai-gateway.openapi.json",
                     "pages": ["rest/ai-gateway/post-v1-chat-completions", "rest/ai-gateway/post-v1-responses"]}
    assert '"GET /v1/models"' not in after
    # the same group name under the other anchor is not ours and did not change
    s, e = group_span(before, "AI Gateway", "Documentation")
    assert group_span(after, "AI Gateway", "Documentation") == (s, e) and after[s:e] == before[s:e]
    written = json.loads((upstream.parent / "ai-gateway.openapi.json").read_text())
    assert without_generated(written) == json.loads(SPEC.read_text())


def test_new_group_is_appended_and_nothing_else_moves(capsys, upstream, tmp_path):
    before = upstream.read_text()
    code, out = run(capsys, "--docs-json", upstream, "--spec", feature_spec(tmp_path), "--anchor", "API Reference",
                    "--check")  # the plan shows the navigation change as a diff, and writes nothing
    assert code == 1 and f"merge    {upstream}" in out and '+              "GET /v1/things",' in out
    assert upstream.read_text() == before
    code, out = run(capsys, "--docs-json", upstream, "--spec", feature_spec(tmp_path), "--anchor", "API Reference")
    assert code == 0, out
    after = upstream.read_text()
    _, root = jsonedit.parse(after, "d")
    anchor = root.get("navigation").get("anchors").items[1]
    groups = anchor.get("groups").items
    assert json.loads(after[groups[-1].start:groups[-1].end])["group"] == "AI Gateway API"
    # cut out exactly what was inserted (after the previous last group) and the rest is the original file
    assert after[:groups[-2].end] + after[groups[-1].end:] == before
    assert after[groups[-2].end:groups[-1].start] == ",\n" + " " * 10  # indented like its siblings


def test_second_run_changes_nothing_and_check_passes(capsys, upstream):
    args = ("--docs-json", upstream, "--spec", SPEC, "--anchor", "API Reference")
    assert run(capsys, *args)[0] == 0
    spec_out = upstream.parent / "ai-gateway.openapi.json"
    docs_snap, spec_snap = snapshot(upstream), snapshot(spec_out)
    code, out = run(capsys, *args)
    assert code == 0 and "up to date" in out
    assert snapshot(upstream) == docs_snap and snapshot(spec_out) == spec_snap  # not even rewritten
    assert run(capsys, *args, "--check")[0] == 0
    # without --anchor the (now unique) group is found by name alone
    assert run(capsys, "--docs-json", upstream, "--spec", SPEC, "--check")[0] == 0


def test_check_reports_drift_and_writes_nothing(capsys, upstream):
    snap = snapshot(upstream)
    code, out = run(capsys, "--docs-json", upstream, "--spec", SPEC, "--anchor", "API Reference", "--check")
    assert code == 1
    assert "out of date" in out and f"create   {upstream.parent / 'ai-gateway.openapi.json'}" in out
    assert snapshot(upstream) == snap
    assert not (upstream.parent / "ai-gateway.openapi.json").exists()
    assert sorted(os.listdir(upstream.parent)) == ["docs.json", "rest"]


def test_ambiguous_group_names_both_places_and_leaves_file(capsys, upstream):
    snap = snapshot(upstream)
    text = upstream.read_text()
    code, out = run(capsys, "--docs-json", upstream, "--spec", SPEC, "--group", "AI Gateway")
    assert code == 1
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == '"group": "AI Gateway",']
    assert len(lines) == 2
    for line in lines:
        assert f"{upstream}:{line - 1}:" in out  # the group object starts on the line above its name
    assert 'anchor "Documentation"' in out and 'anchor "API Reference"' in out and "ambiguous" in out
    assert "Traceback" not in out
    assert snapshot(upstream) == snap and sorted(os.listdir(upstream.parent)) == ["docs.json", "rest"]


def test_missing_anchor_is_an_error_listing_what_exists(capsys, upstream):
    snap = snapshot(upstream)
    code, out = run(capsys, "--docs-json", upstream, "--spec", SPEC, "--anchor", "Reference API")
    assert code == 1
    assert 'no anchor/tab named "Reference API"' in out and 'anchor "Guides"' in out
    assert snapshot(upstream) == snap


HAND_WRITTEN = ["rest/ai-gateway/get-v1models-multimodal.mdx", "rest/ai-gateway/get-v1models.mdx",
                "rest/ai-gateway/post-v1-chat-completions.mdx", "rest/ai-gateway/post-v1-responses.mdx"]
MDX_UPSTREAM = ("--spec", SPEC, "--anchor", "API Reference", "--style", "mdx", "--pages-dir", "rest/ai-gateway")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_mdx_style_on_upstream_refuses_to_touch_hand_written_pages(capsys, upstream):
    before = tree(upstream.parent)
    code, out = run(capsys, "--docs-json", upstream, *MDX_UPSTREAM)
    assert code == 1
    assert tree(upstream.parent) == before  # every byte, every file; no spec, no temp file
    conflicts = [line.split(":")[0].strip() for line in out.splitlines() if line.startswith("  " + str(upstream.parent))]
    # two pages have the generated page's file name; get-v1models.mdx is the page docs.json lists for GET /v1/models
    assert sorted(conflicts) == sorted(str(upstream.parent / p) for p in HAND_WRITTEN[1:])
    assert "--adopt PATH" in out and "--style nav" in out and "Traceback" not in out
    code, out = run(capsys, "--docs-json", upstream, *MDX_UPSTREAM, "--check")
    assert code == 1 and out.count("conflict ") == 3 and "create   " in out
    assert tree(upstream.parent) == before


def test_mdx_style_on_upstream_adopt_takes_them_over_in_place(capsys, upstream):
    before = tree(upstream.parent)
    pages = [upstream.parent / p for p in HAND_WRITTEN]
    code, out = run(capsys, "--docs-json", upstream, *MDX_UPSTREAM, "--adopt", *pages)
    assert code == 0, out
    assert "nothing to adopt" in out and "get-v1models-multimodal.mdx" in out  # binds nothing in our spec
    after = tree(upstream.parent)
    # docs.json already lists the three pages and registers ai-gateway.openapi.json: it does not change at all
    assert after["docs.json"] == before["docs.json"]
    assert after[HAND_WRITTEN[0]] == before[HAND_WRITTEN[0]]
    for rel in HAND_WRITTEN[1:]:
        text = after[rel].decode()
        assert MDX_MARKER in text and "<RequestExample>" in text and "<ResponseExample>" in text
    assert front_matter(upstream.parent / HAND_WRITTEN[1])["openapi"] == "get /v1/models"
    assert sorted(after) == sorted([*before, "ai-gateway.openapi.json"])  # no get-v1-models.mdx beside it
    # now ours: a second run needs no --adopt and changes nothing
    snap = tree(upstream.parent)
    code, out = run(capsys, "--docs-json", upstream, *MDX_UPSTREAM)
    assert code == 0 and "up to date" in out and tree(upstream.parent) == snap
    assert run(capsys, "--docs-json", upstream, *MDX_UPSTREAM, "--check")[0] == 0


def test_foreign_spec_file_next_to_docs_json_is_a_conflict(capsys, sample):
    spec_out = sample.parent / "ai-gateway.openapi.json"
    spec_out.write_text('{"openapi": "3.0.0", "info": {"title": "theirs", "version": "1"}, "paths": {}}\n')
    snap = tree(sample.parent)
    code, out = run(capsys, "--docs-json", sample, "--spec", SPEC)
    assert code == 1 and f"{spec_out}: a spec file without info.x-generated-by" in out
    assert tree(sample.parent) == snap
    assert run(capsys, "--docs-json", sample, "--spec", SPEC, "--adopt", spec_out)[0] == 0
    assert json.loads(spec_out.read_text())["info"]["x-generated-by"] == \
        "gateway-docs mintlify from specs/ai-gateway.openapi.json"
    assert run(capsys, "--docs-json", sample, "--spec", SPEC, "--check")[0] == 0


def test_unmarked_page_in_pages_dir_is_never_deleted_or_overwritten(capsys, sample, tmp_path):
    spec = feature_spec(tmp_path)
    pages = sample.parent / "api-reference"
    pages.mkdir()
    (pages / "get-v1-ping.mdx").write_text("---\ntitle: Ping, by hand\n---\n\nProse.\n")
    (pages / "old-generated-looking.mdx").write_text("Generated by gateway-docs mintlify (in prose, not a marker)\n")
    snap = tree(sample.parent)
    code, out = run(capsys, "--docs-json", sample, "--spec", spec, "--style", "mdx")
    assert code == 1 and "get-v1-ping.mdx" in out and tree(sample.parent) == snap
    code, out = run(capsys, "--docs-json", sample, "--spec", spec, "--style", "mdx", "--adopt", pages / "get-v1-ping.mdx")
    assert code == 0, out
    assert (pages / "old-generated-looking.mdx").read_bytes() == snap["api-reference/old-generated-looking.mdx"]


def test_x_code_samples_are_the_snippet_files_verbatim(capsys, sample):
    assert run(capsys, "--docs-json", sample, "--spec", SPEC)[0] == 0
    spec = json.loads((sample.parent / "ai-gateway.openapi.json").read_text())
    snippets = ROOT / "docs" / "snippets"
    ops = [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items() if isinstance(op, dict)]
    assert len(ops) == 3
    for path, method, op in ops:
        samples = op["x-codeSamples"]
        assert len(samples) >= 3
        assert {s["lang"] for s in samples} == {"cURL", "Python", "JavaScript"}
        slug = "-".join([method, *path.strip("/").replace("/", "-").split("-")])
        files = {f.read_text() for f in (snippets / slug).iterdir() if f.suffix in (".sh", ".py", ".ts")}
        assert {s["source"] for s in samples} == files


def test_guides_convert_admonitions_tabs_includes_and_links(capsys, sample, tmp_path):
    docs = tmp_path / "mk" / "docs"
    docs.mkdir(parents=True)
    (tmp_path / "mk" / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - gateway-docs:\n      spec: !ENV [X, specs]\n"
        "nav:\n  - Home: index.md\n  - Guides:\n      - First: first.md\n      - Second: second.md\n")
    (docs / "first.md").write_text(
        "---\ndescription: The first one\n---\n# First {steps}\n\nUse <b> and {x}, `code {y} <z>`, "
        "[second](second.md#top), [ops](reference/post-v1-chat-completions.md#request-body), "
        "[schema](reference/schemas/chat-completion.md) and <https://example.com>.\n\n"
        '!!! warning "Mind {this}"\n    Body with `{code}`.\n\n    More.\n\n'
        '=== "cURL"\n\n    ```bash\n    --8<-- "post-v1-chat-completions/minimal.sh:2:"\n    ```\n\n'
        '=== "Python"\n\n    ```python title="client.py"\n    print(1)\n    ```\n')
    (docs / "second.md").write_text("# Second\n\n!!! tip\n    Tip.\n\n??? info \"More <details>\"\n    Hidden.\n\n"
                                    "=== \"A\"\n\n    Text A.\n\n"
                                    "=== \"B\"\n\n    ```text\n    b\n    ```\n")
    args = ("--docs-json", sample, "--spec", SPEC, "--guides", "--guides-anchor", "Documentation",
            "--mkdocs-yml", tmp_path / "mk" / "mkdocs.yml")
    # the copied docs.json lists our nine guides: without their (marked) files they count as someone else's pages
    code, out = run(capsys, *args)
    assert code == 1 and "guides/quickstart.mdx: listed in the navigation group \"Guides\"" in out
    shutil.copytree(OUR_DOCS.parent / "guides", sample.parent / "guides")
    code, out = run(capsys, *args)
    assert code == 0, out
    assert "removed" in out and not (sample.parent / "guides" / "quickstart.mdx").exists()  # stale, ours
    first = (sample.parent / "guides" / "first.mdx").read_text()
    assert front_matter(sample.parent / "guides" / "first.mdx") == {"title": "First {steps}",
                                                                    "description": "The first one"}
    assert first.count(MDX_MARKER) == 1
    assert "Use &lt;b> and \\{x\\}, `code {y} <z>`" in first
    assert "[second](/guides/second#top)" in first
    assert "[ops](/api-reference/chat/create-a-chat-completion)," in first  # Mintlify's page; MkDocs anchor dropped
    assert " schema and [https://example.com](https://example.com)." in first
    assert "<Warning>\n\n**Mind \\{this\\}**\n\nBody with `{code}`.\n\nMore.\n\n</Warning>" in first
    minimal = (ROOT / "docs" / "snippets" / "post-v1-chat-completions" / "minimal.sh").read_text()
    assert "<CodeGroup>\n\n```bash cURL\n" + minimal.split("\n", 1)[1] in first
    assert "```python Python\nprint(1)\n```" in first and "--8<--" not in first
    second = (sample.parent / "guides" / "second.mdx").read_text()
    assert "<Tip>\n\nTip.\n\n</Tip>" in second
    assert '<Accordion title="More <details>">\n\nHidden.\n\n</Accordion>' in second
    assert '<Tabs>\n  <Tab title="A">\n\nText A.\n\n  </Tab>\n  <Tab title="B">\n\n```text\nb\n```\n\n  </Tab>\n</Tabs>' in second
    assert managed(sample, "Guides") == {"group": "Guides", "pages": ["guides/first", "guides/second"]}
    assert run(capsys, *args, "--check")[0] == 0
    # a hand-written page where a guide goes is a conflict like any other
    (sample.parent / "guides" / "second.mdx").write_text("mine\n")
    code, out = run(capsys, *args)
    assert code == 1 and "where the guide second.md goes" in out
    assert (sample.parent / "guides" / "second.mdx").read_text() == "mine\n"


def test_mdx_style_registers_spec_in_api_openapi_inline(capsys, upstream):
    shutil.rmtree(upstream.parent / "rest")  # no hand-written pages in the way: this test is about api.openapi
    text = upstream.read_text()
    old = '"openapi": ["swagger.json", "ai-gateway.openapi.json"]'
    assert old in text
    upstream.write_text(text.replace(old, '"openapi": ["swagger.json"]'))
    code, out = run(capsys, "--docs-json", upstream, "--spec", SPEC, "--anchor", "API Reference", "--style", "mdx",
                    "--spec-out", upstream.parent / "specs" / "gw.json")
    assert code == 0, out
    assert '"openapi": ["swagger.json", "specs/gw.json"]' in upstream.read_text()
    assert (upstream.parent / "specs" / "gw.json").is_file()
    snap = snapshot(upstream)
    assert run(capsys, "--docs-json", upstream, "--spec", SPEC, "--anchor", "API Reference", "--style", "mdx",
               "--spec-out", upstream.parent / "specs" / "gw.json")[0] == 0
    assert snapshot(upstream) == snap


# ---------------------------------------------------------------------------------------------------------------
# Errors, atomicity, spec features


def test_invalid_json_error_has_position_and_file_is_untouched(capsys, sample):
    text = sample.read_text()
    bad = text.replace('"theme": "mint",', '"theme": "mint",,', 1)
    sample.write_text(bad)
    snap = snapshot(sample)
    line = bad[:bad.index(",,") + 1].count("\n") + 1
    col = bad.index(",,") + 1 - bad.rfind("\n", 0, bad.index(",,"))  # the second comma
    code, out = run(capsys, "--docs-json", sample, "--spec", SPEC)
    assert code == 1
    assert f"{sample}:{line}:{col}: error: not valid JSON" in out, out
    assert "Traceback" not in out
    assert snapshot(sample) == snap
    assert sorted(os.listdir(sample.parent)) == ["docs.json"]  # no spec, no temp file


def test_interrupted_write_leaves_old_file_and_no_temp_files(capsys, sample, monkeypatch):
    snap = snapshot(sample)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    monkeypatch.setenv("GATEWAY_DOCS_DEBUG", "")
    code, out = run(capsys, "--docs-json", sample, "--spec", SPEC)
    assert code != 0
    monkeypatch.undo()
    assert snapshot(sample) == snap
    assert sorted(os.listdir(sample.parent)) == ["docs.json"]
    code, out = run(capsys, "--docs-json", sample, "--spec", SPEC)
    assert code == 0
    assert sorted(os.listdir(sample.parent)) == ["ai-gateway.openapi.json", "docs.json"]  # no .tmp left


def test_spec_outside_docs_folder_is_refused(capsys, sample, tmp_path):
    code, out = run(capsys, "--docs-json", sample, "--spec", SPEC, "--spec-out", tmp_path / "elsewhere.json")
    assert code == 2 and "outside" in out
    assert not (tmp_path / "elsewhere.json").exists()


def feature_spec(tmp_path: Path) -> Path:
    op = lambda summary, **kw: {"summary": summary, "responses": {"200": {"description": "ok"}}, **kw}  # noqa: E731
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "tags": [{"name": "Beta"}, {"name": "Alpha"}],
        "paths": {
            "/v1/things": {"get": op("List things", tags=["Alpha"]),
                           "post": op('Make a "thing": fast # really', tags=["Beta"],
                                      description="First line of the\nfirst paragraph — ünïcode.\n\nSecond paragraph.")},
            "/v1/things/{thing_id}": {"get": op("Get a thing", tags=["Alpha"], **{"x-hidden": True}),
                                      "delete": op("Delete a thing", tags=["Alpha"], **{"x-excluded": True})},
            "/v1/ping": {"get": op("Ping")},
        },
    }
    path = tmp_path / "feature.json"
    path.write_text(json.dumps(spec))
    return path


def managed(docs_json: Path, group: str = "AI Gateway API") -> dict:
    text = docs_json.read_text()
    return json.loads(text[slice(*group_span(text, group, None))])


def test_hidden_and_excluded_operations_are_not_listed(capsys, sample, tmp_path):
    code, out = run(capsys, "--docs-json", sample, "--spec", feature_spec(tmp_path))
    assert code == 0, out
    assert managed(sample)["pages"] == ["GET /v1/things", "POST /v1/things", "GET /v1/ping"]


def test_by_tag_nests_groups_in_spec_tag_order(capsys, sample, tmp_path):
    code, out = run(capsys, "--docs-json", sample, "--spec", feature_spec(tmp_path), "--by-tag")
    assert code == 0, out
    assert managed(sample)["pages"] == [{"group": "Beta", "pages": ["POST /v1/things"]},
                                        {"group": "Alpha", "pages": ["GET /v1/things"]},
                                        {"group": "API Reference", "pages": ["GET /v1/ping"]}]


def front_matter(path: Path) -> dict:
    text = path.read_text()
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_mdx_pages_front_matter_and_hidden_pages(capsys, sample, tmp_path):
    code, out = run(capsys, "--docs-json", sample, "--spec", feature_spec(tmp_path), "--style", "mdx")
    assert code == 0, out
    pages = sample.parent / "api-reference"
    assert sorted(p.name for p in pages.iterdir()) == [
        "get-v1-ping.mdx", "get-v1-things-thing_id.mdx", "get-v1-things.mdx", "post-v1-things.mdx"]
    fm = front_matter(pages / "post-v1-things.mdx")
    assert fm == {"title": 'Make a "thing": fast # really', "sidebarTitle": 'Make a "thing": fast # really',
                  "description": "First line of the first paragraph — ünïcode.", "openapi": "post /v1/things"}
    assert front_matter(pages / "get-v1-things-thing_id.mdx")["openapi"] == "get /v1/things/{thing_id}"
    assert front_matter(pages / "get-v1-ping.mdx")["description"] == "Ping"  # no description: the summary
    assert MDX_MARKER in (pages / "get-v1-ping.mdx").read_text()
    # x-hidden: page exists (reachable by URL) but is not in the navigation; x-excluded: neither
    assert managed(sample)["pages"] == ["api-reference/get-v1-things", "api-reference/post-v1-things",
                                        "api-reference/get-v1-ping"]
    assert "openapi" not in managed(sample)
    assert json.loads(sample.read_text())["api"] == {"openapi": ["ai-gateway.openapi.json"]}


def test_mdx_stale_generated_pages_are_removed_hand_written_kept(capsys, sample, tmp_path):
    spec = feature_spec(tmp_path)
    assert run(capsys, "--docs-json", sample, "--spec", spec, "--style", "mdx")[0] == 0
    pages = sample.parent / "api-reference"
    (pages / "guide.mdx").write_text("---\ntitle: Hand written\n---\n")
    data = json.loads(spec.read_text())
    del data["paths"]["/v1/ping"]
    spec.write_text(json.dumps(data))
    code, out = run(capsys, "--docs-json", sample, "--spec", spec, "--style", "mdx", "--check")
    assert code == 1 and f"delete   {pages / 'get-v1-ping.mdx'}" in out
    assert (pages / "get-v1-ping.mdx").exists()
    assert run(capsys, "--docs-json", sample, "--spec", spec, "--style", "mdx")[0] == 0
    assert not (pages / "get-v1-ping.mdx").exists() and (pages / "guide.mdx").exists()


def test_slugs_match_the_mkdocs_reference_pages():
    from gateway_docs.mintlify import operations
    from gateway_docs.render.model import collect_operations

    for path in (SPEC, ROOT / "tests" / "fixtures" / "upstream" / "helicone" / "ai-gateway.openapi.json"):
        data = json.loads(path.read_text())
        pages = {(o.method, o.path): o.slug for o in collect_operations(data)}
        assert [o.slug for o in operations(data)] == [pages[(o.method, o.path)] for o in operations(data)]


def test_keys_we_do_not_own_on_the_group_are_kept(capsys, sample):
    assert run(capsys, "--docs-json", sample, "--spec", SPEC)[0] == 0
    text = sample.read_text()
    s, e = group_span(text, "AI Gateway API", None)
    group = json.loads(text[s:e])
    group = {"group": group["group"], "icon": "bolt", "pages": ["GET /v1/stale"], "expanded": True}
    sample.write_text(text[:s] + json.dumps(group) + text[e:])
    assert run(capsys, "--docs-json", sample, "--spec", SPEC)[0] == 0
    assert managed(sample) == {"group": "AI Gateway API", "openapi": "ai-gateway.openapi.json", "icon": "bolt",
                               "pages": spec_entries(), "expanded": True}


def test_committed_mintlify_config_is_up_to_date(capsys):
    code, out = run(capsys, "--docs-json", OUR_DOCS, "--spec", SPEC, *MINTLIFY_ARGS, "--check")
    assert code == 0, out + "\n(run 'make docs' or 'gateway-docs mintlify' and commit docs/mintlify)"


def test_crlf_file_keeps_its_line_ends(capsys, sample):
    before = sample.read_bytes().replace(b"\n", b"\r\n")
    sample.write_bytes(before)
    assert run(capsys, "--docs-json", sample, "--spec", SPEC, "--group", "Second API", "--anchor", "API Reference")[0] == 0
    after = sample.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > before.count(b"\n")
    text = after.decode()
    s, e = group_span(text, "Second API", "API Reference")
    assert json.loads(text[s:e])["pages"] == spec_entries()
    prev = text.rfind("}", 0, s) + 1  # end of the group before ours
    assert (text[:prev] + text[e:]).encode() == before
    snap = snapshot(sample)
    assert run(capsys, "--docs-json", sample, "--spec", SPEC, "--group", "Second API", "--check")[0] == 0
    assert snapshot(sample) == snap


def test_mdx_frontmatter_description_is_plain_text():
    """Spec descriptions with HTML (other people's specs use <code>, <br>) become text in the frontmatter."""
    from gateway_docs.mintlify.mdx import Operation, mdx_page
    from gateway_docs.core.http import OperationRef
    op = {"summary": "List", "description": "Lists <code>models</code> &amp; more.<br>Next<script>x()</script>\n\nRest"}
    page = mdx_page(Operation(OperationRef("get", "/v1/models", op, {}, "/paths/~1v1~1models/get"), "get-v1-models"),
                    "{/* generated-by: gateway-docs mintlify */}")
    assert 'description: "Lists models & more. Next"' in page and "<" not in page.split("---")[1]
