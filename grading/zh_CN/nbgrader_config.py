"""nbgrader configuration of the Simplified Chinese edition: its own course, with its own
gradebook, beside the English one. Stock `nbgrader` commands run from grading/zh_CN/.

Everything of the English course's configuration holds (it is loaded first); this course has
its own id and lives in this folder: its source notebooks in source/, built from the English
sources and the zh_CN catalogs by `course edition zh_CN` (which `make demo COURSE_LANG=zh_CN`
and `make lab COURSE_LANG=zh_CN` run), and everything nbgrader makes beside them.
"""
import os

here = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821 - provided by nbgrader
load_subconfig(os.path.join(os.path.dirname(here), "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.course_id = "procuratorial-data-zh"
c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.solution_directory = "solution"
c.CourseDirectory.source_with_tests_directory = "source_with_tests"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")
# The exchange is shared with the English course (on a hub, /srv/nbgrader/exchange): nbgrader
# keeps each course's assignments apart by course id.
# The line a trainee replaces with an answer speaks the edition's language too (nbgrader writes it
# into the student version; `# YOUR CODE HERE` stays, as nbgrader and the course read it).
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError(\"请把这一行替换为你的答案。\")"
}
