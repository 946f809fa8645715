"""nbgrader configuration for the Scored course.

solutions/ holds the instructor's source notebooks (with solutions, hidden tests and
mark schemes); exercises/ holds the student release that `nbgrader generate_assignment`
makes from them. The gradebook and everything students hand in stay out of git.
"""
import os

from grader import limits

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "scored"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# The gradebook: SQLite in the course folder (ignored by git), or any database SQLAlchemy reaches,
# named with its driver, e.g. postgresql+psycopg://grader:PASSWORD@db.example.org/scored (the
# `postgres` extra installs psycopg). docs/grading.md says when to switch. The grading sandbox
# removes this variable from student kernels' environment.
c.CourseDirectory.db_url = os.environ.get("SCORED_GRADEBOOK_URL", "sqlite:///gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

# Notebooks run in the course environment's kernel, whatever a submission declares.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: each cell may run for at most 60 s; an infinite loop costs the student
# that question, never the grader's run.
c.Execute.timeout = limits.CELL_TIMEOUT
c.Execute.interrupt_on_timeout = True  # nbgrader always goes on after a cell's error
c.Execute.kernel_name = "python3"
# After a cell finishes, its output gets this long to arrive. nbgrader's default (4 s, then fail
# the whole notebook: that student gets no grade) lost whole submissions after a huge printout on
# a busy machine. Here a late output is logged and dropped instead; a cell's error still counts,
# because nbgrader takes it from the kernel's reply when the output did not bring it.
c.Execute.iopub_timeout = limits.IOPUB_TIMEOUT
c.Execute.raise_on_iopub_timeout = False
c.LimitOutput.max_lines = limits.OUTPUT_LINES
c.LimitOutput.max_traceback = limits.TRACEBACK_LINES

# Grading safety (grader/execute.py, grader/sandbox.py; deploy/README.md, "Grading safety").
# Student code runs in an isolated kernel: an unprivileged account ("scored-sandbox", created
# when missing) in private namespaces that show it the OS and the course environment, not the
# course folder, the gradebook or the exchange; with limits on memory, processes, CPU time and
# file size. That needs root on Linux; elsewhere the grader logs "Autograding kernel NOT
# isolated" and applies only the limits. Set "required" on a shared server to refuse instead.
c.IsolatedExecute.isolation = "auto"
c.IsolatedExecute.memory_limit = limits.MEMORY_LIMIT
c.IsolatedExecute.process_limit = limits.PROCESS_LIMIT
c.IsolatedExecute.cpu_limit = limits.CPU_LIMIT
c.IsolatedExecute.file_size_limit = limits.FILE_SIZE_LIMIT
# A time budget for the whole notebook on top of the 60 s per cell: all its code cells together may
# run 600 s (kernel start-up excluded; the slowest solution runs in a few seconds). Once it is spent
# the remaining cells are not run and each gets a "NotebookTimeLimit" error, so their test cells
# score 0; each cell's own timeout is cut to the budget left. -1: no budget.
c.IsolatedExecute.notebook_timeout = limits.NOTEBOOK_TIMEOUT
# Output is capped by characters as well as lines, while it arrives and in the saved notebook,
# so one 100 MB line cannot become a 100 MB autograded notebook or feedback page.
c.IsolatedExecute.max_output_chars = limits.OUTPUT_CHARS
c.LimitOutputChars.max_chars = limits.OUTPUT_CHARS
c.Autograde.autograde_preprocessors = [
    "grader.execute.IsolatedExecute",  # nbgrader's Execute, isolated (it reads the Execute settings above)
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "grader.outputs.LimitOutputChars",
    # Warnings are not failures: stock nbgrader scores a test cell 0 for any stderr output; this
    # shows a graded cell's stderr under a "not counted" label, so only an error costs its points.
    "grader.stderr.StderrNotCounted",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "grader.feedback.HideFromFeedback",  # stock feedback shows hidden tests and mark schemes
    "grader.outputs.LimitOutputChars",  # also for notebooks autograded before the cap existed
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Read-only and grade cells are restored from the gradebook on autograde; a grade cell a
# student deleted is put back and graded instead of silently going to manual grading.
c.OverwriteCells.add_missing_cells = True
# Which cells are answers, tests and tasks (and their points) comes from the gradebook, never
# from a submission's metadata (grader.metadata.RestoreCellMetadata).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "grader.metadata.RestoreCellMetadata",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Late submissions: 10% of the notebook's score per started day late, at most all of it
# (grader/late.py). Instructors set a due date per assignment in the formgrader.
c.AssignLatePenalties.plugin_class = "grader.late.LatePenaltyPerDay"
c.LatePenaltyPerDay.fraction_per_day = limits.LATE_FRACTION_PER_DAY
