"""The deployment files, checked without a container engine or a cluster.

Everything under deploy/ and docker-compose.kafka.yml parses; every variable
they set is a setting the service reads (or a known third-party one); the
compose and Kubernetes configurations are accepted by ``Settings``; probes,
ports and selectors line up; and the Grafana dashboard and the alerting
rules parse as PromQL and query only metrics the worker exposes.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr, ValidationError

from stream.metrics import (
    CALLBACK_OUTCOMES,
    LEDGER_WAITS,
    RESULT_LABELS,
    Metrics,
    PartitionLag,
)
from stream.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
COMPOSE = ROOT / "docker-compose.kafka.yml"
K8S = DEPLOY / "k8s"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "idp-worker.json"

SETTINGS = {name.upper() for name in Settings.model_fields}
# Read by libraries or the runtime, not by Settings; each is here for a reason.
THIRD_PARTY = {
    "PGSSLROOTCERT",  # asyncpg: the CA that verifies PostgreSQL (sslmode=verify-full)
    "OMP_THREAD_LIMIT",  # Tesseract: one OpenMP thread per pool process
    "TESSDATA_PREFIX",  # Tesseract's trained data
    "TMPDIR",  # Python's tempfile
    "HOME",
    "PATH",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
}
# The metric names of the issue; the dashboard must show each.
REQUIRED_METRICS = {
    "idp_events_consumed_total",
    "idp_results_total",
    "idp_stage_seconds_bucket",
    "idp_inflight",
    "idp_dlq_total",
    "idp_callbacks_total",
    "idp_duplicates_total",
    "idp_consumer_lag",
}
PLACEHOLDER = "REPLACE_ME"


def load_yaml(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def k8s_objects() -> dict[tuple[str, str], dict[str, Any]]:
    objects = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in load_yaml(path):
            if "kind" in doc and "metadata" in doc:
                objects[(doc["kind"], doc["metadata"]["name"])] = doc
    return objects


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    return Settings()


def test_every_file_parses() -> None:
    files = [COMPOSE, *sorted(DEPLOY.rglob("*.yaml")), *sorted(DEPLOY.rglob("*.yml"))]
    assert len(files) >= 12
    for path in files:
        assert load_yaml(path), path
    for path in sorted(DEPLOY.rglob("*.json")):
        assert json.loads(path.read_text()), path


# The image.


def dockerfile() -> list[tuple[str, str]]:
    """Instructions as (keyword, arguments), continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in (DEPLOY / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        current += " " + line.removesuffix("\\").strip()
        if not line.endswith("\\"):
            keyword, _, rest = current.strip().partition(" ")
            lines.append((keyword.upper(), rest.strip()))
            current = ""
    return lines


def test_the_image_is_multi_stage_slim_and_non_root() -> None:
    instructions = dockerfile()
    stages = [args for keyword, args in instructions if keyword == "FROM"]
    assert len(stages) == 2 and stages[0].endswith("AS build")
    args = dict(a.split("=", 1) for k, a in instructions if k == "ARG" and "=" in a)
    assert "slim" in args["PYTHON_IMAGE"]
    assert any(k == "COPY" and a.startswith("--from=build") for k, a in instructions)
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    assert users[-1].split(":")[0].isdigit(), "a numeric user lets runAsNonRoot verify it"
    installed = " ".join(a for k, a in instructions if k == "RUN" and "apt-get install" in a)
    for package in ("tesseract-ocr-rus", "tesseract-ocr-kaz", "tesseract-ocr-osd"):
        assert package in installed
    assert "curl" not in installed


def test_the_image_checks_health_with_python_on_the_http_port() -> None:
    instructions = dict(dockerfile())
    check = instructions["HEALTHCHECK"]
    assert "urllib.request" in check and "/health" in check and "HTTP_PORT" in check
    env = dockerfile_env()
    assert env["OMP_THREAD_LIMIT"] == "1"
    assert env["HTTP_PORT"] == str(Settings().http_port)
    assert instructions["EXPOSE"] == env["HTTP_PORT"]


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_health_check_command_reads_health(status: int, healthy: bool) -> None:
    """The HEALTHCHECK's own command, run here against a stand-in operator port."""
    check = dict(dockerfile())["HEALTHCHECK"]
    argv = json.loads(check[check.index("CMD") + 3 :].strip())
    asked: list[str] = []

    class Port(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    with http.server.HTTPServer(("127.0.0.1", 0), Port) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        env = {"PATH": os.environ["PATH"], "HTTP_PORT": str(server.server_address[1])}
        argv[0] = sys.executable
        done = subprocess.run(argv, env=env, capture_output=True, timeout=30, check=False)
        server.shutdown()
    assert asked == ["/health"]
    assert (done.returncode == 0) is healthy


def dockerfile_env() -> dict[str, str]:
    env = {}
    for keyword, args in dockerfile():
        if keyword == "ENV":
            env |= dict(re.findall(r"(\w+)=(\S+)", args))
    return env


def test_the_image_sets_only_known_variables() -> None:
    assert set(dockerfile_env()) <= SETTINGS | THIRD_PARTY


# docker compose.


def compose() -> dict[str, Any]:
    (document,) = load_yaml(COMPOSE)
    return document


def worker_env() -> dict[str, str]:
    return {k: str(v) for k, v in compose()["services"]["worker"]["environment"].items()}


def test_compose_runs_kafka_in_kraft_mode_postgres_and_minio() -> None:
    services = compose()["services"]
    kafka = services["kafka"]
    assert kafka["image"].startswith(("apache/kafka", "bitnami/kafka"))
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert "KAFKA_CONTROLLER_QUORUM_VOTERS" in kafka["environment"]
    assert "zookeeper" not in services
    assert services["postgres"]["image"].startswith("postgres")
    assert services["minio"]["image"].startswith("minio/minio")


def test_compose_creates_the_bucket_and_the_topics_the_workers_use() -> None:
    services, env = compose()["services"], worker_env()
    bucket_job = " ".join(services["minio-bucket"]["command"])
    assert f"mc mb --ignore-existing local/{env['S3_BUCKET']}" in bucket_job
    topics = services["kafka-topics"]
    script = " ".join(topics["command"])
    for name in (
        "INPUT_TOPIC",
        "READ_TOPIC",
        "CHECK_TOPIC",
        "RETRY_TOPIC",
        "RESULT_TOPIC",
        "DLQ_TOPIC",
        "CALLBACK_DLQ_TOPIC",
    ):
        assert f'"$${name}"' in script
        assert topics["environment"][name] == env[name]
    assert topics["environment"]["TOPIC_PARTITIONS"] == env["TOPIC_PARTITIONS"]
    assert env["CREATE_TOPICS"] == "false"
    depends = services["worker"]["depends_on"]
    assert depends["kafka-topics"]["condition"] == "service_completed_successfully"
    assert depends["minio-bucket"]["condition"] == "service_completed_successfully"


def test_compose_runs_two_workers_on_a_read_only_root() -> None:
    worker = compose()["services"]["worker"]
    assert worker["deploy"]["replicas"] == 2
    assert worker["build"]["dockerfile"] == "deploy/Dockerfile"
    assert worker["read_only"] is True
    assert any(mount.startswith("/tmp") for mount in worker["tmpfs"])
    assert "ports" not in worker, "two replicas cannot publish the same host port"


def test_compose_worker_variables_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    env = worker_env()
    assert set(env) <= SETTINGS | THIRD_PARTY, set(env) - SETTINGS - THIRD_PARTY
    s = settings_from(env, monkeypatch)
    assert s.environment == "development"  # fixed local passwords, plaintext Kafka
    assert not s.missing_connections
    # The same file in production is refused: plaintext Kafka, plain-HTTP S3.
    with pytest.raises(ValidationError):
        settings_from({**env, "ENVIRONMENT": "production"}, monkeypatch)


def test_prometheus_scrapes_every_worker_on_the_http_port() -> None:
    services = compose()["services"]
    mounts = services["prometheus"]["volumes"]
    source = next(m.split(":")[0] for m in mounts if m.endswith("prometheus.yml:ro"))
    config = load_yaml(ROOT / source)[0]
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    (discovery,) = job["dns_sd_configs"]
    assert discovery["names"] == ["worker"] and discovery["type"] == "A"
    assert str(discovery["port"]) == worker_env()["HTTP_PORT"]


def test_grafana_provisioning_points_at_the_dashboard() -> None:
    grafana = compose()["services"]["grafana"]
    # host path: container path (:ro)
    mounts = {
        container: ROOT / host
        for host, container in (m.rsplit(":", 1)[0].split(":") for m in grafana["volumes"])
    }
    provisioning = mounts["/etc/grafana/provisioning"]
    provider = load_yaml(provisioning / "dashboards" / "idp.yml")
    folder = provider[0]["providers"][0]["options"]["path"]
    assert (mounts[folder] / DASHBOARD.name).is_file()
    (datasource,) = load_yaml(provisioning / "datasources" / "prometheus.yml")[0]["datasources"]
    assert datasource["url"] == "http://prometheus:9090"


# Kubernetes.


def test_kustomization_lists_every_manifest_but_the_secret_template() -> None:
    (kustomization,) = load_yaml(K8S / "kustomization.yaml")
    listed = set(kustomization["resources"])
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present - {"secret.template.yaml"}
    assert kustomization["namespace"] == "idp"


def container() -> dict[str, Any]:
    deployment = k8s_objects()[("Deployment", "idp-worker")]
    (worker,) = deployment["spec"]["template"]["spec"]["containers"]
    return worker


def test_the_pod_runs_non_root_on_a_read_only_root() -> None:
    objects = k8s_objects()
    pod = objects[("Deployment", "idp-worker")]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["automountServiceAccountToken"] is False
    security = container()["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"]: m["name"] for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    resources = container()["resources"]
    assert {"cpu", "memory"} <= resources["requests"].keys() & resources["limits"].keys()
    config = objects[("ConfigMap", "idp-config")]["data"]
    assert config["OCR_WORKERS"] == str(resources["limits"]["cpu"])
    assert config["TEMP_DIR"] == "/tmp"


def test_probes_hit_health_and_ready_on_the_http_port() -> None:
    worker = container()
    ports = {p["name"]: p["containerPort"] for p in worker["ports"]}
    http_port = int(k8s_objects()[("ConfigMap", "idp-config")]["data"]["HTTP_PORT"])
    expected = {"startupProbe": "/health", "livenessProbe": "/health", "readinessProbe": "/ready"}
    for probe, path in expected.items():
        get = worker[probe]["httpGet"]
        assert get["path"] == path, probe
        port = get["port"]
        assert ports.get(port, port) == http_port, probe


def test_service_pdb_and_scaler_select_the_worker() -> None:
    objects = k8s_objects()
    deployment = objects[("Deployment", "idp-worker")]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    service = objects[("Service", "idp-worker")]["spec"]
    assert service["selector"].items() <= labels.items()
    (port,) = service["ports"]
    assert port["targetPort"] in {p["name"] for p in container()["ports"]}
    pdb = objects[("PodDisruptionBudget", "idp-worker")]["spec"]
    assert pdb["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["minAvailable"] >= 1
    scaled = objects[("ScaledObject", "idp-worker")]["spec"]
    assert scaled["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert scaled["minReplicaCount"] > pdb["minAvailable"] - 1


def test_the_scaler_watches_the_groups_lag_on_the_input_topic() -> None:
    objects = k8s_objects()
    config = objects[("ConfigMap", "idp-config")]["data"]
    (trigger,) = objects[("ScaledObject", "idp-worker")]["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["consumerGroup"] == config["CONSUMER_GROUP"] == "nohd_MSB"
    assert meta["topic"] == config["INPUT_TOPIC"] == "dl-loan-delay"
    assert meta["bootstrapServers"] == config["KAFKA_BOOTSTRAP_SERVERS"]
    auth = objects[("TriggerAuthentication", trigger["authenticationRef"]["name"])]
    secrets = template_secrets() | {
        name: obj["stringData"] for (kind, name), obj in objects.items() if kind == "Secret"
    }
    refs = {ref["parameter"]: ref for ref in auth["spec"]["secretTargetRef"]}
    assert {"username", "password", "ca", "sasl", "tls"} <= refs.keys()
    for ref in refs.values():
        assert ref["key"] in secrets[ref["name"]], ref
    assert secrets["idp-keda-kafka"] == {"sasl": "scram_sha512", "tls": "enable"}
    assert config["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"


def template_secrets() -> dict[str, dict[str, str]]:
    return {
        doc["metadata"]["name"]: doc["stringData"]
        for doc in load_yaml(K8S / "secret.template.yaml")
        if doc["kind"] == "Secret"
    }


def pod_env() -> dict[str, str]:
    """What envFrom gives the container: the ConfigMap and the Secret template."""
    objects, secrets = k8s_objects(), template_secrets()
    env: dict[str, str] = {}
    for source in container()["envFrom"]:
        if "configMapRef" in source:
            env |= objects[("ConfigMap", source["configMapRef"]["name"])]["data"]
        else:
            env |= secrets[source["secretRef"]["name"]]
    return env


def test_pod_variables_are_settings() -> None:
    env = pod_env()
    assert set(env) <= SETTINGS | THIRD_PARTY, set(env) - SETTINGS - THIRD_PARTY


def test_the_secret_template_holds_no_real_secret() -> None:
    secret_settings = {
        name.upper()
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation)
    }
    values = template_secrets()["idp-secrets"]
    for name, value in values.items():
        if name in secret_settings:
            assert PLACEHOLDER in value, name
    assert template_secrets()["idp-ca"] == {"ca.crt": PLACEHOLDER}


def test_the_unfilled_template_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = with_local_files(pod_env(), tmp_path)
    with pytest.raises(ValidationError, match="placeholder"):
        settings_from(env, monkeypatch)


def test_the_filled_in_configuration_is_valid_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = with_local_files(pod_env(), tmp_path)
    env = {
        name: value.replace(PLACEHOLDER, f"real-{name.lower()}-9f3k") for name, value in env.items()
    }
    s = settings_from(env, monkeypatch)
    assert s.environment == "production"
    assert s.kafka_security_protocol == "SASL_SSL"
    assert s.kafka_sasl_password == SecretStr("real-kafka_sasl_password-9f3k")
    assert s.s3_endpoint_url and s.s3_endpoint_url.startswith("https://")
    assert not s.missing_connections


def with_local_files(env: dict[str, str], folder: Path) -> dict[str, str]:
    """The mounted file paths, pointed at files that exist here."""
    replaced = dict(env)
    for name, value in env.items():
        if value.startswith("/etc/idp/"):
            local = folder / value.removeprefix("/etc/idp/")
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_text("-----BEGIN CERTIFICATE-----\n")
            replaced[name] = str(local)
    return replaced


def test_the_ca_mount_is_where_the_settings_look() -> None:
    mounts = {m["name"]: m["mountPath"] for m in container()["volumeMounts"]}
    config = k8s_objects()[("ConfigMap", "idp-config")]["data"]
    for name in ("KAFKA_SSL_CA_FILE", "S3_CA_BUNDLE", "PGSSLROOTCERT"):
        assert config[name].startswith(mounts["ca"] + "/")
        assert Path(config[name]).name in template_secrets()["idp-ca"]


# The Grafana dashboard.


def exposed_metrics() -> dict[str, set[str]]:
    """Every sample name the worker exposes, with its label names, from ``stream.metrics``."""
    metrics = Metrics()
    metrics.event_consumed()
    metrics.duplicate()
    metrics.result("completed", True)
    metrics.stage_seconds("ocr", 1.5)
    metrics.dead_lettered("INVALID_JSON")
    metrics.callback("delivered")
    metrics.ledger_wait("failing")
    metrics.watch_lag(lambda: [PartitionLag("dl-loan-delay", 0, 3)])
    with metrics.in_flight():
        body, _ = metrics.exposition()
    names: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            names.setdefault(sample.name, set()).update(sample.labels)
    return names


def dashboard_queries() -> list[str]:
    board = json.loads(DASHBOARD.read_text())
    queries = [
        target["expr"]
        for panel in board["panels"]
        for target in panel.get("targets", [])
        if "expr" in target
    ]
    for variable in board["templating"]["list"]:
        query = variable.get("query")
        if isinstance(query, dict):
            queries.append(query["query"])
    return queries


# Grafana fills these in before a query reaches Prometheus.
_GRAFANA_RANGES = re.compile(r"\$__(rate_interval|interval|range)\b")
_GRAFANA_VARIABLES = re.compile(r"\$\{?\w+\}?")
_LABEL_VALUES = re.compile(r"label_values\((.+),\s*(\w+)\)")


@dataclass
class Queried:
    """What a PromQL query reads of the worker's metrics."""

    names: set[str]
    matchers: list[tuple[str, str, str]]
    """(label, operator, value) of every selector's matchers."""


def metrics_queried(query: str, exposed: dict[str, set[str]]) -> Queried:
    """The worker's metrics ``query`` reads, from its syntax tree (PromQL as
    Prometheus parses it, Grafana's variables filled in), each checked to be
    exposed with every label it selects or groups by (le comes with the
    histogram, instance and job from Prometheus)."""
    concrete = _GRAFANA_VARIABLES.sub(".*", _GRAFANA_RANGES.sub("5m", query))
    # A variable's values come from Grafana's label_values(selector, label).
    values_of = _LABEL_VALUES.fullmatch(concrete.strip())
    if values_of:
        concrete, wanted = values_of.group(1), values_of.group(2)
    tree = promql_parser.parse(concrete)  # raises on anything Prometheus would refuse
    selectors: list[Any] = []
    groupings: list[list[str]] = []

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector) and (node.name or "").startswith("idp_"):
            selectors.append(node)
        elif isinstance(node, promql_parser.AggregateExpr) and node.modifier is not None:
            groupings.append(list(node.modifier.labels))

    promql_parser.walk(tree, visit)
    names = {selector.name for selector in selectors}
    assert names <= exposed.keys(), f"{names - exposed.keys()} in {query}"
    labels = set().union(*(exposed[name] for name in names)) | {"instance", "job"}
    matchers = []
    for selector in selectors:
        for matcher in selector.matchers.matchers:
            assert matcher.name in labels, f"{matcher.name} in {query}"
            matchers.append((matcher.name, str(matcher.op), matcher.value))
    for grouped in groupings:
        assert set(grouped) <= labels, f"{set(grouped) - labels} in {query}"
    if values_of:
        assert wanted in labels, f"{wanted} in {query}"
    return Queried(names, matchers)


def test_the_dashboard_queries_only_exposed_metrics() -> None:
    exposed = exposed_metrics()
    used = set()
    for query in dashboard_queries():
        names = metrics_queried(query, exposed).names
        assert names, query
        used |= names
    assert used >= REQUIRED_METRICS, REQUIRED_METRICS - used


def test_the_dashboard_shows_stage_latency_percentiles() -> None:
    quantiles = {
        float(q)
        for query in dashboard_queries()
        for q in re.findall(r"histogram_quantile\(([0-9.]+), sum by \(le, stage\)", query)
        if "idp_stage_seconds_bucket" in query
    }
    assert quantiles == {0.5, 0.95, 0.99}


def test_the_dashboard_uses_its_datasource_variable() -> None:
    board = json.loads(DASHBOARD.read_text())
    assert board["uid"] and board["title"]
    for panel in board["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]


# Alerting rules.

ALERTS = DEPLOY / "prometheus" / "alerts.yml"


def alert_rules() -> list[dict[str, Any]]:
    (config,) = load_yaml(ALERTS)
    return [rule for group in config["groups"] for rule in group["rules"]]


def test_prometheus_loads_the_alerts_compose_mounts() -> None:
    services = compose()["services"]
    # host path: container path (:ro)
    mounts = {
        container: ROOT / host
        for host, container in (
            m.rsplit(":", 1)[0].split(":") for m in services["prometheus"]["volumes"]
        )
    }
    config = load_yaml(mounts["/etc/prometheus/prometheus.yml"])[0]
    (rule_file,) = config["rule_files"]
    assert mounts[rule_file].resolve() == ALERTS


def test_alerts_query_only_exposed_metrics_with_known_label_values() -> None:
    exposed = exposed_metrics()
    known = {
        "cause": set(LEDGER_WAITS),
        "outcome": set(CALLBACK_OUTCOMES),
        "status": {status for status, _ in RESULT_LABELS},
        "topic": {worker_env().get("INPUT_TOPIC", "dl-loan-delay")},
    }
    names = set()
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"page", "ticket"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        queried = metrics_queried(rule["expr"], exposed)
        names |= queried.names
        for label, _operator, value in queried.matchers:
            assert value in known.get(label, ()), f"{label}={value!r} in {rule['alert']}"
    # Every way the intake holds events back, or gives up on one, is alerted on.
    assert names >= {
        "idp_intake_ledger_waits_total",
        "idp_consumer_lag",
        "idp_dlq_total",
        "idp_results_total",
        "idp_callbacks_total",
    }, names


def test_every_alert_has_its_runbook_section() -> None:
    runbook = (ROOT / "docs" / "OPERATIONS.md").read_text()
    sections = {
        line.removeprefix("### ").strip().lower()
        for line in runbook.splitlines()
        if line.startswith("### ")
    }
    for rule in alert_rules():
        link = rule["annotations"]["runbook"]
        assert link == f"docs/OPERATIONS.md#{rule['alert'].lower()}", rule["alert"]
        assert rule["alert"].lower() in sections, f"no section for {rule['alert']}"
