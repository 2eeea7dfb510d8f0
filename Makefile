# Two commands on a fresh machine: `make demo` (the class in a box) and `make test`.
# `make lab` opens JupyterLab on the learner's own workspace. Each target installs what it
# needs into .venv first; nothing is installed outside the project folder except, on a
# Debian machine run as root that lacks it, the python3-venv package.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
# The edition: empty for English, zh_CN for the Simplified Chinese course (its own nbgrader course
# in grading/zh_CN/, its own workspace, JupyterLab in Chinese): `make demo COURSE_LANG=zh_CN`.
COURSE_LANG ?=
LANG_OPT  := $(if $(COURSE_LANG),--lang $(COURSE_LANG))
WORKSPACE := $(if $(COURSE_LANG),workspace-$(COURSE_LANG),workspace)
COURSE_DIR := $(if $(COURSE_LANG),grading/$(COURSE_LANG),grading)

.PHONY: demo test lab formgrader data clean-demo help hub hub-stop system-packages

help:
	@echo "make demo   build data, release, simulate a class, autograde, feedback, export grades"
	@echo "make clean-demo  remove the demo's releases, submissions, grades and feedback (the data stay)"
	@echo "make test   run the whole test suite"
	@echo "make lab    open JupyterLab on your workspace of student notebooks (workspace/)"
	@echo "make formgrader  the instructor's JupyterLab with Formgrader on this course"
	@echo "make hub    (root) accounts from hub/roster.toml, then the class's JupyterHub on HUB_IP:HUB_PORT"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "This course needs Python 3.10 or newer; '$(PYTHON)' is older. Try: make PYTHON=python3.11 ..."; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) 2>/dev/null || \
	  { rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "Installing Debian's python3-venv, which '$(PYTHON) -m venv' needs"; \
	      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	    else echo "'$(PYTHON) -m venv' failed: install your system's venv package (Debian: sudo apt-get install python3-venv)"; exit 1; fi; }
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test,spark,hub]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/course demo $(LANG_OPT)

# Debian packages the tests and the hub use, installed when missing (as root on Debian):
# Chromium for the browser test, python3-venv for the hub's shared environment, and a CJK font
# so that Chinese shows in pages, screenshots and charts.
DEB_PACKAGES := chromium python3-venv fonts-noto-cjk

system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then echo "Installing Debian packages:" $$missing; \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi; \
	fi

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

data: $(STAMP)
	$(BIN)/course data build

lab: $(STAMP)
	$(BIN)/course workspace $(LANG_OPT) $(WORKSPACE)
	JUPYTER_CONFIG_DIR=$(CURDIR)/$(WORKSPACE)/.jupyter $(BIN)/jupyter lab --notebook-dir=$(CURDIR)/$(WORKSPACE) \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# The class's JupyterHub (run as root): checks the roster, makes the accounts, the exchange, the
# shared environment and data, the course directory, then starts the hub in the background.
HUB_IP   ?= 127.0.0.1
HUB_PORT ?= 8000
ROSTER   ?= hub/roster.toml
HUB_ARGS ?=

hub: $(STAMP) system-packages
	@test -f $(ROSTER) || { echo "No roster: cp hub/roster.example.toml $(ROSTER), list your class, run make hub again"; exit 1; }
	$(BIN)/course hub start --roster $(ROSTER) --ip $(HUB_IP) --port $(HUB_PORT) $(HUB_ARGS)

hub-stop: $(STAMP)
	$(BIN)/course hub stop $(HUB_ARGS)

clean-demo: $(STAMP)
	$(BIN)/python -c "from course import demo, nbgrader_run; demo.reset(nbgrader_run.grading_for('$(COURSE_LANG)'))"

# The instructor's JupyterLab: Formgrader, nbgrader's panels and the course directory (source
# notebooks with solutions in notebooks/, nbgrader's folders in grading/). It runs in grading/,
# where nbgrader_config.py is, with the repository as the notebook root, which Formgrader needs.
# `make formgrader COURSE_LANG=zh_CN` builds the Chinese course's sources and runs in grading/zh_CN/.
formgrader: $(STAMP)
	@mkdir -p grading/exchange && chmod 0777 grading/exchange
	$(if $(COURSE_LANG),$(BIN)/course edition $(COURSE_LANG) >/dev/null)
	cd $(COURSE_DIR) && JUPYTER_PATH=$(CURDIR)/course/autograde/jupyter $(BIN)/jupyter lab --notebook-dir=$(CURDIR) --ServerApp.ip=127.0.0.1 \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)
