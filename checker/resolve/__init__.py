"""Resolution: bind narrative claims to table facts.

A claim says *what* (subject / measure / (类)(款)(项) path), *when* (period) and
*how much*; resolution finds the table cell that holds the same quantity:

* :mod:`sections` — which table kinds a narrative section speaks about;
* :mod:`names` — subject names to classification rows (typo-tolerant);
* :mod:`measures` — canonical measures (收入总计, 基本支出, 公务接待费 …) to cells;
* :mod:`bind` — the entry points used by the checks (:func:`bind_value`, :func:`bind_base`);
* :mod:`evidence` — excerpts, cell references and locations for findings;
* :mod:`context` — the report text around a claim (paragraph before it, the nearest
  heading that names a table).

What the narrative rules read from a :class:`~checker.claims.model.Claim`:

* ``path`` ((类)(款)(项) names, outer→inner, with or without the marks), else
  ``measure`` / ``subject`` (收入总计, 本年收入合计, 基本支出, 人员经费, 公务接待费 …);
* ``period`` (current / budget / final / prior) picks the column;
* ``base`` for shares (empty = the part's table total, else the section's total);
* ``related`` keys: ``budget``, ``final`` (or ``current``) for completion rates and
  大于/小于; ``change`` and ``current`` for growth rates; ``prior`` when written;
  ``part`` / ``base`` figures for shares when no row binds; ``items`` (``a+b+c`` or
  ``a、b、c``) or ``item1``, ``item2`` … for sums;
* ``direction`` (大于/小于/等于/增加/减少 …), ``percent_sign``.
"""

from __future__ import annotations

from checker.resolve.bind import Fact, bind_base, bind_value, find_other_label
from checker.resolve.sections import kinds_for_section

__all__ = ["Fact", "bind_base", "bind_value", "find_other_label", "kinds_for_section"]
