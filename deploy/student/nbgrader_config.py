"""nbgrader settings for every student's server (deploy/jupyterhub_config.py puts this folder
on the students' JUPYTER_CONFIG_PATH).

The student id is pinned to the JupyterHub user name. Without it nbgrader files a submission
under the Unix login, so with one shared account (or in a container running as ``jovyan``
without JUPYTERHUB_USER) students overwrite each other's submissions.
"""
import os

from grader.limits import EXCHANGE_ROOT  # the one place the default exchange is written

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = os.environ.get("SCORED_COURSE_ID", "scored")
c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
c.Exchange.root = os.environ.get("SCORED_EXCHANGE", EXCHANGE_ROOT)
