"""What the sync benchmarks share when they run at several sizes: the
--sizes argument, time limits that grow with the size, and the scaling
table printed at the end (used by measure.py and agenda.py).

Each cost's growth from one size to the next is shown beside the size
ratio ("×9.6 for ×10 items"), and over all sizes as the exponent k of
cost ∝ n^k, fitted by least squares on log cost against log n: k ≤ 1 is
linear or better. A fixed cost (a process start, a sign-in) flattens k at
small sizes, so k says most where the cost is well above it.
"""

import argparse
import json
import math


def parse_sizes(text):
    """argparse type for --sizes: "2000,20000,100000", increasing, each above zero."""
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",") if s]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are whole numbers separated by commas: %r" % text)
    if not sizes or sizes[0] <= 0 or any(b <= a for a, b in zip(sizes, sizes[1:])):
        raise argparse.ArgumentTypeError("sizes must be above zero and increasing: %r" % text)
    return sizes


def scaled(seconds, count, reference):
    """A time limit set for `reference` items, grown in proportion above it (never below it)."""
    return max(seconds, int(math.ceil(seconds * count / reference)))


def times(x):
    """A factor as the table shows it: ×9.6, ×10, ×250."""
    s = "%.1f" % x if x < 9.95 else "%.0f" % x
    return "×" + (s[:-2] if s.endswith(".0") else s)


def exponent(sizes, values):
    """k in value ∝ size^k, least squares on the logarithms; None without two positive values."""
    points = [(math.log(n), math.log(v)) for n, v in zip(sizes, values) if v is not None and v > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx > 0 else None


class Column:
    """One column of the table: a group heading (columns side by side with the
    same group share it), its own heading, how a value prints, and how to
    read it from one size's results. A ratio column has no growth: it is
    nubo's cost over the peer's, not a cost."""

    def __init__(self, group, head, fmt, value, ratio=False):
        self.group, self.head, self.fmt, self.value, self.ratio = group, head, fmt, value, ratio

    def read(self, result):
        try:
            return self.value(result)
        except (KeyError, TypeError, ZeroDivisionError):
            return None


# The first columns of both sync benchmarks: each first sync's wall time and their
# ratio, and the time until the data is usable (`account add`) over the peer's first sync.
FIRST_NUBO, FIRST_VDIR = "nubo first sync (add + sync)", "vdirsyncer first sync (discover + sync)"
FIRST_SYNC_COLUMNS = [
    Column("first sync, wall s", "nubo", "%.2f", lambda r: r["runs"][FIRST_NUBO]["wall"]),
    Column("first sync, wall s", "vdirsyncer", "%.2f", lambda r: r["runs"][FIRST_VDIR]["wall"]),
    Column("first sync, wall s", "ratio", "%.2f",
           lambda r: r["runs"][FIRST_NUBO]["wall"] / r["runs"][FIRST_VDIR]["wall"], ratio=True),
    Column("data usable", "ratio", "%.2f",
           lambda r: r["runs"]["nubo account add"]["wall"] / r["runs"][FIRST_VDIR]["wall"], ratio=True),
]


def scaling(sizes, columns, results):
    """The table's numbers, for the JSON file: per column its values, growth per step and k."""
    out = []
    for c in columns:
        values = [c.read(r) for r in results]
        entry = {"column": "%s: %s" % (c.group, c.head), "values": values}
        if not c.ratio:
            entry["growth"] = [b / a if a and b is not None else None for a, b in zip(values, values[1:])]
            entry["k"] = exponent(sizes, values)
        out.append(entry)
    return {"sizes": sizes, "size_growth": [b / a for a, b in zip(sizes, sizes[1:])], "columns": out}


def print_table(title, unit, sizes, columns, results):
    """Prints one row per measured size, a growth row per step from one size
    to the next, and the fitted k over all of them."""
    sizes = sizes[:len(results)]
    numbers = scaling(sizes, columns, results)["columns"]
    label_rows = ["%d" % n for n in sizes]
    label_rows += ["%d → %d, %s" % (a, b, times(b / a)) for a, b in zip(sizes, sizes[1:])]
    label_rows += ["k (cost ∝ n^k)"]
    cells = []
    for c, num in zip(columns, numbers):
        col = [c.fmt % v if v is not None else "–" for v in num["values"]]
        if c.ratio:
            col += [""] * (len(sizes) - 1) + [""]
        else:
            col += [times(g) if g is not None else "–" for g in num["growth"]]
            col += ["%.2f" % num["k"] if num["k"] is not None else "–"]
        cells.append(col)
    first = max(len(unit), max(len(l) for l in label_rows))
    widths = [max(len(c.head), max(len(v) for v in col)) for c, col in zip(columns, cells)]

    # Group headings: one label over each run of columns with the same group.
    groups, i = [], 0
    while i < len(columns):
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == columns[i].group:
            j += 1
        span = sum(widths[i:j + 1]) + 2 * (j - i)
        label = columns[i].group
        if len(label) > span:
            widths[j] += len(label) - span
            span = len(label)
        groups.append(label.center(span) if j > i else label.rjust(span))
        i = j + 1

    print()
    print(title)
    print()
    print(" " * first + "".join("  " + g for g in groups).rstrip())
    print(unit.ljust(first) + "".join("  " + c.head.rjust(w) for c, w in zip(columns, widths)))
    for row, label in enumerate(label_rows):
        if row == len(sizes):
            if len(sizes) < 2:
                break
            print("growth, from one size to the next, and fitted:")
        print(label.rjust(first) + "".join("  " + col[row].rjust(w) for col, w in zip(cells, widths)).rstrip())
    print("(a growth cell: the cost's factor for the factor in items on its left; k: cost ∝ n^k fitted over")
    print(" all sizes, k ≤ 1 is linear or better; a fixed cost, such as a process start, lowers k at small sizes;")
    print(" a ratio is nubo's over vdirsyncer's)")


def write_json(path, sizes, columns, results):
    """All sizes measured so far: each size's results as a one-size run writes them, and the table."""
    with open(path, "w") as f:
        json.dump({"sizes": sizes[:len(results)], "results": results,
                   "scaling": scaling(sizes[:len(results)], columns, results)}, f, indent=2)


def run_sizes(sizes, measure, columns, title, unit, json_path=None):
    """Measures each size in turn — measure(n) prints that size's own report
    and returns its results — then prints the table. One size is a run as
    it always was: its report, no table, its results alone in the JSON file.
    A size that fails ends the run after the table of the sizes measured
    before it (and the JSON file, written after each size, keeps them)."""
    if len(sizes) == 1:
        result = measure(sizes[0])
        if json_path:
            with open(json_path, "w") as f:
                json.dump(result, f, indent=2)
        return [result]
    results = []
    try:
        for i, n in enumerate(sizes):
            print("%s== %d %s (size %d of %d)" % ("\n\n" if i else "", n, unit, i + 1, len(sizes)), flush=True)
            results.append(measure(n))
            if json_path:
                write_json(json_path, sizes, columns, results)
    finally:
        if results:
            if len(results) < len(sizes):
                title += "; only the sizes before %d, which did not finish" % sizes[len(results)]
            print_table(title, unit, sizes, columns, results)
    return results
