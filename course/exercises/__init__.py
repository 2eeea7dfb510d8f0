"""Checks and hints of the graded assignments, one module per assignment.

The syllabus (`course/syllabus.toml`) names each assignment's module.
"""
