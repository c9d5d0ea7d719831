"""Versioned docs with mike: two versions deployed into a throw-away repository's gh-pages branch (no network, no
push), each a full strict site build, with the version list Material's selector reads."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# mike runs `mkdocs` from PATH: the venv's bin first.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
       "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.com", "NO_MKDOCS_2_WARNING": "1"}


def test_mkdocs_config_uses_mike_provider() -> None:
    class Loader(yaml.SafeLoader):  # mkdocs.yml's !ENV and !!python tags need MkDocs; the keys read here need none
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    assert config["extra"]["version"]["provider"] == "mike"


@pytest.mark.slow
def test_mike_deploys_two_versions(tmp_path: Path) -> None:
    repo = tmp_path / "site"
    repo.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", repo)
    for folder in ("docs", "specs"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("reference"))

    def run(*args: str) -> str:
        r = subprocess.run(list(args), cwd=repo, env=ENV, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout

    run("git", "init", "-q", "-b", "main")
    run("git", "add", "-A")
    run("git", "commit", "-q", "-m", "docs")
    mike = str(Path(sys.executable).parent / "mike")
    run(mike, "deploy", "1.0", "latest", "--update-aliases")
    run(mike, "deploy", "1.1", "latest", "--update-aliases")
    run(mike, "set-default", "latest")
    files = set(run("git", "ls-tree", "-r", "--name-only", "gh-pages").split())
    for version in ("1.0", "1.1"):
        assert f"{version}/index.html" in files and f"{version}/changelog/index.html" in files
        assert f"{version}/openai-compatibility/index.html" in files
    assert "latest" in files  # mike's default alias type: a symlink to the newest version
    assert "index.html" in files  # the redirect to the default version
    versions = json.loads(run("git", "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.1", ["latest"]), ("1.0", [])]
    # the selector is configured in the versioned builds (a plain build drops it: no versions.json to fetch)
    assert '"provider": "mike"' in run("git", "show", "gh-pages:1.1/index.html")
    listed = run(mike, "list")
    assert "1.1 [latest]" in listed and "1.0" in listed


def test_docs_version_is_major_minor_of_the_spec() -> None:
    """`make publish` deploys the version `make docs-version` prints: MAJOR.MINOR of the bundled spec's info.version."""
    full = json.loads((ROOT / "specs" / "ai-gateway.openapi.json").read_text())["info"]["version"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    r = subprocess.run(["make", "-s", "--no-print-directory", "docs-version"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ".".join(full.split(".")[:2]) + "\n"
    assert r.stdout.count(".") == 1
