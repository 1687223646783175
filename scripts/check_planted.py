#!/usr/bin/env python3
"""Did a build find the cross-report faults planted by gen_corpus.py?

Usage:
    check_planted.py BUILD_DIR PLANTED_JSONL

BUILD_DIR holds reports.parquet and diagnostics.parquet; PLANTED_JSONL is
the planted.jsonl written beside gold.jsonl. A report's document is its
`source_path`, or `source_path!member` inside an archive (the gold's form);
byte copies listed in `duplicate_paths` count as the same document.

- carry_mismatch: planted = the later-year documents; found = documents with
  a CARRY_MISMATCH diagnostic.
- repost: planted = the pairs of documents; found = for each organ-year
  (organ_key, year) holding a report with a REPOST diagnostic, all the
  documents of that organ-year that take part in the checks (status `ok` or
  `partial`, as ogi matches them).

Prints, per kind, planted / found / matched / missed / extra, with a few of
the missed and extra ones as the build read them. Exit 1 unless nothing is
missed and nothing is extra.
"""

import json
import os
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SHOW = 5
REPORT_COLUMNS = ["report_id", "source_path", "member", "duplicate_paths",
                  "organ", "region", "year", "organ_key", "status"]


def load(build):
    path = os.path.join(build, "reports.parquet")
    have = set(pq.read_schema(path).names)
    if "organ_key" not in have:
        print("note: reports has no organ_key column; re-posts cannot be grouped")
    reports = pq.read_table(path, columns=[c for c in REPORT_COLUMNS if c in have]).to_pylist()
    diags = pq.read_table(os.path.join(build, "diagnostics.parquet"), columns=["report_id", "code"])
    codes = pc.cast(diags["code"], pa.string())
    diags = diags.filter(pc.is_in(codes, value_set=pa.array(["CARRY_MISMATCH", "REPOST"])))
    flagged = {"CARRY_MISMATCH": set(), "REPOST": set()}
    for d in diags.to_pylist():
        flagged[d["code"]].add(d["report_id"])
    return reports, flagged


def document(r):
    return r["source_path"] if r["member"] is None else f"{r['source_path']}!{r['member']}"


def as_planted(r, planted_docs):
    """A report's document, or the path of one of its byte copies that was
    planted (the gold names the first copy in path order)."""
    for p in [document(r)] + list(r["duplicate_paths"] or []):
        if p in planted_docs:
            return p
    return document(r)


def describe(doc, by_doc):
    r = by_doc.get(doc)
    if r is None:
        return f"{doc}  (no report with this path)"
    return (f"{doc}  organ={r['organ']} region={r['region']} year={r['year']} "
            f"organ_key={r.get('organ_key')}")


def report(kind, planted, found, show):
    """Print one kind's counts and a few misses; True when they agree."""
    missed, extra = planted - found, found - planted
    print(f"{kind}: planted {len(planted)}, found {len(found)}, matched {len(planted & found)}, "
          f"missed {len(missed)}, extra {len(extra)}")
    for label, items in (("missed", missed), ("extra", extra)):
        for item in sorted(items, key=sorted_key)[:SHOW]:
            print(f"  {label}:")
            for line in show(item):
                print(f"    {line}")
        if len(items) > SHOW:
            print(f"  … and {len(items) - SHOW} more {label}")
    return not missed and not extra


def sorted_key(item):
    return sorted(item) if isinstance(item, frozenset) else [item]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    build, planted_path = sys.argv[1], sys.argv[2]
    with open(planted_path, encoding="utf-8") as f:
        planted = [json.loads(line) for line in f if line.strip()]
    reports, flagged = load(build)

    by_doc, by_id = {}, {}
    for r in reports:
        by_id[r["report_id"]] = r
        by_doc[document(r)] = r
        for p in r["duplicate_paths"] or []:
            by_doc.setdefault(p, r)

    # Carries: the later-year document of each planted pair.
    carry_planted = {p["document"] for p in planted if p["kind"] == "carry_mismatch"}
    carry_found = {as_planted(by_id[i], carry_planted) for i in flagged["CARRY_MISMATCH"] if i in by_id}
    ok = report("carry_mismatch", carry_planted, carry_found, lambda d: [describe(d, by_doc)])

    # Re-posts: every document of an organ-year flagged REPOST.
    repost_planted = {frozenset(p["documents"]) for p in planted if p["kind"] == "repost"}
    in_repost = set().union(*repost_planted)
    groups = {}
    for r in reports:
        if (r.get("organ_key") is not None and r["year"] is not None
                and r.get("status") in ("ok", "partial")):
            groups.setdefault((r["organ_key"], r["year"]), []).append(as_planted(r, in_repost))
    repost_found = set()
    for i in flagged["REPOST"]:
        r = by_id.get(i)
        if r is None:
            continue
        key = (r.get("organ_key"), r["year"])
        repost_found.add(frozenset(groups.get(key, [as_planted(r, in_repost)])))
    ok &= report("repost", repost_planted, repost_found,
                 lambda docs: [describe(d, by_doc) for d in sorted(docs)])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
