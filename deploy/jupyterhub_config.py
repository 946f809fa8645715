"""JupyterHub for one class of the Scored course (deploy/README.md explains each choice).

    jupyterhub -f deploy/jupyterhub_config.py

Settings come from environment variables so that the same file serves a real class and a
local trial (tests/test_hub.py starts it exactly so):

SCORED_COURSE_ROOT   the instructor's course folder (solutions/, gradebook.db); default: this repo
SCORED_COURSE_ID     course id, also the formgrader service's name (default "scored")
SCORED_EXCHANGE      nbgrader's exchange folder (default /srv/nbgrader/exchange)
SCORED_HUB_STATE     folder for the hub's database and cookie secret (default /srv/jupyterhub)
SCORED_HUB_IP/PORT   where the hub listens (default 127.0.0.1:8000: loopback until you put TLS in front)
SCORED_INTERNAL_PORTS  three ports on 127.0.0.1 for the hub's API, the proxy's API and the
                     formgrader (default "8081,8001,9999")
SCORED_INSTRUCTORS   comma-separated user names: group formgrade-<course>, may open the formgrader
SCORED_STUDENTS      comma-separated user names: group nbgrader-<course>
SCORED_GRADER_USER   Unix account that runs the formgrader service (default: the hub's own)
SCORED_TRIAL=1       local trial only: DummyAuthenticator (password SCORED_TRIAL_PASSWORD) and
                     SimpleLocalProcessSpawner (every user runs as the hub's account). Never for a class.
SCORED_ADMIN_TOKEN   optional: a token for a "scored-admin" service allowed to manage users and
                     servers through the REST API (used by the tests; leave unset otherwise)

Authentication is the institution's choice: set ``c.JupyterHub.authenticator_class`` (OAuth,
LDAP, ...) at the end of this file or in a file of your own loaded after it. Without
SCORED_TRIAL, users are real Unix accounts (LocalProcessSpawner) until you choose otherwise.
"""
import os
import shutil
import sys
from pathlib import Path

from grader.limits import EXCHANGE_ROOT  # the one place the default exchange is written

c = get_config()  # noqa: F821

HERE = Path(__file__).resolve().parent
ENV_BIN = Path(sys.executable).parent  # the course environment's bin/: nbgrader calls `alembic` by bare name
COURSE_ROOT = Path(os.environ.get("SCORED_COURSE_ROOT", HERE.parent)).resolve()
COURSE = os.environ.get("SCORED_COURSE_ID", "scored")
EXCHANGE = os.environ.get("SCORED_EXCHANGE", EXCHANGE_ROOT)
STATE = Path(os.environ.get("SCORED_HUB_STATE", "/srv/jupyterhub"))
INSTRUCTORS = [u for u in os.environ.get("SCORED_INSTRUCTORS", "").split(",") if u]
STUDENTS = [u for u in os.environ.get("SCORED_STUDENTS", "").split(",") if u]
TRIAL = os.environ.get("SCORED_TRIAL") == "1"
PATH = os.pathsep.join([str(ENV_BIN), os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")])

# --- the hub ------------------------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("SCORED_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SCORED_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
HUB_API_PORT, PROXY_API_PORT, FORMGRADER_PORT = (
    int(p) for p in os.environ.get("SCORED_INTERNAL_PORTS", "8081,8001,9999").split(","))
c.JupyterHub.hub_port = HUB_API_PORT
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# configurable-http-proxy from npm: `python3 course.py test` installs it into .venv/node/
for candidate in (ENV_BIN.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy",
                  shutil.which("configurable-http-proxy")):
    if candidate and Path(candidate).exists():
        c.ConfigurableHTTPProxy.command = [str(candidate)]
        break

# --- who may log in, and who is an instructor ------------------------------------------------------
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS)
c.Authenticator.admin_users = set()  # instructors need no hub admin rights to grade
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": INSTRUCTORS},
    f"nbgrader-{COURSE}": {"users": STUDENTS},
}
c.JupyterHub.load_roles = [
    # instructors (and only they) reach the formgrader service
    {"name": f"formgrade-{COURSE}", "groups": [f"formgrade-{COURSE}"],
     "scopes": [f"access:services!service={COURSE}"]},
    # students: their own server and nothing else (JupyterHub's default "user" role)
    {"name": f"nbgrader-{COURSE}", "groups": [f"nbgrader-{COURSE}"], "scopes": ["self"]},
    # the formgrader may read course groups (nbgrader's JupyterHubAuthPlugin, for several courses)
    {"name": f"{COURSE}-service", "services": [COURSE], "scopes": ["list:groups", "read:groups", "list:users"]},
]

if TRIAL:  # local trials only: anyone with the shared password logs in as any allowed user
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ.get("SCORED_TRIAL_PASSWORD", "")
    if not c.DummyAuthenticator.password:
        sys.exit("SCORED_TRIAL=1 needs SCORED_TRIAL_PASSWORD (any non-empty string).")
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
else:
    c.JupyterHub.spawner_class = "localprocess"  # real Unix users; see deploy/README.md for Kubernetes

services = []
if os.environ.get("SCORED_ADMIN_TOKEN"):
    services.append({"name": "scored-admin", "api_token": os.environ["SCORED_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "scored-admin", "services": ["scored-admin"],
                                    "scopes": ["admin:users", "admin:servers", "tokens", "list:users",
                                               "read:users", "access:servers"]})

# --- each student's server ----------------------------------------------------------------------
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "PATH": PATH,
    # student settings: id pinned to the hub user name, the exchange, formgrader and
    # create-assignment switched off (the nbgrader wheel enables them for everyone)
    "JUPYTER_CONFIG_PATH": str(HERE / "student"),
    "SCORED_COURSE_ID": COURSE,
    "SCORED_EXCHANGE": EXCHANGE,
}
if os.geteuid() == 0 and TRIAL:
    c.Spawner.args = ["--allow-root"]  # a trial as root: every server runs as root (never in a class)
c.Spawner.mem_limit = "1G"  # enforced by container spawners; LocalProcessSpawner only reports it
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

# --- the course's formgrader, a hub-managed service named after the course ------------------------
service = {
    "name": COURSE,
    "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
    "command": [str(ENV_BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE_ROOT}"],
    "cwd": str(COURSE_ROOT),
    "oauth_no_confirm": True,
    "environment": {
        "PATH": PATH,
        "JUPYTER_CONFIG_PATH": str(HERE / "formgrader"),
        "SCORED_EXCHANGE": EXCHANGE,
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
    },
}
if os.environ.get("SCORED_GRADER_USER"):
    service["user"] = os.environ["SCORED_GRADER_USER"]
elif os.geteuid() == 0:
    service["command"].append("--allow-root")  # autograding still drops to the sandbox account
c.JupyterHub.services = services + [service]
