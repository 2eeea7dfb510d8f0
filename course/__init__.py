"""Courseware for digital procuratorial work.

Trainees import this package in the notebooks: ``course.data`` loads the generated
registry data, ``course.exercises`` holds the checks and hints of each graded
assignment, and ``course.syllabus`` reads the course plan.
"""
__version__ = "0.1.0"
