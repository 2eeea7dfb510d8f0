"""What only the hidden tests use, one module per assignment (same names as `course.exercises`).

Hidden expected values, comparisons against held-out data and everything that reads the
planted `truth/` tables live here, out of a trainee's reach: the hidden test cells import
`from course.hidden import <module> as hidden` between the ``### BEGIN HIDDEN TESTS`` markers,
so the import never reaches a release; on a hub the installer makes this folder readable by
instructors only, and inside the grading sandbox it is empty. `course.exercises` keeps what
the visible checks and hints need (a visible check may reveal what it reveals by design).

Hidden tests run in the grader's process (`course autograde`) or in the kernel
(`nbgrader autograde`); both have the real package.
"""
