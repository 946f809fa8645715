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
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
c.Execute.kernel_name = "python3"
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Read-only and grade cells are restored from the gradebook on autograde; a grade cell a
# student deleted is put back and graded instead of silently going to manual grading.
c.OverwriteCells.add_missing_cells = True

# Late submissions: 10% of the notebook's score per started day late, at most all of it
# (utils/grading.py). Instructors set a due date per assignment in the formgrader.
c.AssignLatePenalties.plugin_class = "utils.grading.LatePenaltyPerDay"
c.LatePenaltyPerDay.fraction_per_day = 0.10
