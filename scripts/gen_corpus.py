#!/usr/bin/env python3
"""Generate a synthetic crawl of Chinese government-information-disclosure
annual reports (政府信息公开工作年度报告), with gold labels, for testing ogi.

Usage:
    gen_corpus.py --out DIR --docs N [--seed S] [--jobs J] [--quiet]
    gen_corpus.py --selftest

Writes:
    DIR/docs/...      the archive: nested 省/市/县/机构 folders of .txt, .html,
                      .docx files, .zip / .tar.gz archives (also a zip inside a
                      zip), junk (empty files, PNG/PDF/DOC bytes, zip bombs,
                      truncated zips), non-reports (notices, disclosure guides,
                      navigation pages, working rules) and byte duplicates.
    DIR/gold.jsonl    one JSON object per document, in the format of
                      shared/spec/gold.md; `document` is relative to DIR/docs,
                      `archive.zip!inner/path` for archive members (and
                      `outer.zip!inner.zip!path` inside a nested zip).

N counts gold documents (every line of gold.jsonl is one document: reports,
junk, duplicates, archive members that are labelled). Archive members that
are not labelled (a readme beside a zip bomb, what a truncated zip still
holds) are not counted and not scored.

Determinism: the same --seed and --docs give byte-identical DIR whatever
--jobs is. Documents are made in blocks of BLOCK_DOCS, each block (one
county's or city's site) from its own random.Random(seed, block); zip and tar
members carry fixed times (1980-01-01 / 0); JSON keys are sorted; gold lines
are written in block order (empty files, which are byte duplicates of one
another across blocks, are labelled at the end in path order).

Memory stays flat: workers write their block's files and return its gold
lines; the parent streams them to gold.jsonl. 1,000,000 documents work.

What a report looks like (proportions are the constants at the top of this
file): organs are townships (镇/乡/街道: mostly zeros), county governments and
departments, city governments and departments, one report per organ per year
(2019-2024, some 2011-2018 in prose). Templates gov2019 (2019-2020, and ~5 %
of later years) and gov2021 (2021+), narrative prose before 2019. Text
layouts: tab rows (trailing-tab export, collapsed merged label cells),
tab-prefixed cells one per line, one cell per line with blank lines, pipes
with padding, markdown pipe tables, single spaces with wrapped labels and
page footers, and glued cells with no separators (gold keeps only cells whose
split is unique: numbers have no leading zeros; a 三 row is unique if exactly
one split gives seven numbers whose last is the sum of the six; rows left
with several readings are settled by the column identities 一+二=七+四 and
七=sum of the detail rows when exactly one combination holds; a 四 run must
give 15 numbers whose groups of five sum; a 第二十条 row only when exactly one
split exists). About 1 % of reports break one identity (noted in `notes`).
"""

import argparse
import gzip
import io
import itertools
import json
import os
import random
import struct
import sys
import tarfile
import time
import zlib
from decimal import Decimal
from multiprocessing import Pool

# ---------------------------------------------------------------------------
# Proportions (weights; they need not sum to 1).

BLOCK_DOCS = 64                 # gold documents per block (one site crawl)
P_CITY_BLOCK = 0.25             # blocks that are a city site, else a county site

# What a gold document is.
DOC_KINDS = [
    ("report", 0.900),
    ("duplicate", 0.015),       # byte copy of a report of the block at another path
    ("empty", 0.004),           # 0-byte file
    ("png", 0.004),             # image bytes (.png/.jpg)
    ("pdf", 0.004),             # %PDF bytes
    ("doc", 0.004),             # OLE2 .doc bytes
    ("notice", 0.018),          # 关于报送…年度报告的通知 (and website-form notices)
    ("guide", 0.016),           # 政府信息公开指南
    ("nav", 0.014),             # navigation / column pages listing report links
    ("rules", 0.010),           # 工作规则 (chapters and articles)
    ("bomb", 0.003),            # member of tens of MB of zeros in a small zip
    ("corrupt", 0.003),         # truncated zip
]

# Organs of a county block / of a city block.
COUNTY_ORGANS = [("township", 0.62), ("county_dept", 0.30), ("county_gov", 0.08)]
CITY_ORGANS = [("city_dept", 0.88), ("city_gov", 0.12)]
P_ORGAN_HAS_OLD_YEARS = 0.18    # organs that also have 2011-2018 prose reports
P_GOV2019_AFTER_2020 = 0.05     # 2021+ reports still on the 2019 template
P_BROKEN_IDENTITY = 0.01        # reports that break one identity

# Formats of a report and whether it sits in an archive.
REPORT_FORMATS = [("txt", 0.66), ("html", 0.24), ("docx", 0.10)]
P_IN_ARCHIVE = 0.12
ARCHIVE_KINDS = [("zip", 0.55), ("targz", 0.30), ("zipzip", 0.15)]
P_GBK_MEMBER_NAMES = 0.3        # zips written by Chinese Windows tools (no UTF-8 flag)

# Text encodings of .txt reports (Big5 is only used for Traditional-script
# narrative pages, see P_BIG5_NARRATIVE).
TXT_ENCODINGS = [("utf-8", 0.66), ("utf-8-sig", 0.08), ("gb18030", 0.18),
                 ("utf-16-le", 0.04), ("utf-16-be", 0.04)]
HTML_ENCODINGS = [("utf-8", 0.85), ("gb18030", 0.15)]
P_BIG5_NARRATIVE = 0.25         # narrative .txt pages in Traditional script, Big5

# Table layouts of .txt template reports.
TEXT_LAYOUTS = [
    ("tabrows", 0.20),      # seed 000: tab rows, trailing tab, collapsed label cells
    ("tabcells", 0.12),     # seed 004: '\t' + one cell per line
    ("cellperline", 0.15),  # seed 001: one cell per line, blank lines, '-'
    ("pipes", 0.12),        # p087/p121: 'a | b |' with '| |||' padding
    ("markdown", 0.10),     # r009: markdown pipe tables
    ("spaces", 0.15),       # r012: single spaces, wrapped labels, '- 5 -' footers
    ("glued", 0.16),        # r002/r004: no separators at all
]

# How zero / empty cells are printed, per layout.
BLANK_STYLES = {
    "tabrows": [("zero", 0.6), ("dash", 0.15), ("empty", 0.15), ("marks", 0.10)],
    "tabcells": [("zero", 0.8), ("dash", 0.2)],
    "cellperline": [("zero", 0.5), ("dash", 0.4), ("marks", 0.1)],
    "pipes": [("zero", 0.6), ("dash", 0.2), ("empty", 0.2)],
    "markdown": [("zero", 0.8), ("dash", 0.2)],
    "spaces": [("zero", 0.85), ("dash", 0.15)],
    "glued": [("zero", 1.0)],
    "html": [("zero", 0.65), ("empty", 0.25), ("dash", 0.10)],
    "docx": [("zero", 0.7), ("empty", 0.2), ("dash", 0.1)],
}
P_FULLWIDTH_DIGITS = 0.05
P_PADDING = 0.20                # NBSP / ideographic-space padding in cells
P_TITLE_SPLIT = 0.15
P_NO_TITLE = 0.05
P_NO_PERIOD_SENTENCE = 0.08     # no 统计期限 sentence (year from the title)

# Zip bombs: sizes of the zero member (bytes).
BOMB_SIZES = [24 << 20, 32 << 20, 48 << 20]

# ---------------------------------------------------------------------------
# Names.

# Place-name syllables: the same character in Simplified and Traditional
# script, encodable in GB18030 and Big5, none of them a level word (省市县区
# 镇乡…) or a word that starts a clause (本, 全, 我, 在 …).
SYLLABLES = (
    "安白宝碧昌长城崇春丹德东峨丰凤福富甘高古谷海和河恒红洪湖华怀黄"
    "吉佳建江金锦晋靖九康兰乐丽利连良林临灵柳龙隆鹿罗洛茂梅美明南宁"
    "平坪蒲祁启千清庆泉仁荣瑞三沙山上神石寿双水顺松太泰桃天田通桐"
    "万旺威文五武西溪仙祥新兴秀徐雅岩阳杨永玉元云枣泽樟正中竹紫峰"
    "桂花嘉荷滨沧翠岱洞芙孤广汉鹤横虹环会焦郊金井君开兰朗雷黎莲柏"
)
SYLLABLES = "".join(dict.fromkeys(
    ch for ch in SYLLABLES if ch.encode("big5", errors="ignore") and ch.encode("gb18030", errors="ignore")))

PROVINCES = [
    "广东省", "福建省", "四川省", "陕西省", "湖南省", "浙江省", "江苏省", "河南省",
    "山东省", "湖北省", "江西省", "安徽省", "云南省", "贵州省", "甘肃省", "青海省",
    "辽宁省", "吉林省", "河北省", "山西省", "广西壮族自治区", "内蒙古自治区",
]

# Departments: (name, folder short name).
DEPARTMENTS = [
    "财政局", "教育局", "公安局", "民政局", "司法局", "人力资源和社会保障局", "自然资源局",
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局",
    "退役军人事务局", "行政审批服务局", "城市管理综合执法局", "人民政府办公室",
    "卫生健康委员会", "发展和改革委员会", "科学技术局", "生态环境分局", "体育局", "信访局",
]

# Simplified → Traditional for the characters of the narrative pages written
# in Traditional script (Big5): pairs of (simplified, traditional).
S2T_PAIRS = (
    "镇鎮乡鄉县縣区區开開报報们們这這个個来來实實际際发發现現规規则則务務应應关關为為与與"
)
S2T = {S2T_PAIRS[i]: S2T_PAIRS[i + 1] for i in range(0, len(S2T_PAIRS) - 1, 2)}

# ---------------------------------------------------------------------------
# Small helpers.


def wchoice(rng, pairs):
    """A weighted choice from [(item, weight), ...]."""
    total = 0.0
    for _, w in pairs:
        total += w
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


FW_DIGITS = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def to_trad(s):
    return "".join(S2T.get(c, c) for c in s)


def dec_str(d):
    """A Decimal as printed: no exponent, no trailing zeros after a point."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def num_json(d):
    """A Decimal/int as a JSON number (int when whole)."""
    if isinstance(d, int):
        return d
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def shift_wan(d):
    """万元 → 元, exactly."""
    return d * 10000


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------------------
# Places and organs.


class Organ:
    """A reporting organ and where its site puts it."""

    __slots__ = ("kind", "full", "names", "province", "city", "county",
                 "folder", "scale", "dept")

    def __init__(self, kind, full, names, province, city, county, folder, scale, dept=None):
        self.kind = kind          # township, county_dept, county_gov, city_dept, city_gov
        self.full = full          # official name: 下桥镇人民政府
        self.names = names        # [(name as printed, region gold or None)], most likely first
        self.province = province
        self.city = city          # 湛江市
        self.county = county      # 徐闻县 (None for city organs)
        self.folder = folder      # folder of the site holding its reports
        self.scale = scale        # tiny, small, medium, large
        self.dept = dept


def unique_core(b, seed):
    """A 2- (or 3-) syllable name, one to one with the block number."""
    S = len(SYLLABLES)
    space = S * S
    off = (seed * 7919 + 12345) % space
    x = (b * 104729 + off) % space          # 104729 is prime, coprime with S*S
    core = SYLLABLES[x // S] + SYLLABLES[x % S]
    if b >= space:
        core += SYLLABLES[(b // space) % S]
    return core


def random_core(rng, avoid):
    for _ in range(200):
        c = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if c[0] != c[1] and c not in avoid:
            avoid.add(c)
            return c
    c = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
    avoid.add(c)
    return c


class Site:
    """One block: a county's or a city's government website."""

    def __init__(self, rng, b, seed):
        self.b = b
        self.city_block = rng.random() < P_CITY_BLOCK
        self.province = rng.choice(PROVINCES)
        used = set()
        core = unique_core(b, seed)
        used.add(core)
        if self.city_block:
            self.city = core + "市"
            self.county = None
            self.base = f"{self.province}/{self.city}"
        else:
            self.city = random_core(rng, used) + "市"
            self.county = core + rng.choice("县县县区")
            self.base = f"{self.province}/{self.city}/{self.county}"
        self.used_cores = used
        self.used_depts = set()
        self.domain = "www." + "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(4, 8))) + ".gov.cn"
        self.style = rng.choice(["plain", "plain", "named", "web"])
        self.sub = rng.random() < 0.4          # an extra 乡镇/部门 folder level
        self.counter = 0
        self.paths = set()

    def next_id(self):
        self.counter += 1
        return self.counter

    def new_organ(self, rng):
        if self.city_block:
            kind = wchoice(rng, CITY_ORGANS)
        else:
            kind = wchoice(rng, COUNTY_ORGANS)
        if kind in ("county_gov", "city_gov"):
            key = "gov"
            if key in self.used_depts:
                kind = "county_dept" if kind == "county_gov" else "city_dept"
            else:
                self.used_depts.add(key)
        if kind == "township":
            core = random_core(rng, self.used_cores)
            suffix = wchoice(rng, [("镇", 0.6), ("乡", 0.25), ("街道", 0.15)])
            short = core + suffix
            full = short + ("办事处" if suffix == "街道" else "人民政府")
            names = [(short, None), (full, None), (self.county + short, self.county),
                     (self.county + full, self.county)]
            folder = (f"{self.base}/乡镇/{short}" if self.sub else f"{self.base}/{short}")
            scale = "tiny"
            return Organ(kind, full, names, self.province, self.city, self.county, folder, scale)
        if kind in ("county_dept", "city_dept"):
            place = self.county if kind == "county_dept" else self.city
            for _ in range(100):
                dept = rng.choice(DEPARTMENTS)
                if dept not in self.used_depts:
                    break
            else:
                dept = random_core(rng, self.used_cores) + "管理中心"
            self.used_depts.add(dept)
            full = place + dept
            names = [(full, place)]
            if self.sub:
                folder = f"{self.base}/部门/{dept}"
            else:
                folder = f"{self.base}/{full}"
            scale = "small" if kind == "county_dept" else "medium"
            return Organ(kind, full, names, self.province, self.city, self.county, folder, scale, dept)
        if kind == "county_gov":
            full = self.county + "人民政府"
            names = [(full, None), (self.city + full, self.city)]
            folder = f"{self.base}/{full}"
            return Organ(kind, full, names, self.province, self.city, self.county, folder, "medium")
        full = self.city + "人民政府"
        names = [(full, None)]
        folder = f"{self.base}/{full}"
        return Organ(kind, full, names, self.province, self.city, None, folder, "large")

    def claim(self, path):
        """A file path not used yet in this block."""
        if path not in self.paths:
            self.paths.add(path)
            return path
        stem, dot, ext = path.rpartition(".")
        for k in range(1, 1000):
            p = f"{stem}_{k}.{ext}" if dot else f"{path}_{k}"
            if p not in self.paths:
                self.paths.add(p)
                return p
        raise RuntimeError("no free path")


def organ_years(rng):
    """The years an organ reports on: a run within 2019-2024, maybe older ones."""
    start = wchoice(rng, [(2019, 0.30), (2020, 0.18), (2021, 0.18), (2022, 0.14), (2023, 0.12), (2024, 0.08)])
    end = min(2024, start + rng.randint(0, 5))
    years = list(range(start, end + 1))
    if rng.random() < P_ORGAN_HAS_OLD_YEARS:
        s = rng.randint(2011, 2018)
        e = min(2018, s + rng.randint(0, 3))
        years = list(range(s, e + 1)) + years
    return years


# ---------------------------------------------------------------------------
# The figures of a report.

APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_organization", "legal_service_organization",
              "other_organization", "total"]
APPLICANT_WEIGHTS = [0.84, 0.08, 0.01, 0.01, 0.03, 0.03]

# (code, sub-group, label, weight of the outcome among the detail rows)
DETAIL_ROWS_2019 = [
    ("granted", None, "予以公开", 0.36),
    ("partially_granted", None, "部分公开（区分处理的，只计这一情形，不计其他情形）", 0.08),
    ("denied_state_secret", "D", "属于国家秘密", 0.005),
    ("denied_prohibited_by_law", "D", "其他法律行政法规禁止公开", 0.01),
    ("denied_endangers_security_stability", "D", "危及“三安全一稳定”", 0.005),
    ("denied_third_party_rights", "D", "保护第三方合法权益", 0.01),
    ("denied_internal_affairs", "D", "属于三类内部事务信息", 0.01),
    ("denied_process_information", "D", "属于四类过程性信息", 0.02),
    ("denied_law_enforcement_files", "D", "属于行政执法案卷", 0.01),
    ("denied_administrative_query", "D", "属于行政查询事项", 0.02),
    ("unavailable_not_held", "U", "本机关不掌握相关政府信息", 0.22),
    ("unavailable_needs_creation", "U", "没有现成信息需要另行制作", 0.03),
    ("unavailable_unclear_after_correction", "U", "补正后申请内容仍不明确", 0.02),
    ("not_processed_petition", "N", "信访举报投诉类申请", 0.06),
    ("not_processed_duplicate", "N", "重复申请", 0.03),
    ("not_processed_publication", "N", "要求提供公开出版物", 0.005),
    ("not_processed_excessive", "N", "无正当理由大量反复申请", 0.005),
    ("not_processed_confirmation", "N", "要求行政机关确认或重新出具已获取信息", 0.01),
]
OTHER_2019 = [("other", None, "其他处理", 0.04)]
OTHER_2021 = [
    ("other_no_correction", "O", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 0.02),
    ("other_unpaid_fee", "O", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0.003),
    ("other_misc", "O", "其他", 0.02),
]
SUBGROUP_LABELS = {"D": "不予公开", "U": "无法提供", "N": "不予处理", "O": "其他处理"}
SUBGROUP_NUM = {"D": "三", "U": "四", "N": "五", "O": "六"}


def detail_rows(template):
    return DETAIL_ROWS_2019 + (OTHER_2021 if template == "gov2021" else OTHER_2019)


APP_TOTALS = {"tiny": (0.65, 1, 6), "small": (0.35, 1, 40), "medium": (0.1, 5, 400),
              "large": (0.02, 60, 3000)}


def spread(rng, total, weights):
    """Split `total` over `weights` (roughly multinomial)."""
    out = [0] * len(weights)
    if total <= 0:
        return out
    if total <= 60:
        cum = list(itertools.accumulate(weights))
        top = cum[-1]
        for _ in range(total):
            x = rng.random() * top
            for i, c in enumerate(cum):
                if x < c:
                    out[i] += 1
                    break
            else:
                out[-1] += 1
        return out
    s = sum(weights)
    for i, w in enumerate(weights):
        out[i] = int(total * w / s * rng.uniform(0.6, 1.4))
    return out


def gen_applications(rng, scale, template):
    """Section 三: {code: [7 ints]} obeying every identity."""
    p_zero, lo, hi = APP_TOTALS[scale]
    rows = detail_rows(template)
    total = 0 if rng.random() < p_zero else int(lo + (hi - lo) * rng.random() ** 2.2)
    per_row = spread(rng, total, [r[3] for r in rows])
    grid = {}
    for (code, _, _, _), n in zip(rows, per_row):
        cols = spread(rng, n, APPLICANT_WEIGHTS)
        grid[code] = cols + [sum(cols)]
    tot = [sum(grid[r[0]][c] for r in rows) for c in range(6)]
    co, cf = [], []
    for c in range(6):
        base = tot[c]
        o = 0 if rng.random() < 0.75 else rng.randint(0, max(1, base // 5 + 1))
        f = 0 if rng.random() < 0.7 else rng.randint(0, max(1, base // 5 + 1))
        co.append(o)
        cf.append(f)
    new = [tot[c] + cf[c] - co[c] for c in range(6)]
    for c in range(6):
        if new[c] < 0:
            co[c] += new[c]
            new[c] = 0
    grid["new_received"] = new + [sum(new)]
    grid["carried_over"] = co + [sum(co)]
    grid["total"] = tot + [sum(tot)]
    grid["carried_forward"] = cf + [sum(cf)]
    return grid


def gen_reviews(rng, scale):
    """Section 四: 15 ints, each fifth the sum of the four before."""
    p = {"tiny": 0.04, "small": 0.15, "medium": 0.45, "large": 0.9}[scale]
    hi = {"tiny": 2, "small": 5, "medium": 30, "large": 300}[scale]
    out = []
    for g in range(3):
        if rng.random() < p * (1.0 if g == 0 else 0.6):
            four = [rng.randint(0, hi) if rng.random() < 0.6 else 0 for _ in range(4)]
        else:
            four = [0, 0, 0, 0]
        out += four + [sum(four)]
    return out


def scaled(rng, scale, tiny, small, medium, large, p_zero=0.5):
    hi = {"tiny": tiny, "small": small, "medium": medium, "large": large}[scale]
    if rng.random() < p_zero:
        return 0
    return int(hi * rng.random() ** 2) if hi else 0


def gen_article20(rng, scale, template, no_negative):
    """Section 二: {(item, category): [values]} with Decimal fee amounts."""
    a = {}
    pz = {"tiny": 0.75, "small": 0.4, "medium": 0.2, "large": 0.05}[scale]
    if template == "gov2019":
        for cat, hi in (("regulations", (0, 0, 5, 30)), ("normative_documents", (3, 20, 60, 200))):
            made = scaled(rng, scale, *hi, p_zero=pz if cat == "normative_documents" else 0.9)
            pub = max(0, made - (rng.randint(0, 2) if made else 0))
            total = pub + scaled(rng, scale, 5, 60, 300, 2000, p_zero=pz)
            a[("20.1", cat)] = [made, pub, total]
        for item, cat, hi in (("20.5", "administrative_licensing", (30, 600, 3000, 50000)),
                              ("20.5", "other_administrative_services", (20, 200, 800, 5000)),
                              ("20.6", "administrative_penalty", (20, 800, 3000, 90000)),
                              ("20.6", "administrative_coercion", (5, 60, 300, 3000))):
            prior = scaled(rng, scale, 10, 80, 300, 900, p_zero=pz)
            change = 0
            if prior and rng.random() < 0.4:
                change = rng.randint(-min(prior, 5), 8)
                if no_negative and change < 0:
                    change = -change
            decisions = scaled(rng, scale, *hi, p_zero=pz)
            a[(item, cat)] = [prior, change, decisions]
        prior = scaled(rng, scale, 2, 20, 40, 80, p_zero=pz)
        change = 0
        if prior and rng.random() < 0.3:
            change = rng.randint(-min(prior, 3), 3)
            if no_negative and change < 0:
                change = -change
        a[("20.8", "administrative_fees")] = [prior, change]
    else:
        for cat, hi in (("regulations", (0, 0, 3, 12)), ("normative_documents", (3, 15, 40, 120))):
            issued = scaled(rng, scale, *hi, p_zero=pz if cat == "normative_documents" else 0.9)
            repealed = scaled(rng, scale, *hi, p_zero=0.7)
            in_force = issued + scaled(rng, scale, 5, 60, 300, 1500, p_zero=pz)
            a[("20.1", cat)] = [issued, repealed, in_force]
        a[("20.5", "administrative_licensing")] = [scaled(rng, scale, 30, 600, 5000, 500000, p_zero=pz)]
        a[("20.6", "administrative_penalty")] = [scaled(rng, scale, 20, 800, 3000, 900000, p_zero=pz)]
        a[("20.6", "administrative_coercion")] = [scaled(rng, scale, 5, 60, 300, 9000, p_zero=pz)]
        if rng.random() < pz:
            fee = Decimal(0)
        else:
            hi = {"tiny": 50, "small": 3000, "medium": 30000, "large": 100000}[scale]
            places = rng.choice([0, 1, 2, 2, 3, 4, 6])
            fee = (Decimal(rng.randint(1, hi * 10 ** places)) / (Decimal(10) ** places)).normalize()
            if fee == fee.to_integral_value():
                fee = fee.quantize(Decimal(1))
        a[("20.8", "administrative_fees")] = [fee]
    return a


def gen_procurement(rng, scale):
    """(count, amount Decimal, true unit 'wan'|'yuan')."""
    pz = {"tiny": 0.45, "small": 0.3, "medium": 0.15, "large": 0.05}[scale]
    if rng.random() < pz:
        return 0, Decimal(0), rng.choice(["wan", "yuan"])
    count = rng.randint(1, {"tiny": 20, "small": 60, "medium": 300, "large": 2000}[scale])
    yuan = Decimal(rng.randint(15000, {"tiny": 3000000, "small": 20000000, "medium": 90000000,
                                       "large": 900000000}[scale]))
    if rng.random() < 0.5:
        places = rng.choice([0, 1, 2, 4])
        wan = (yuan / 10000).quantize(Decimal(1) / (Decimal(10) ** places))
        if wan == 0:
            wan = Decimal("1.5")
        return count, wan.normalize() if places else wan, "wan"
    if rng.random() < 0.3:
        yuan = yuan + Decimal(rng.randint(1, 99)) / 100
    return count, yuan, "yuan"


def break_identity(rng, apps, reviews):
    """Change one printed number so that one identity fails; say which."""
    choice = rng.choice(["row_total", "column_total", "balance", "review_total"])
    if choice == "review_total":
        g = rng.randint(0, 2)
        reviews[g * 5 + 4] += rng.randint(1, 3)
        return f"section 四: the {['行政复议', '未经复议直接起诉', '复议后起诉'][g]} total is not the sum of its four outcomes"
    if choice == "row_total":
        code = rng.choice(["new_received", "granted", "unavailable_not_held", "total"])
        apps[code][6] += rng.randint(1, 4)
        return f"section 三: the 总计 column of row {code} is not the sum of the six applicant columns"
    if choice == "column_total":
        col = 0
        apps["total"][col] += rng.randint(1, 3)
        apps["total"][6] = sum(apps["total"][:6])
        return "section 三: (七)总计 of 自然人 is not the sum of the rows (一)-(六)"
    col = 0
    apps["carried_forward"][col] += rng.randint(1, 3)
    apps["carried_forward"][6] = sum(apps["carried_forward"][:6])
    return "section 三: 一+二 differs from 七+四 in the 自然人 column"
