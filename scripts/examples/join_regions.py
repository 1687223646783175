#!/usr/bin/env python3
"""Join an ogi dataset to a table keyed by region_code (行政区划代码), with
polars and with DuckDB; stops with an error if the two engines disagree.

Usage:
    python3 join_regions.py DATASET_DIR [TABLE_CSV]

TABLE_CSV has the columns region_code, name, population; it defaults to
population.csv beside this script, whose populations are
ILLUSTRATIVE round numbers made up for the example, not statistics to cite.
Put a yearbook's table in its place. Read region_code as text on both sides
(a code is a name, not a number).

For each row of the table, the reports whose region_code is that code (the
division itself: a prefecture's code does not take in its counties'
reports), by year: how many there are (REPORTS), how many of them are
canonical and were read, status `ok` or `partial` (READ), how many of
those print the applications received (section 三, new_received,
applicant total: FIGURES), their sum (RECEIVED) and that sum per 10,000
residents (PER_10K). A report is one organ's: a code says where the organ
sits (a county's bureaus and towns get the county's code), so RECEIVED is
what the organs that reported there received, not a total for the whole
division. Where no report prints the figure, RECEIVED and
PER_10K are `-`: an unknown is not a zero. A code with no report prints
one line with year `-`.

Output (stdout, tab-separated, by code then year):
    REGION_CODE  NAME  YEAR  REPORTS  READ  FIGURES  RECEIVED  PER_10K
Needs only `pip install polars duckdb pyarrow`.
"""

import os
import sys

import duckdb
import polars as pl

HERE = os.path.dirname(os.path.abspath(__file__))


def table_source(root, name):
    """(path or glob, hive partitioned?) of a table."""
    single = os.path.join(root, f"{name}.parquet")
    if os.path.isfile(single):
        return single, False
    folder = os.path.join(root, name)
    if os.path.isdir(folder):
        return os.path.join(folder, "**", "*.parquet"), True
    sys.exit(f"{root}: no {name}.parquet and no {name}/ folder")


def polars_rows(root, csv):
    def scan(name):
        path, hive = table_source(root, name)
        return pl.scan_parquet(path, hive_partitioning=hive)

    places = pl.read_csv(csv, schema_overrides={"region_code": pl.Utf8}).lazy()
    reports = scan("reports").filter(pl.col("region_code").is_not_null())
    read = pl.col("status").is_in(["ok", "partial"]) & pl.col("canonical").fill_null(False)
    received = (scan("applications")
                .filter((pl.col("row") == "new_received") & (pl.col("applicant") == "total")
                        & pl.col("value").is_not_null())
                .group_by("report_id").agg(received=pl.col("value").sum()))
    per_report = (reports.join(received, on="report_id", how="left")
                  .select("region_code", "year", "report_id", read=read,
                          received=pl.when(read).then(pl.col("received"))))
    joined = (places.join(per_report, on="region_code", how="left")
              .group_by("region_code", "name", "population", "year")
              .agg(reports=pl.col("report_id").count(), read=pl.col("read").sum(),
                   figures=pl.col("received").count(), received=pl.col("received").sum())
              .sort("region_code", "year", nulls_last=True)
              .collect())
    return [(r["region_code"], r["name"], r["year"], r["reports"], r["read"] or 0, r["figures"],
             r["received"] if r["figures"] else None, r["population"])
            for r in joined.iter_rows(named=True)]


def duckdb_rows(root, csv):
    con = duckdb.connect()
    for name in ("reports", "applications"):
        path, hive = table_source(root, name)
        literal = "'" + path.replace("'", "''") + "'"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({literal}, hive_partitioning = {hive})")
    literal = "'" + csv.replace("'", "''") + "'"
    con.execute(f"CREATE VIEW places AS SELECT * FROM read_csv({literal}, header = true, "
                "columns = {'region_code': 'VARCHAR', 'name': 'VARCHAR', 'population': 'BIGINT'})")
    rows = con.execute("""
        WITH received AS (
            SELECT report_id, sum(value) AS received FROM applications
            WHERE row = 'new_received' AND applicant = 'total' AND value IS NOT NULL
            GROUP BY report_id),
        per_report AS (
            SELECT r.region_code, r.year, r.report_id,
                   r.status IN ('ok', 'partial') AND coalesce(r.canonical, false) AS read,
                   CASE WHEN r.status IN ('ok', 'partial') AND coalesce(r.canonical, false)
                        THEN a.received END AS received
            FROM reports r LEFT JOIN received a USING (report_id)
            WHERE r.region_code IS NOT NULL)
        SELECT p.region_code, p.name, r.year, count(r.report_id),
               count(r.report_id) FILTER (WHERE r.read), count(r.received), sum(r.received),
               p.population
        FROM places p LEFT JOIN per_report r USING (region_code)
        GROUP BY p.region_code, p.name, p.population, r.year
        ORDER BY p.region_code, r.year NULLS LAST""").fetchall()
    return [(c, n, y, int(k), int(rd), int(f), None if s is None else int(s), pop)
            for c, n, y, k, rd, f, s, pop in rows]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: join_regions.py DATASET_DIR [TABLE_CSV]")
    root = sys.argv[1]
    csv = sys.argv[2] if len(sys.argv) == 3 else os.path.join(HERE, "population.csv")
    p, d = polars_rows(root, csv), duckdb_rows(root, csv)
    if p != d:
        sys.exit(f"the engines disagree\n  polars {p}\n  duckdb {d}")
    for code, name, year, reports, read, figures, received, population in p:
        per_10k = "-" if received is None else f"{received * 10000 / population:.2f}"
        print("\t".join(str(v) for v in (
            code, name, "-" if year is None else year, reports, read, figures,
            "-" if received is None else received, per_10k)))

if __name__ == "__main__":
    main()
