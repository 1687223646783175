#!/usr/bin/env python3
"""Validate the hand-made gold labels in tests/real/gold.

Checks, for every gold file: the keys and their types; the codes against the
lists in shared/spec (templates.md, dataset.md); that each document exists and
that every labelled raw cell text occurs in it; value/raw consistency; the
procurement unit rule; the region code against the GB/T 2260 codes used here;
and the table identities wherever the document prints every cell they need.
Identity breaks are reported (they must be explained in the file's notes), not
fixed. Exit status 1 on any error.

    python3 tests/real/check_gold.py
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

TEMPLATES = {"gov2019", "gov2021", "narrative", "unknown", None}
ITEM_CATEGORIES = {
    "20.1": {"regulations", "normative_documents"},
    "20.5": {"administrative_licensing", "other_administrative_services"},
    "20.6": {"administrative_penalty", "administrative_coercion"},
    "20.8": {"administrative_fees"},
}
METRICS = {
    "gov2019": {"20.1": ["new_made", "new_published", "total_published"],
                "20.5": ["prior_year_count", "change", "decisions"],
                "20.6": ["prior_year_count", "change", "decisions"],
                "20.8": ["prior_year_count", "change"]},
    "gov2021": {"20.1": ["issued", "repealed", "in_force"],
                "20.5": ["decisions"], "20.6": ["decisions"],
                "20.8": ["fee_amount_wan_yuan"]},
}
# gov2021 has no 其他对外管理服务事项 row
GOV2021_CATS = {"20.1": {"regulations", "normative_documents"},
                "20.5": {"administrative_licensing"},
                "20.6": {"administrative_penalty", "administrative_coercion"},
                "20.8": {"administrative_fees"}}
ROWS19 = ["new_received", "carried_over", "granted", "partially_granted",
          "denied_state_secret", "denied_prohibited_by_law",
          "denied_endangers_security_stability", "denied_third_party_rights",
          "denied_internal_affairs", "denied_process_information",
          "denied_law_enforcement_files", "denied_administrative_query",
          "unavailable_not_held", "unavailable_needs_creation",
          "unavailable_unclear_after_correction", "not_processed_petition",
          "not_processed_duplicate", "not_processed_publication",
          "not_processed_excessive", "not_processed_confirmation", "other",
          "total", "carried_forward"]
ROWS21 = ROWS19[:20] + ["other_no_correction", "other_unpaid_fee", "other_misc",
                        "total", "carried_forward"]
APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_organization", "legal_service_organization",
              "other_organization", "total"]
PROCEEDINGS = ["reconsideration", "litigation_direct",
               "litigation_after_reconsideration"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
UNITS = {"wan_yuan", "yuan", "unspecified"}
NULL_RAW = {"", "-", "—", "/", "无", "－", "--", "——", "／"}

# GB/T 2260 codes used by these labels, with the place and its province
# (looked up in a published code list, not guessed).
CODES = {
    '130100': ('石家庄市', '河北省'),
    '130525': ('隆尧县', '河北省'),
    '210381': ('海城市', '辽宁省'),
    '211224': ('昌图县', '辽宁省'),
    '220102': ('南关区', '吉林省'),
    '220502': ('东昌区', '吉林省'),
    '310000': ('上海市', '上海市'),
    '320404': ('钟楼区', '江苏省'),
    '320582': ('张家港市', '江苏省'),
    '321200': ('泰州市', '江苏省'),
    '330100': ('杭州市', '浙江省'),
    '330108': ('滨江区', '浙江省'),
    '330302': ('鹿城区', '浙江省'),
    '330483': ('桐乡市', '浙江省'),
    '330700': ('金华市', '浙江省'),
    '330782': ('义乌市', '浙江省'),
    '331100': ('丽水市', '浙江省'),
    '341623': ('利辛县', '安徽省'),
    '341821': ('郎溪县', '安徽省'),
    '350206': ('湖里区', '福建省'),
    '350300': ('莆田市', '福建省'),
    '350302': ('城厢区', '福建省'),
    '350503': ('丰泽区', '福建省'),
    '350521': ('惠安县', '福建省'),
    '360722': ('信丰县', '江西省'),
    '370283': ('平度市', '山东省'),
    '370826': ('微山县', '山东省'),
    '370883': ('邹城市', '山东省'),
    '420100': ('武汉市', '湖北省'),
    '420624': ('南漳县', '湖北省'),
    '430000': ('湖南省', '湖南省'),
    '430400': ('衡阳市', '湖南省'),
    '430424': ('衡东县', '湖南省'),
    '431124': ('道县', '湖南省'),
    '440000': ('广东省', '广东省'),
    '440823': ('遂溪县', '广东省'),
    '451100': ('贺州市', '广西壮族自治区'),
    '500103': ('渝中区', '重庆市'),
    '500107': ('九龙坡区', '重庆市'),
    '500115': ('长寿区', '重庆市'),
    '500118': ('永川区', '重庆市'),
    '500154': ('开州区', '重庆市'),
    '500229': ('城口县', '重庆市'),
    '510000': ('四川省', '四川省'),
    '510823': ('剑阁县', '四川省'),
    '511402': ('东坡区', '四川省'),
    '513338': ('得荣县', '四川省'),
    '520000': ('贵州省', '贵州省'),
    '520121': ('开阳县', '贵州省'),
    '522701': ('都匀市', '贵州省'),
    '530127': ('嵩明县', '云南省'),
    '532930': ('洱源县', '云南省'),
    '622900': ('临夏回族自治州', '甘肃省'),
    '630102': ('城东区', '青海省'),
    '640104': ('兴庆区', '宁夏回族自治区'),
    '654021': ('伊宁县', '新疆维吾尔自治区'),
}

REPORT_KEYS = ["title", "organ", "region", "year", "template", "publish_date",
               "index_number"]
TOP_KEYS = {"document", "url", "report", "region_code", "is_report", "notes"}
TABLE_KEYS = {"proactive_disclosure", "applications", "reviews", "procurement"}


def parse_number(raw):
    """The number a printed cell means; '+3' -> 3, '--253' -> -253."""
    s = raw.strip().replace(",", "")
    s = re.sub(r"(万元|元)$", "", s)
    if s.startswith("--"):
        s = "-" + s[2:]
    return float(s)


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []
        self.stats = {"docs": 0, "reports": 0, "non_reports": 0, "cells": 0,
                      "docs_with_cells": 0, "codes": 0}

    def err(self, f, msg):
        self.errors.append(f"{f}: {msg}")

    def warn(self, f, msg):
        self.warnings.append(f"{f}: {msg}")

    def check(self, path):
        f = os.path.basename(path)
        d = json.load(open(path, encoding="utf-8"))
        self.stats["docs"] += 1
        keys = set(d)
        if not TOP_KEYS <= keys:
            self.err(f, f"missing keys {sorted(TOP_KEYS - keys)}")
        extra = keys - TOP_KEYS - TABLE_KEYS
        if extra:
            self.err(f, f"unknown keys {sorted(extra)}")
        doc = os.path.join(HERE, d.get("document", ""))
        if not d.get("document", "").startswith("docs/") or not os.path.isfile(doc):
            self.err(f, f"document {d.get('document')!r} not found")
            text = ""
        else:
            text = open(doc, encoding="utf-8").read()
        if os.path.splitext(f)[0] != os.path.splitext(os.path.basename(doc))[0]:
            self.err(f, "gold and document numbers differ")
        if not re.match(r"^https?://", d.get("url") or ""):
            self.err(f, "url missing")
        if not (d.get("notes") or "").strip():
            self.err(f, "notes empty")
        r = d.get("report", {})
        if list(r) != REPORT_KEYS:
            self.err(f, f"report keys {list(r)}")
        t = r.get("template")
        if t not in TEMPLATES:
            self.err(f, f"template {t!r}")
        y = r.get("year")
        if y is not None and not (isinstance(y, int) and 2007 <= y <= 2026):
            self.err(f, f"year {y!r}")
        pd = r.get("publish_date")
        if pd is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", pd):
            self.err(f, f"publish_date {pd!r}")
        if pd is not None and text and pd not in text and pd.replace("-", "") not in text:
            # dates printed as 2008年06月11日 etc. are also accepted
            yy, mm, dd = pd.split("-")
            if f"{yy}年{mm}月{dd}日" not in text:
                self.err(f, f"publish_date {pd} not printed in the document")
        idx = r.get("index_number")
        if idx is not None and idx not in text:
            self.err(f, f"index_number {idx!r} not printed in the document")
        for k in ("title", "organ", "region"):
            v = r.get(k)
            if v is not None and not isinstance(v, str):
                self.err(f, f"{k} not a string")
        title = r.get("title")
        if title and text:
            squeeze = lambda s: re.sub(r"\s+", "", s)
            if squeeze(title) not in squeeze(text) and "gloss" not in d["notes"]:
                self.err(f, f"title {title!r} not printed in the document")
        region = r.get("region")
        if region and region not in text and region not in (r.get("organ") or ""):
            self.err(f, f"region {region!r} not printed in the document")
        code = d.get("region_code")
        if code is not None:
            self.stats["codes"] += 1
            if code not in CODES:
                self.err(f, f"region_code {code} not in the checked code list")
            else:
                name = CODES[code][0]
                short = re.sub(r"(回族自治州|自治州|市|县|区|省)$", "", name)
                hay = " ".join(filter(None, [r.get("organ"), region, title, text[:3000]]))
                # Traditional-script documents print the name in Traditional
                trad = {"武汉": "武漢", "广东": "廣東", "郎溪": "郎溪", "湖南": "湖南"}
                if short not in hay and trad.get(short, short) not in hay and name not in d["notes"]:
                    self.err(f, f"region_code {code} ({name}) not supported by the document or notes")
        if d.get("is_report") is False:
            self.stats["non_reports"] += 1
            if t is not None:
                self.err(f, "non-report with a template")
            for k in TABLE_KEYS & keys:
                if d[k]:
                    self.err(f, f"non-report with {k} cells")
            return
        if d.get("is_report") is not True:
            self.err(f, "is_report not boolean")
        self.stats["reports"] += 1
        if TABLE_KEYS & keys:
            self.stats["docs_with_cells"] += 1
        self.check_cells(f, d, t, text)

    def check_raw(self, f, where, c, text, isfloat=False):
        raw, v = c.get("raw"), c.get("value")
        if not isinstance(raw, str) or raw != raw.strip():
            self.err(f, f"{where}: raw {raw!r} not a trimmed string")
            return
        if raw in NULL_RAW:
            if v is not None:
                self.err(f, f"{where}: blank raw {raw!r} with value {v!r}")
            return
        if raw not in text:
            self.err(f, f"{where}: raw {raw!r} not in the document")
        try:
            n = parse_number(raw)
        except ValueError:
            self.err(f, f"{where}: raw {raw!r} is not a number")
            return
        if v is None or abs(float(v) - n) > 1e-9:
            self.err(f, f"{where}: value {v!r} does not match raw {raw!r}")
        if not isfloat and v is not None and float(v) != int(v):
            self.err(f, f"{where}: non-integer count {v!r}")
        self.stats["cells"] += 1

    def check_cells(self, f, d, t, text):
        if "proactive_disclosure" in d:
            if t not in METRICS:
                self.err(f, "proactive cells without gov2019/gov2021 template")
            else:
                seen = set()
                for c in d["proactive_disclosure"]:
                    it, cat, m = c["item"], c["category"], c["metric"]
                    cats = ITEM_CATEGORIES if t == "gov2019" else GOV2021_CATS
                    if it not in cats or cat not in cats[it]:
                        self.err(f, f"bad item/category {it}/{cat} for {t}")
                    if m not in METRICS[t].get(it, []):
                        self.err(f, f"bad metric {m} for {t} {it}")
                    key = (it, cat, m)
                    if key in seen:
                        self.err(f, f"duplicate cell {key}")
                    seen.add(key)
                    self.check_raw(f, f"20 {cat}/{m}", c, text,
                                   isfloat=(m == "fee_amount_wan_yuan"))
        if "applications" in d:
            rows = ROWS19 if t == "gov2019" else ROWS21
            grid, seen = {}, set()
            for c in d["applications"]:
                if c["row"] not in rows or c["applicant"] not in APPLICANTS:
                    self.err(f, f"bad application cell {c['row']}/{c['applicant']}")
                key = (c["row"], c["applicant"])
                if key in seen:
                    self.err(f, f"duplicate cell {key}")
                seen.add(key)
                self.check_raw(f, f"三 {key}", c, text)
                grid[key] = c["value"]
            self.identities_applications(f, d, grid, rows)
        if "reviews" in d:
            grid = {}
            for c in d["reviews"]:
                if c["proceeding"] not in PROCEEDINGS or c["outcome"] not in OUTCOMES:
                    self.err(f, f"bad review cell {c}")
                self.check_raw(f, f"四 {c['proceeding']}/{c['outcome']}", c, text)
                grid[(c["proceeding"], c["outcome"])] = c["value"]
            for p in PROCEEDINGS:
                parts = [grid.get((p, o)) for o in OUTCOMES[:4]]
                tot = grid.get((p, "total"))
                if None not in parts and tot is not None and sum(parts) != tot:
                    self.note_break(f, d, f"四 {p}: {parts} sum {sum(parts)} != total {tot}")
        if "procurement" in d:
            if d["procurement"] and t != "gov2019" and not any(
                    p.get("source") == "narrative" for p in d["procurement"]):
                self.err(f, "procurement table cells outside gov2019")
            for p in d["procurement"]:
                if p.get("amount_unit") not in UNITS or p.get("source") not in {"table", "narrative"}:
                    self.err(f, f"bad procurement unit/source {p}")
                raw = p.get("amount_raw")
                if raw is not None:
                    if raw not in text:
                        self.err(f, f"procurement raw {raw!r} not in the document")
                    n = parse_number(raw)
                    u = p["amount_unit"]
                    want = n * 10000 if u == "wan_yuan" else n if u == "yuan" else (n * 10000 if n < 10000 else n)
                    if p.get("amount_yuan") is None or abs(p["amount_yuan"] - want) > 0.01:
                        self.err(f, f"amount_yuan {p.get('amount_yuan')} != {want} for {raw!r} {u}")
                    if "万元" in raw and u != "wan_yuan" or raw.endswith("元") and "万元" not in raw and u != "yuan":
                        self.err(f, f"unit {u} contradicts the printed {raw!r}")
                    self.stats["cells"] += 2
                if p.get("project_count") is not None and str(p["project_count"]) not in text:
                    self.err(f, "procurement count not in the document")

    def note_break(self, f, d, msg):
        if "break" in d["notes"].lower() or "identity" in d["notes"].lower():
            self.warn(f, f"identity break (explained in notes): {msg}")
        else:
            self.err(f, f"identity break NOT explained in notes: {msg}")

    def identities_applications(self, f, d, grid, rows):
        full_rows = [r for r in rows if all((r, a) in grid and grid[(r, a)] is not None for a in APPLICANTS)]
        for r in full_rows:
            parts = [grid[(r, a)] for a in APPLICANTS[:6]]
            if sum(parts) != grid[(r, "total")]:
                self.note_break(f, d, f"三 {r}: columns sum {sum(parts)} != total {grid[(r, 'total')]}")
        body = rows[2:rows.index("total")]
        for a in APPLICANTS:
            col = {r: grid.get((r, a)) for r in rows}
            if all(col[r] is not None for r in body + ["total"]):
                if sum(col[r] for r in body) != col["total"]:
                    self.note_break(f, d, f"三 (七) for {a}: {sum(col[r] for r in body)} != {col['total']}")
            need = ["new_received", "carried_over", "total", "carried_forward"]
            if all(col[r] is not None for r in need):
                if col["new_received"] + col["carried_over"] != col["total"] + col["carried_forward"]:
                    self.note_break(f, d, f"三 一+二 != 七+四 for {a}")


def main():
    ck = Checker()
    files = sorted(glob.glob(os.path.join(HERE, "gold", "*.json")))
    docs = sorted(os.listdir(os.path.join(HERE, "docs")))
    for p in files:
        try:
            ck.check(p)
        except Exception as e:  # a malformed file is an error, not a crash
            ck.err(os.path.basename(p), f"unreadable: {e!r}")
    numbers = {os.path.splitext(x)[0] for x in docs}
    golds = {os.path.splitext(os.path.basename(x))[0] for x in files}
    for n in sorted(numbers ^ golds):
        ck.errors.append(f"{n}: document without gold or gold without document")
    for w in ck.warnings:
        print("warning:", w)
    for e in ck.errors:
        print("ERROR:", e)
    s = ck.stats
    print(f"{s['docs']} gold files: {s['reports']} reports, {s['non_reports']} non-reports; "
          f"{s['docs_with_cells']} reports with table cells, {s['cells']} cells; "
          f"{s['codes']} region codes; {len(ck.errors)} errors, {len(ck.warnings)} warnings")
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
