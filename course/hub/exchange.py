"""nbgrader's submit on the hub, made atomic: a submission reaches the exchange whole or not at all.

Stock `nbgrader submit` (nbgrader/exchange/default/submit.py, `ExchangeSubmit.copy_files`)
copies the trainee's folder straight into ``inbound/<student>+<assignment>+<timestamp>+<random>``
and writes ``timestamp.txt`` after it. If the trainee's server dies during the copy (killed,
out of memory, the machine stops), a half-copied folder stays under that final name; it is
the newest one, so `nbgrader collect` takes it instead of the trainee's last complete
submission, and grades what little got there.

`AtomicSubmit` does the same steps in a staging folder beside it (a hidden name that nbgrader's
collect and list never match) and renames it into place once complete: a rename within one
folder is atomic. The trainee's cache copy (what the Assignments panel lists as submitted) is
staged the same way, after the exchange has the submission. A staging folder left by a kill is
removed by the trainee's next submit. `course hub setup` selects it in the global
``nbgrader_config.py`` (``c.ExchangeFactory.submit``), nbgrader's own extension point.
"""
from __future__ import annotations

import os
import secrets
import shutil

from nbgrader.exchange.default.submit import ExchangeSubmit

STAGING = ".partial+"  # hidden, and never <student>+<assignment>+..., so nbgrader's globs skip it


class AtomicSubmit(ExchangeSubmit):

    def _stage(self, folder: str, secret: str) -> None:
        shutil.rmtree(folder, ignore_errors=True)  # left by a submit killed before it finished
        self.do_copy(self.src_path, folder)
        with open(os.path.join(folder, "timestamp.txt"), "w") as fh:
            fh.write(self.timestamp)
        with open(os.path.join(folder, "submission_secret.txt"), "w") as fh:
            fh.write(secret)

    def copy_files(self):
        self.init_release()
        secret = secrets.token_hex(64)
        dest_path = os.path.join(self.inbound_path, self.assignment_filename)
        # <student>+<assignment>: the same for every submit of this trainee and assignment
        owner = self.assignment_filename.split(f"+{self.timestamp}")[0]
        cache_name = (self.assignment_filename.rsplit("+", 1)[0] if self.add_random_string
                      else self.assignment_filename)
        self.log.info("Source: {}".format(self.src_path))
        self.log.info("Destination: {}".format(dest_path))
        self.check_filename_diff()

        staged = os.path.join(self.inbound_path, STAGING + owner)
        self._stage(staged, secret)
        self.set_perms(staged, fileperms=0o644, dirperms=0o755)  # as stock submit leaves them
        os.chmod(staged, 0o777)  # so the instructor can delete it later (stock nbgrader's choice)
        os.rename(staged, dest_path)  # the submission appears whole, or not at all

        os.makedirs(self.cache_path, exist_ok=True)
        staged = os.path.join(self.cache_path, STAGING + owner)
        self._stage(staged, secret)
        os.rename(staged, os.path.join(self.cache_path, cache_name))
        self.log.info("Submitted as: {} {} {}".format(
            self.coursedir.course_id, self.coursedir.assignment_id, str(self.timestamp)))
