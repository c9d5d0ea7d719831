"""The MkDocs plugin's hooks, called directly (serve behaviour), and a full strict build of a hostile spec."""
from __future__ import annotations

import copy
import html.parser
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "ai-gateway.openapi.json"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` read as its default."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def make_project(tmp_path: Path, spec: dict, nav: bool = True) -> Path:
    """A small MkDocs project using our theme settings and plugin, with `spec` as its contract."""
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    (tmp_path / "docs" / "snippets" / "get-v1-models").mkdir(parents=True)
    (tmp_path / "docs" / "snippets" / "get-v1-models" / "minimal.sh").write_text("curl http://127.0.0.1/v1/models\n")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nHello.\n")
    (tmp_path / "spec.json").write_text(json.dumps(spec, indent=1))
    config = {k: ours[k] for k in ("site_name", "site_url", "repo_url", "edit_uri", "strict", "theme",
                                   "exclude_docs", "validation", "markdown_extensions")}
    config["plugins"] = ["search", {"gateway-docs": {"spec": "spec.json", "snippets": "docs/snippets"}}]
    if nav:
        config["nav"] = [{"Home": "index.md"}, {"API reference": "reference/index.md"}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return tmp_path / "mkdocs.yml"


def plugin_of(config):
    config.plugins._current_plugin = "gateway-docs"  # what MkDocs sets while it runs a plugin's event
    return config.plugins["gateway-docs"]


@pytest.fixture
def spec():
    return json.loads(SPEC.read_text())


def test_serve_regenerates_only_affected_pages_and_keeps_last_good_on_a_broken_spec(tmp_path, spec, capsys):
    config_file = make_project(tmp_path, spec)
    config = load_config(str(config_file))
    plugin = plugin_of(config)
    plugin.on_startup(command="serve", dirty=False)
    config = plugin.on_config(config)
    assert len(plugin.last_regenerated) == len(plugin.pages) > 100
    nav = config.nav[1]["API reference"]
    assert nav[0] == {"Overview": "reference/index.md"}
    assert [list(g)[0] for g in nav[1:4]] == ["Chat", "Responses", "Models"]
    assert all("Schemas" not in group for group in nav)  # schema pages are listed on the index, not in the nav
    files = plugin.on_files(Files([]), config=config)
    assert "reference/post-v1-chat-completions.md" in {f.src_uri for f in files}
    assert '--8<-- "get-v1-models/minimal.sh"' in plugin.cache["get-v1-models.md"][1]

    # An edit to one schema regenerates the pages that reach it, and only those.
    edited = copy.deepcopy(spec)
    edited["components"]["schemas"]["Model"]["properties"]["owned_by"]["description"] = "Who owns it (edited)."
    (tmp_path / "spec.json").write_text(json.dumps(edited, indent=1))
    plugin.on_config(load_config(str(config_file)))
    assert set(plugin.last_regenerated) == {"get-v1-models.md", "schemas/model.md", "schemas/model-list.md"}
    good = plugin.cache["get-v1-models.md"][1]
    assert "Who owns it (edited)." in good

    # A snippet edit regenerates its operation page only.
    (tmp_path / "docs" / "snippets" / "get-v1-models" / "extra.py").write_text("print(1)\n")
    plugin.on_config(load_config(str(config_file)))
    assert plugin.last_regenerated == ["get-v1-models.md"]
    good = plugin.cache["get-v1-models.md"][1]
    assert "**Request: Extra**" in good

    # A spec that does not validate: the error with file:line:col, and the last good pages stay.
    broken = copy.deepcopy(edited)
    broken["components"]["schemas"]["Model"]["properties"]["owned_by"]["type"] = "strin"
    (tmp_path / "spec.json").write_text(json.dumps(broken, indent=1))
    capsys.readouterr()
    config = plugin.on_config(load_config(str(config_file)))
    config.plugins._current_plugin = "gateway-docs"
    err = capsys.readouterr().err
    assert "keeping the last good reference pages" in err
    line = next(i for i, text in enumerate((tmp_path / "spec.json").read_text().split("\n"), 1) if '"strin"' in text)
    assert f"spec.json:{line}:" in err
    files = plugin.on_files(Files([]), config=config)
    page = next(f for f in files if f.src_uri == "reference/get-v1-models.md")
    assert page.content_string == good
    # ...and a syntax error too.
    (tmp_path / "spec.json").write_text('{"openapi": "3.0.3",\n  "paths": [\n')
    plugin.on_config(load_config(str(config_file)))
    assert "spec.json:" in capsys.readouterr().err and plugin.cache["get-v1-models.md"][1] == good


def test_build_fails_on_a_broken_spec(tmp_path, spec):
    spec["components"]["schemas"]["Model"]["properties"]["id"]["type"] = "strin"
    config = load_config(str(make_project(tmp_path, spec)))
    plugin = plugin_of(config)
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match=r"spec\.json:\d+:\d+"):
        plugin.on_config(config)
    spec["paths"]["/v1/models"]["get"]["responses"] = "nope"
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    with pytest.raises(PluginError, match=r"spec\.json"):
        plugin.on_config(load_config(str(tmp_path / "mkdocs.yml")))


def test_serve_watches_spec_snippets_and_templates(tmp_path, spec):
    config = load_config(str(make_project(tmp_path, spec)))
    (tmp_path / "docs" / "templates").mkdir()
    plugin = plugin_of(config)
    plugin.on_startup(command="serve", dirty=False)
    config = plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=lambda: None)
    assert {str(tmp_path / "spec.json"), str(tmp_path / "docs" / "snippets"),
            str(tmp_path / "docs" / "templates")} <= set(server.watched)


class _Scan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.in_script = False
        self.script_ok = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=...>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag in ("img", "iframe", "object", "embed"):
            self.bad.append(f"<{tag}>")
        if tag == "script":
            self.in_script = True
            self.script_ok = "src" in attrs or attrs.get("type") == "application/json" or attrs.get("id") == "__config"

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.bad.append(f"script: {data[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False


EVIL = '</title><script>alert(1)</script><img src=x onerror=alert(1)> **x `y [z](javascript:alert(1)) {: onclick="alert(1)"}'


@pytest.mark.slow
def test_hostile_spec_text_builds_strict_and_injects_nothing(tmp_path, spec):
    spec["info"]["description"] = EVIL
    op = spec["paths"]["/v1/models"]["get"]
    op["summary"] = EVIL
    op["description"] = EVIL + "\n# Injected heading\n--8<-- \"/etc/passwd\"\n??? note\n=== \"tab\""
    spec["tags"][2]["name"] = EVIL
    op["tags"] = [EVIL]
    model = spec["components"]["schemas"]["Model"]
    model["properties"]["owned_by"]["description"] = EVIL + " | pipe"
    model["properties"]["owned_by"]["enum"] = [EVIL]
    spec["components"]["schemas"]["Evil<script>"] = {"type": "object", "description": EVIL,
                                                     "properties": {EVIL: {"type": "string", "description": EVIL}}}
    config_file = make_project(tmp_path, spec)
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d",
                           str(site)], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        scan = _Scan()
        scan.feed(page.read_text())
        assert not scan.bad, (page, scan.bad)
    models = (site / "reference" / "get-v1-models" / "index.html").read_text()
    assert "Injected heading" in models and "<h1" in models and models.count("<h1") == 1
    assert "root:" not in models  # /etc/passwd was not included


def test_compact_whitespace_keeps_what_renders():
    from gateway_docs.site.minify import compact_whitespace

    html = ('<nav>\n    <ul>\n      <li>a</li>\n    </ul>\n</nav>'
            '<pre><code><span class="w">    </span><span class="nt">"a"</span><span class="w">\n  </span>x</code></pre>'
            '<textarea>\n  keep\n</textarea><p>one two</p>')
    out = compact_whitespace(html)
    assert out.startswith("<nav>\n<ul>\n<li>a</li>\n</ul>\n</nav>")
    # Pygments' unstyled whitespace tokens are unwrapped inside <pre>; their whitespace stays byte for byte
    assert '<pre><code>    <span class="nt">"a"</span>\n  x</code></pre>' in out
    assert "<textarea>\n  keep\n</textarea><p>one two</p>" in out


def test_mkdocs_yml_has_no_duplicate_keys():
    """YAML lets a second `extra_css:` silently replace the first (a merge once dropped the reference pages' CSS)."""
    import yaml

    root = yaml.compose((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    dupes = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            dupes += [f"{k} (line {n.start_mark.line + 1})" for k, n in zip(keys, (k for k, _ in node.value))
                      if keys.count(k) > 1]
            stack += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    assert dupes == []


def test_llms_optional_pages_are_listed_not_inlined():
    from gateway_docs.site.llms import LlmsPage, llms_full, llms_txt

    pages = [LlmsPage("quickstart.md", "Quickstart", "Guides", "# Quickstart\nhello"),
             LlmsPage("openai-compatibility.md", "OpenAI compatibility", "Reference tables", "# Compat\n| big |")]
    full, index = llms_full("Site", pages), llms_txt("Site", "", pages)
    assert "hello" in full and "| big |" not in full
    assert index.index("## Optional") < index.index("(openai-compatibility.md)")
