"""The rows of the drawing: a day, a month or a group of years each."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Axis:
    """How days map to rows: ``unit`` is day, month or year; ``step`` years per year row."""

    unit: str
    step: int = 1

    def bucket(self, day: date) -> int:
        if self.unit == "day":
            return day.toordinal()
        if self.unit == "month":
            return day.year * 12 + day.month - 1
        return day.year // self.step

    def label(self, bucket: int, with_year: bool) -> str:
        """The label of a row: ``2024-01-23``, ``2024 Jan`` (``Jan`` later that year), ``1990+``."""
        if self.unit == "day":
            return date.fromordinal(bucket).isoformat()
        if self.unit == "month":
            year, month = divmod(bucket, 12)
            name = date(year, month + 1, 1).strftime("%b")
            return f"{year:04d} {name}" if with_year else f"     {name}"
        return f"{bucket * self.step:04d}" + ("+" if self.step > 1 else "")

    def year(self, bucket: int) -> int:
        """The year a row is in (month rows show it once per year)."""
        return bucket // 12 if self.unit == "month" else bucket

    def options(self, bucket: int) -> str:
        """The options of ``timeline list`` that cover a row: ``--on 2024-01``."""
        if self.unit == "day":
            return f"--on {date.fromordinal(bucket).isoformat()}"
        if self.unit == "month":
            year, month = divmod(bucket, 12)
            return f"--on {year:04d}-{month + 1:02d}"
        if self.step == 1:
            return f"--on {bucket:04d}"
        first = bucket * self.step
        return f"--from {max(first, 1):04d} --to {min(first + self.step - 1, 9999):04d}"

    def stretch(self, rows: int) -> str:
        """``rows`` rows in words: ``15 months``, ``30 years``."""
        count = rows * self.step if self.unit == "year" else rows
        return f"{count} {self.unit}{'s' if count != 1 else ''}"

    def per_row(self) -> str:
        return f"one row per {self.step} years" if self.step > 1 else f"one row per {self.unit}"


def choose_axis(first: date, last: date) -> Axis:
    """Day rows under ~3 months, month rows up to 30 years, else year rows (at most 300)."""
    if (last - first).days < 92:
        return Axis("day")
    if (last.year - first.year) * 12 + last.month - first.month < 360:
        return Axis("month")
    return Axis("year", max(1, math.ceil((last.year - first.year + 1) / 300)))
