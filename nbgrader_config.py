"""nbgrader configuration for the Scored course.

solutions/ holds the instructor's source notebooks (with solutions, hidden tests and
mark schemes); exercises/ holds the student release that `nbgrader generate_assignment`
makes from them. The gradebook and everything students hand in stay out of git.
"""
c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "scored"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"  # ignored by git
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

# Notebooks run in the course environment's kernel, whatever a submission declares.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: each cell may run for at most 60 s; an infinite loop costs the student
# that question, never the grader's run.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True  # nbgrader always goes on after a cell's error
c.Execute.kernel_name = "python3"
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Grading safety (utils/grading.py, utils/sandbox.py; deploy/README.md, "Grading safety").
# Student code runs in an isolated kernel: an unprivileged account ("scored-sandbox", created
# when missing) in private namespaces that show it the OS and the course environment, not the
# course folder, the gradebook or the exchange; with limits on memory, processes, CPU time and
# file size. That needs root on Linux; elsewhere the grader logs "Autograding kernel NOT
# isolated" and applies only the limits. Set "required" on a shared server to refuse instead.
c.IsolatedExecute.isolation = "auto"
c.IsolatedExecute.memory_limit = 2 * 1024**3
c.IsolatedExecute.process_limit = 64
c.IsolatedExecute.cpu_limit = 600
c.IsolatedExecute.file_size_limit = 100 * 1024**2
# A time budget for the whole notebook on top of the 60 s per cell: all its code cells together may
# run 600 s (kernel start-up excluded; the slowest solution runs in a few seconds). Once it is spent
# the remaining cells are not run and each gets a "NotebookTimeLimit" error, so their test cells
# score 0; each cell's own timeout is cut to the budget left. -1: no budget.
c.IsolatedExecute.notebook_timeout = 600
# Output is capped by characters as well as lines, while it arrives and in the saved notebook,
# so one 100 MB line cannot become a 100 MB autograded notebook or feedback page.
OUTPUT_CHARS = 100_000
c.IsolatedExecute.max_output_chars = OUTPUT_CHARS
c.LimitOutputChars.max_chars = OUTPUT_CHARS
c.Autograde.autograde_preprocessors = [
    "utils.grading.IsolatedExecute",  # nbgrader's Execute, isolated (it reads the Execute settings above)
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "utils.grading.LimitOutputChars",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "utils.grading.HideFromFeedback",  # stock feedback shows hidden tests and mark schemes
    "utils.grading.LimitOutputChars",  # also for notebooks autograded before the cap existed
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Read-only and grade cells are restored from the gradebook on autograde; a grade cell a
# student deleted is put back and graded instead of silently going to manual grading.
c.OverwriteCells.add_missing_cells = True
# Which cells are answers, tests and tasks (and their points) comes from the gradebook, never
# from a submission's metadata (utils.grading.RestoreCellMetadata).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "utils.grading.RestoreCellMetadata",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Late submissions: 10% of the notebook's score per started day late, at most all of it
# (utils/grading.py). Instructors set a due date per assignment in the formgrader.
c.AssignLatePenalties.plugin_class = "utils.grading.LatePenaltyPerDay"
c.LatePenaltyPerDay.fraction_per_day = 0.10
