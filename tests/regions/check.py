#!/usr/bin/env python3
"""How a built dataset's region codes compare with the hand labels.

Usage:
    check.py REPORTS_PARQUET [LABELS_JSON]
    check.py REPORTS_PARQUET --gold FOLDER
    check.py --gold-names CORPUS_DIR [LABELS_JSON] > gold_names.tsv

LABELS_JSON defaults to labels.json beside this script: one entry per
report document of the corpus, {"document", "region_code" (or null), "why"}.
With --gold, the labels are the `region_code` of each gold file of
FOLDER/gold/*.json that labels a report (`is_report` true), as tests/real
has them (the document is the gold file's `document`, the reason its
`notes`).

The first form reads `source_path` and `region_code` (and `member` and
`duplicate_paths` when present) from reports.parquet, finds each labelled
document's row and prints:

- coverage: the share of labelled documents that got a code, and the share
  of the documents with a labelled code that got one;
- wrong: documents whose code differs from the label, or that got a code
  where the label is null (a reader could not pin one division). These are
  listed one by one;
- missed: labelled codes the build left null (not errors, listed);
- documents the build does not hold at all.

A document matches a row whose document (`source_path`, or
`source_path!member`) is the label's path, ends with `/` + it, or is a
trailing part of it (a build run on one corpus folder stores `docs/r001.html`
or `r001.html`). Exit status 1 when any code is wrong.

The second form writes, for the matcher's own test, one line per labelled
document: document, then the gold file's report organ, region and title
(empty when null), then the label's code (empty when null), tab-separated.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_labels(path):
    with open(path, encoding="utf-8") as f:
        labels = json.load(f)
    seen = set()
    for entry in labels:
        doc = entry["document"]
        if doc in seen:
            sys.exit(f"{path}: {doc} labelled twice")
        seen.add(doc)
        code = entry["region_code"]
        if code is not None and not (len(code) == 6 and code.isdigit()):
            sys.exit(f"{path}: {doc}: region_code {code!r} is not six digits")
    return labels


def labels_of_gold(folder):
    """Labels from the gold files of a folder like tests/real."""
    labels = []
    gold = os.path.join(folder, "gold")
    for name in sorted(os.listdir(gold)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(gold, name), encoding="utf-8") as f:
            g = json.load(f)
        if not g.get("is_report") or "region_code" not in g:
            continue
        labels.append({"document": g["document"], "region_code": g["region_code"],
                       "why": " ".join(str(g.get("notes") or "").split())[:160]})
    return labels


def gold_names(corpus, labels):
    def clean(value):
        return "" if value is None else " ".join(str(value).split())

    for entry in labels:
        folder, _, name = entry["document"].partition("/docs/")
        gold_path = os.path.join(corpus, folder, "gold", os.path.splitext(name)[0] + ".json")
        with open(gold_path, encoding="utf-8") as f:
            report = json.load(f)["report"]
        fields = [entry["document"]] + [clean(report.get(k)) for k in ("organ", "region", "title")]
        fields.append(entry["region_code"] or "")
        print("\t".join(fields))


def matches(row_doc, label_doc):
    return (row_doc == label_doc or row_doc.endswith("/" + label_doc)
            or label_doc.endswith("/" + row_doc))


def check(reports_path, labels):
    import pyarrow.parquet as pq

    have = set(pq.read_schema(reports_path).names)
    missing = {"source_path", "region_code"} - have
    if missing:
        sys.exit(f"{reports_path}: no column {', '.join(sorted(missing))}")
    columns = [c for c in ("source_path", "member", "duplicate_paths", "region_code") if c in have]
    rows = pq.read_table(reports_path, columns=columns).to_pylist()

    def documents(r):
        doc = r["source_path"] if r.get("member") is None else f"{r['source_path']}!{r['member']}"
        return [doc] + list(r.get("duplicate_paths") or [])

    coded = wrong = missed = absent = labelled_codes = found_codes = 0
    lines = []
    for entry in labels:
        doc, want = entry["document"], entry["region_code"]
        found = [r for r in rows if any(matches(d, doc) for d in documents(r))]
        if not found:
            absent += 1
            lines.append(f"  absent  {doc}")
            continue
        codes = {r["region_code"] for r in found}
        labelled_codes += want is not None
        if len(codes) > 1:
            wrong += 1
            lines.append(f"  WRONG   {doc}: rows disagree {sorted(map(str, codes))}, label {want}")
            continue
        got = codes.pop()
        if got is not None:
            coded += 1
        if got is not None and got == want:
            found_codes += 1
        if got is not None and got != want:
            wrong += 1
            lines.append(f"  WRONG   {doc}: got {got}, label {want or 'null'} ({entry['why']})")
        elif got is None and want is not None:
            missed += 1
            lines.append(f"  missed  {doc}: label {want} ({entry['why']})")

    held = len(labels) - absent
    print(f"labelled documents: {len(labels)} ({sum(e['region_code'] is not None for e in labels)} with a code)")
    print(f"held by the build:  {held}")
    if held:
        print(f"coverage:           {coded}/{held} coded ({coded / held:.0%})")
    if labelled_codes:
        print(f"of labelled codes:  {found_codes}/{labelled_codes} found ({found_codes / labelled_codes:.0%})")
    print(f"wrong codes:        {wrong}")
    for line in lines:
        print(line)
    return 1 if wrong else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--gold-names":
        labels = load_labels(argv[2] if len(argv) > 2 else os.path.join(HERE, "labels.json"))
        gold_names(argv[1], labels)
        return 0
    if len(argv) == 3 and argv[1] == "--gold" and not argv[0].startswith("-"):
        return check(argv[0], labels_of_gold(argv[2]))
    if len(argv) in (1, 2) and not argv[0].startswith("-"):
        labels = load_labels(argv[1] if len(argv) > 1 else os.path.join(HERE, "labels.json"))
        return check(argv[0], labels)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
