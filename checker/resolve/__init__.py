"""Resolution: bind narrative claims to table facts.

A claim says *what* (subject / measure / (类)(款)(项) path), *when* (period) and
*how much*; resolution finds the table cell that holds the same quantity:

* :mod:`sections` — which table kinds a narrative section speaks about;
* :mod:`names` — subject names to classification rows (typo-tolerant);
* :mod:`measures` — canonical measures (收入总计, 基本支出, 公务接待费 …) to cells;
* :mod:`bind` — the entry points used by the checks (:func:`bind_value`, :func:`bind_base`);
* :mod:`evidence` — excerpts, cell references and locations for findings.
"""

from __future__ import annotations

from checker.resolve.bind import Fact, bind_base, bind_value, find_other_label
from checker.resolve.sections import kinds_for_section

__all__ = ["Fact", "bind_base", "bind_value", "find_other_label", "kinds_for_section"]
