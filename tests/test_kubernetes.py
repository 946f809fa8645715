"""deploy/kubernetes/, validated offline: the chart's values, the manifests, the image, the Job's command.

- ``values.yaml`` is merged into the Zero to JupyterHub chart's own defaults (as Helm merges them)
  and validated against the chart's published values schema, both vendored from the chart's
  release 4.4.0 (``deploy/kubernetes/schemas/``, their source noted in deploy/README.md).
- ``grading-job.yaml`` (an Indexed Job and its NetworkPolicy) is validated against the Kubernetes
  schemas that the ``kubernetes-validate`` package ships (the ``cluster`` extra), strictly.
- The Job's command is the command a local worker of ``python3 course.py autograde`` runs, and the
  per-user UID callable gives distinct UIDs.
Duplicate YAML keys fail (a plain YAML loader silently keeps the last one).
"""
from __future__ import annotations

import copy
import json
import re

import pytest
import yaml

from support import ROOT, assignments

pytestmark = pytest.mark.classscale
KUBE = ROOT / "deploy" / "kubernetes"
CHART = "4.4.0"
KUBERNETES = "1.33.0"  # backoffLimitPerIndex is stable from 1.33 (beta and on by default from 1.29)
kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="the cluster extra: `python3 course.py test`")


class UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        if duplicates:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}", node.start_mark)
        return super().construct_mapping(node, deep)


def load(path, many=False):
    text = path.read_text()
    return list(yaml.load_all(text, Loader=UniqueKeyLoader)) if many else yaml.load(text, Loader=UniqueKeyLoader)


def helm_merge(defaults: dict, values: dict) -> dict:
    """Helm's merge of user values into a chart's defaults: maps merge, anything else replaces, null deletes."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def values_errors(values: dict) -> list[str]:
    import jsonschema

    schema = json.loads((KUBE / "schemas" / f"zero-to-jupyterhub-{CHART}.values.schema.json").read_text())
    defaults = load(KUBE / "schemas" / f"zero-to-jupyterhub-{CHART}.values.yaml")
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(helm_merge(defaults, values))]


def manifest_errors(doc: dict) -> list[str]:
    try:
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)
    except kubernetes_validate.ValidationError as error:
        return [f"{'.'.join(map(str, error.path))}: {error.message}"]
    return []


@pytest.fixture(scope="module")
def values():
    return load(KUBE / "values.yaml")


@pytest.fixture(scope="module")
def manifests():
    return {doc["kind"]: doc for doc in load(KUBE / "grading-job.yaml", many=True)}


def test_values_match_the_chart_schema(values):
    assert values_errors(values) == []


def test_schema_check_catches_mistakes(values):
    """The check can fail: a misspelt key, a wrong type and a key under the wrong parent are refused."""
    for broken in ({"singleuser": {"memroy": {"limit": "1G"}}}, {"cull": {"timeout": "an hour"}},
                   {"hub": {"loadGroups": {}}}):
        assert values_errors(helm_merge(values, broken)), broken


def test_values_hold_what_a_class_needs(values):
    single, hub = values["singleuser"], values["hub"]
    assert single["image"]["name"] and re.fullmatch(r"\d+\.\d+\.\d+", single["image"]["tag"])
    assert {"guarantee", "limit"} <= set(single["cpu"]) and {"guarantee", "limit"} <= set(single["memory"])
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert single["storage"]["type"] == "dynamic" and single["storage"]["capacity"]
    mounts = {m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    assert "/srv/nbgrader/exchange" in mounts and single["extraEnv"]["SCORED_EXCHANGE"] == "/srv/nbgrader/exchange"
    assert single["extraEnv"]["JUPYTER_CONFIG_PATH"] == "/opt/scored/deploy/student"
    config = hub["config"]
    assert "REPLACE-ME" in json.dumps(config), "the authenticator is a placeholder an institution replaces"
    assert set(config["JupyterHub"]["load_groups"]) == {"formgrade-scored", "nbgrader-scored"}
    assert hub["loadRoles"]["formgrade-scored"]["scopes"] == ["access:services!service=scored"]
    assert "scored" in hub["services"]


def test_per_user_uid_callable(values):
    """The hub's extra config gives KubeSpawner a callable uid: distinct, unprivileged UIDs per user."""
    code = values["hub"]["extraConfig"]["scored-per-user-uid"]

    class Config:
        class KubeSpawner:
            uid = None

    namespace = {"c": Config}
    exec(compile(code, "extraConfig", "exec"), namespace)
    uid = Config.KubeSpawner.uid
    assert callable(uid)
    spawner = lambda user_id: type("Spawner", (), {"user": type("User", (), {"id": user_id})})()  # noqa: E731
    uids = [uid(spawner(i)) for i in range(1, 301)]
    assert len(set(uids)) == 300 and min(uids) >= 1000 and 1000 not in uids  # never jovyan's 1000, never root


def test_manifests_match_the_kubernetes_schemas(manifests):
    assert set(manifests) == {"Job", "NetworkPolicy"}
    for kind, doc in manifests.items():
        assert manifest_errors(doc) == [], kind


def test_kubernetes_check_catches_mistakes(manifests):
    job = copy.deepcopy(manifests["Job"])
    job["spec"]["completionMod"] = "Indexed"
    assert manifest_errors(job)
    job = copy.deepcopy(manifests["Job"])
    job["spec"]["parallelism"] = "many"
    assert manifest_errors(job)


def test_job_is_indexed_with_limits_and_only_the_database_reachable(manifests):
    job, policy = manifests["Job"], manifests["NetworkPolicy"]
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["completions"] >= 1 and 1 <= spec["parallelism"]
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert {"cpu", "memory"} <= set(container["resources"]["limits"]) and pod["restartPolicy"] == "Never"
    assert policy["spec"]["podSelector"]["matchLabels"] == spec["template"]["metadata"]["labels"]
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"} and policy["spec"]["ingress"] == []
    (rule,) = policy["spec"]["egress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": 5432}] and len(rule["to"]) == 1, rule
    assert "SCORED_GRADEBOOK_SERVICE_HOST" in json.dumps(container["env"])  # no DNS needed to find it
    assert pod["automountServiceAccountToken"] is False


def test_job_command_is_the_local_pools(manifests, monkeypatch):
    """The pod runs `python -m grader.pool EX --index K --workers 1`: the module `course.py autograde`
    runs, and for index K it grades the K-th student with the very nbgrader command a local worker runs."""
    import course
    from grader import pool

    (container,) = manifests["Job"]["spec"]["template"]["spec"]["containers"]
    command = container["command"]
    assert command[:3] == ["python", "-m", "grader.pool"], command
    calls = []
    monkeypatch.setattr(course, "setup", lambda *a, **k: None)
    monkeypatch.setattr(course, "run", lambda args, **kwargs: calls.append([str(a) for a in args]) or 0)
    assert course.main(["autograde", "ex09_fairer_scoring", "--workers", "2"]) == 0
    assert calls[0][1:3] == ["-m", "grader.pool"] and calls[0][3:] == ["ex09_fairer_scoring", "--workers", "2"]

    args, nbgrader_args = pool.parse(command[3:])
    assert args.exercise in assignments() and args.index == "$(JOB_COMPLETION_INDEX)" and args.workers == 1
    assert args.course == container["workingDir"]
    students = [f"student-{k:03d}" for k in range(5)]
    local = {s: pool.autograde_argv(args.exercise, s, "scored-sandbox-1", nbgrader_args) for s in students}
    for k, student in enumerate(students):
        pod_args, _ = pool.parse([a.replace("$(JOB_COMPLETION_INDEX)", str(k)) for a in command[3:]])
        assert pool.autograde_argv(pod_args.exercise, pool.pick(students, int(pod_args.index)), "scored-sandbox-1",
                                   nbgrader_args) == local[student]
    assert "--IsolatedExecute.isolation=required" in nbgrader_args


def test_image_installs_the_course_through_the_lock():
    dockerfile = (KUBE / "Dockerfile").read_text()
    base = re.search(r"^FROM (\S+)", dockerfile, re.M).group(1)
    assert re.fullmatch(r"quay\.io/jupyter/scipy-notebook:\d{4}-\d{2}-\d{2}", base), base
    assert "-c /opt/scored/requirements-lock.txt" in dockerfile and '"/opt/scored[postgres]"' in dockerfile
    assert re.search(r"nbgitpuller==\d+\.\d+\.\d+", dockerfile)
    values = load(KUBE / "values.yaml")
    job = load(KUBE / "grading-job.yaml", many=True)[0]
    image = f"{values['singleuser']['image']['name']}:{values['singleuser']['image']['tag']}"
    assert job["spec"]["template"]["spec"]["containers"][0]["image"] == image
    assert image in dockerfile  # the build command in its header tags the image the chart and the Job run


def test_vendored_schema_says_where_it_came_from():
    readme = (ROOT / "deploy" / "README.md").read_text()
    assert "zero-to-jupyterhub-k8s" in readme and CHART in readme
    assert (KUBE / "schemas" / "LICENSE.zero-to-jupyterhub").read_text().startswith("BSD 3-Clause License")
