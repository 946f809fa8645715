"""nbgrader settings for the course's formgrader service, added to the course's own
nbgrader_config.py (the service runs in the course folder): where the exchange is."""
import os

from grader.limits import EXCHANGE_ROOT  # the one place the default exchange is written

c = get_config()  # noqa: F821

c.Exchange.root = os.environ.get("SCORED_EXCHANGE", EXCHANGE_ROOT)
