#!/usr/bin/env python3
"""Three questions asked of an ogi dataset, answered with polars and with
DuckDB; the script stops with an error if the two engines disagree.

Usage:
    python3 questions.py DATASET_DIR

DATASET_DIR is the folder `ogi build --out` wrote: one Parquet file per
table (reports.parquet, applications.parquet, ...), or one hive-partitioned
folder per table (reports/, applications/, ...). Needs only
`pip install polars duckdb pyarrow`.

Which reports count:
    Q1 and Q2 use township reports: the organ name, less a trailing 人民政府
    or 办事处 (or a bare 政府: 社溪镇政府 is a township too), ends in 镇, 乡
    or 街道; status `ok` or `partial`; and, where
    the reports table has a `canonical` column, canonical reports only (one
    per organ and year when a report was posted twice). The year is the
    report's year; reports without one are left out. Cells without a value
    (blank or unreadable) add nothing.
    Q3 uses every report, grouped by county: the SCOPE of `organ_key`
    (`SCOPE|NAME`), or `region` where there is no organ_key or its SCOPE is
    empty (or the column is absent); reports with neither are left out.

Output (stdout, tab-separated, one answer per line, years ascending):
    Q1<TAB>YEAR<TAB>N        applications townships received in YEAR
                             (row new_received, applicant total, summed)
    Q2<TAB>YEAR<TAB>SHARE    sum of row granted / sum of row new_received
                             (applicant total) for the same reports, 4
                             decimals; years where nothing was received are
                             not printed
    Q3<TAB>COUNTY            a county with at least one report with cells in
                             the applications table, all of whose non-null
                             applications values are 0 (in code point order)
Nothing else is printed on stdout.
"""

import os
import sys

import duckdb
import polars as pl

TOWNSHIP = r"(镇|乡|街道)$"
ORGAN_TAIL = r"(人民政府|政府|办事处)$"
BLANK = "[ \t\r\n\u3000\u00a0]"         # white space around a name, for both regex engines
TRIM = f"^{BLANK}+|{BLANK}+$"


def table_source(root, name):
    """(path or glob, hive partitioned?) of a table."""
    single = os.path.join(root, f"{name}.parquet")
    if os.path.isfile(single):
        return single, False
    folder = os.path.join(root, name)
    if os.path.isdir(folder):
        return os.path.join(folder, "**", "*.parquet"), True
    sys.exit(f"{root}: no {name}.parquet and no {name}/ folder")


# ---------------------------------------------------------------------------
# polars


def polars_answers(root):
    def scan(name):
        path, hive = table_source(root, name)
        return pl.scan_parquet(path, hive_partitioning=hive)

    reports, apps = scan("reports"), scan("applications")
    columns = reports.collect_schema().names()

    keep = pl.col("status").is_in(["ok", "partial"]) & pl.col("year").is_not_null()
    if "canonical" in columns:
        keep = keep & pl.col("canonical").fill_null(False)
    township = (pl.col("organ").str.replace_all(TRIM, "").str.replace(ORGAN_TAIL, "")
                .str.contains(TOWNSHIP).fill_null(False))
    towns = reports.filter(keep & township).select("report_id", pl.col("year").alias("report_year"))

    per_year = (apps.filter((pl.col("applicant") == "total") & pl.col("value").is_not_null()
                            & pl.col("row").is_in(["new_received", "granted"]))
                .join(towns, on="report_id")
                .group_by("report_year")
                .agg(received=pl.col("value").filter(pl.col("row") == "new_received").sum(),
                     granted=pl.col("value").filter(pl.col("row") == "granted").sum(),
                     n_received=(pl.col("row") == "new_received").sum())
                .sort("report_year")
                .collect())
    q1 = [(r["report_year"], r["received"]) for r in per_year.iter_rows(named=True) if r["n_received"] > 0]
    q2 = [(r["report_year"], r["granted"] / r["received"]) for r in per_year.iter_rows(named=True)
          if r["received"] > 0]

    scope = pl.lit(None, dtype=pl.Utf8)
    if "organ_key" in columns:
        key = pl.col("organ_key")
        scope = pl.when(key.str.contains("|", literal=True)).then(key.str.split("|").list.first())
    county = (pl.when(scope.is_not_null() & (scope != "")).then(scope)
              .otherwise(pl.col("region")).alias("county"))
    counties = (reports.select("report_id", county)
                .filter(pl.col("county").is_not_null())
                .join(apps.select("report_id", "value"), on="report_id")
                .group_by("county")
                .agg(nonzero=(pl.col("value").is_not_null() & (pl.col("value") != 0)).sum())
                .filter(pl.col("nonzero") == 0)
                .collect())
    q3 = sorted(counties["county"].to_list())
    return q1, q2, q3


# ---------------------------------------------------------------------------
# DuckDB


def duckdb_answers(root):
    con = duckdb.connect()
    for name in ("reports", "applications"):
        path, hive = table_source(root, name)
        literal = "'" + path.replace("'", "''") + "'"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({literal}, hive_partitioning = {hive})")
    columns = {r[0] for r in con.execute("DESCRIBE reports").fetchall()}
    canonical = "AND coalesce(canonical, false)" if "canonical" in columns else ""
    towns = f"""
        SELECT report_id, year AS report_year FROM reports
        WHERE status IN ('ok', 'partial') AND year IS NOT NULL {canonical}
          AND coalesce(regexp_matches(regexp_replace(regexp_replace(organ, '{TRIM}', '', 'g'),
                                                     '{ORGAN_TAIL}', ''), '{TOWNSHIP}'), false)"""
    per_year = con.execute(f"""
        SELECT t.report_year,
               sum(a.value) FILTER (WHERE a.row = 'new_received') AS received,
               sum(a.value) FILTER (WHERE a.row = 'granted') AS granted,
               count(*) FILTER (WHERE a.row = 'new_received') AS n_received
        FROM applications a JOIN ({towns}) t USING (report_id)
        WHERE a.applicant = 'total' AND a.value IS NOT NULL AND a.row IN ('new_received', 'granted')
        GROUP BY t.report_year ORDER BY t.report_year""").fetchall()
    q1 = [(y, int(rec)) for y, rec, _, n in per_year if n > 0]
    q2 = [(y, int(gr or 0) / int(rec)) for y, rec, gr, n in per_year if n > 0 and rec > 0]

    scope = ("CASE WHEN contains(organ_key, '|') THEN nullif(split_part(organ_key, '|', 1), '') END"
             if "organ_key" in columns else "NULL")
    counties = con.execute(f"""
        SELECT r.county
        FROM (SELECT report_id, coalesce({scope}, region) AS county FROM reports) r
        JOIN applications a USING (report_id)
        WHERE r.county IS NOT NULL
        GROUP BY r.county
        HAVING count(*) FILTER (WHERE a.value IS NOT NULL AND a.value <> 0) = 0""").fetchall()
    q3 = sorted(c for (c,) in counties)
    return q1, q2, q3


# ---------------------------------------------------------------------------


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: questions.py DATASET_DIR")
    root = sys.argv[1]
    p1, p2, p3 = polars_answers(root)
    d1, d2, d3 = duckdb_answers(root)
    same_shares = [y for y, _ in p2] == [y for y, _ in d2] and all(
        abs(a - b) < 1e-12 for (_, a), (_, b) in zip(p2, d2))
    for q, same, p, d in (("Q1", p1 == d1, p1, d1), ("Q2", same_shares, p2, d2), ("Q3", p3 == d3, p3, d3)):
        if not same:
            sys.exit(f"{q}: the engines disagree\n  polars {p}\n  duckdb {d}")
    for year, n in p1:
        print(f"Q1\t{year}\t{n}")
    for year, share in p2:
        print(f"Q2\t{year}\t{share:.4f}")
    for county in p3:
        print(f"Q3\t{county}")


if __name__ == "__main__":
    main()
