"""nbgrader configuration of the course, for stock `nbgrader` commands run from grading/.

The course root is the repository: source notebooks live in notebooks/ (so authors edit
one copy), everything nbgrader makes lives in grading/ and is ignored by git.
"""
import os

here = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "procuratorial-data"
c.CourseDirectory.root = os.path.dirname(here)
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.release_directory = "grading/release"
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.solution_directory = "grading/solution"
c.CourseDirectory.source_with_tests_directory = "grading/source_with_tests"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*",
                              "audit-log.jsonl"]  # written by module 06 when run in place

# A single-machine class by default; on a JupyterHub set NBGRADER_EXCHANGE to the shared
# exchange (usually /srv/nbgrader/exchange).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", os.path.join(here, "exchange"))

# Trainees are lawyers: the stub says in words what to do.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError(\"Replace this line with your answer.\")"
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A written answer's rubric sits in a locked cell between ### BEGIN MARK SCHEME and
# ### END MARK SCHEME: removed from the release, restored in the autograded notebook, so the
# instructor reads it in Formgrader's grading view. (nbgrader otherwise allows mark schemes
# only in task cells; the course grades the answer cell itself, not a task.)
c.ClearMarkScheme.enforce_metadata = False

# A cell that runs longer than this is stopped and scored as failed; the class goes on.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120
# Keep feedback readable when a trainee prints a whole table in a loop.
c.LimitOutput.max_lines = 400
c.LimitOutput.max_traceback = 100

# Feedback, whichever way it is made (`nbgrader generate_feedback`, Formgrader's button,
# `course autograde`), is the course's plain-words page: it never shows a test cell's code,
# so hidden tests and their expected values stay with the instructor. It is always remade
# from the gradebook, so manual scores and comments given since are in it.
c.GenerateFeedback.exporter_class = "course.autograde.feedback.FeedbackExporter"
c.GenerateFeedback.force = True
