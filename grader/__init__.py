"""Scored's grading machinery for instructors: nbgrader plugins and preprocessors, the sandbox.

- :mod:`grader.limits`: every grading limit, written once;
- :mod:`grader.late`: the late policy (``LatePenaltyPerDay``);
- :mod:`grader.outputs`: output capped by characters (``LimitOutputChars``);
- :mod:`grader.metadata`: cell metadata restored from the gradebook (``RestoreCellMetadata``);
- :mod:`grader.stderr`: warnings are not failures (``StderrNotCounted``);
- :mod:`grader.feedback`: hidden tests and mark schemes kept out of feedback (``HideFromFeedback``);
- :mod:`grader.execute`: nbgrader's ``Execute`` with an isolated kernel and a notebook budget;
- :mod:`grader.sandbox`: the launcher that isolates a kernel (standard library, run as a script).

``nbgrader_config.py`` names these classes; the lessons and the student kernel never import
this package (the sandbox shows the kernel ``utils`` only). Nothing is imported here, so
``import grader.limits`` stays light.
"""
