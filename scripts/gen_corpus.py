#!/usr/bin/env python3
"""Generate a synthetic crawl of Chinese government-information-disclosure
annual reports (政府信息公开工作年度报告), with gold labels, for testing ogi.

Usage:
    gen_corpus.py --out DIR --docs N [--seed S] [--jobs J] [--mix default|hard] [--quiet]
    gen_corpus.py --check DIR
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
    DIR/planted.jsonl the cross-report faults planted on purpose (below), one
                      JSON object per line, keys sorted, in block order.

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
give 15 numbers whose groups of five sum; a 第二十条 row, which no identity
checks, only when stray spaces leave each of its cells apart). About 1 % of reports break one identity (noted in `notes`;
the gold still lists the printed numbers).

Across an organ's reports: its documents all sit under its site's folder
(`省/市/县` for county organs, `省/市` for city ones), and for two consecutive
years of template reports the later 上年结转 row (carried_over) is, column by
column, the earlier 结转下年度 row (carried_forward) as printed; where that
exceeds what the later year would otherwise settle, the rest is added to its
outcome rows, so every identity of the report still holds. Two faults are
planted, deterministically from the block's random stream, and listed in
planted.jsonl with gold `document` paths:

  {"kind": "carry_mismatch", "document": LATER, "previous": EARLIER,
   "applicants": [columns that differ, "total" among them when it does]}
      P_CARRY_MISMATCH (1 %) of the consecutive template years of an organ
      print a 上年结转 that differs from the previous 结转下年度 in one column
      (up or down) or by a count moved between two columns. Planted only
      where neither report breaks an identity or is re-posted, both name the
      organ alike (the same organ_key), the gold labels every section-三 cell
      of both, and the differing cells hold numbers in both (the later
      report is printed again, up to RENDER_TRIES times, until it does; else
      nothing is planted). The later report's notes say so.
  {"kind": "repost", "documents": [DOC, DOC]}
      The "repost" doc kind (0.7 % of reports): a template report published
      a second time, as another file of the same organ (its folder's
      zfxxgknb/ pages or the site's 政府信息公开年报/ column): same figures,
      organ name and year, other layout, format, chrome, title and publish
      date, other bytes; both are labelled as reports.

Hard classes (HARD_CLASSES at the top, the share of eligible reports; the
`--mix hard` proportions are HARD_MIX): reports printed so that a reader
who is not careful writes false values or names. Each report draws at most
one class from its own random stream, after the block's reports, re-posts
and planted faults are made (reports in a planted fault get none), and is
printed again from that stream with the same figures, organ name and year;
so the main stream is untouched and every document without a class (and
not a byte copy of one, nor an archive holding one) is byte-identical to
what this generator wrote before the classes existed.
Gold lines of such documents carry `gen_class` (the scorer ignores it;
`scripts/metamorphic.py report --gold DIR/gold.jsonl --build BUILD --out W`
gives figures per class):

  prose_figures         sentences with the tables' words (全年受理行政许可290件，
                        行政处罚26件。, a fee, a procurement) in section 一 or in a
                        narrative report: no cell and no procurement from them
  glued_no_proof        section 二 rows glued (行政许可3960181) in a tab or
                        single-space layout: a row is kept only when exactly
                        one cut into its columns exists
  blank_dropped         zero cells printed empty, 无, / or — in single-space or
                        one-cell-per-line layouts; an empty cell leaves no
                        token, so a row is kept only when its tokens fill every
                        column; with one cell per line and a blank line after
                        each cell (half of those) an empty cell keeps its place
                        and every cell is kept
  identity_broken       one printed number breaks an identity (never a carry
                        row); the cells are as printed
  traditional           a template report in Traditional script (the S2T
                        table and S2T_MORE_PAIRS), .txt in Big5 or UTF-8; gold
                        names converted the same way
  narrative_labels      a narrative report whose prose names the tables'
                        labels (本年新收政府信息公开申请数量…): still narrative
  gov2021_few_words     a gov2021 report printing short labels (逾期不补正,
                        收费金额, 本年制发…)
  no_section2           no section 二 at all: no proactive cell, no procurement
  cut_in_section3       the document ends after a row of section 三 (tab rows
                        or pipes): that row and those before it are kept
  verb_places           依托X区, 充分发挥X区, 坚持以县…, 名称X县… in section 一 and
                        chrome titled 组配分类 政府信息公开年报 above the report:
                        organ, region and title are the report's own
  procurement_sentence  a gov2019 report whose procurement is only a sentence
                        (no 第二十条第（九）项 row): count and amount in either
                        order, 项/个 on the count, 万元/元 on the amount or in
                        brackets before it; gold procurement source narrative
  landing_page          (P_LANDING of the nav pages) a column page listing one
                        organ's reports of several years: not a report
  regulation            (P_REGULATION of the notices) the disclosure regulation
                        naming the report's contents: not a report

`gen_corpus.py --check DIR` reads the gold as a perfect reader would, groups
template reports by organ_key (innermost 县/区/市/旗 folder of the path, and
the printed organ name without that prefix, spaces and a trailing
人民政府/政府/办事处) and year, and checks that exactly the planted re-posts
share an organ-year and that exactly the planted carries disagree. An organ
printing its name in two forms that give two keys (a county government as
徐闻县人民政府 and 湛江市徐闻县人民政府) counts as two organs there.

What --docs 100000 makes (seed 1): 90 % reports (26 % gov2019, 62 % gov2021,
12 % narrative) and 0.6 % re-posts (of the template reports in .txt: tab
rows 20 %, tab cells 12 %, cell per line 15 %, pipes 12 %, markdown 10 %,
spaces 15 %, glued 16 %; formats .txt 66 %, .html/.htm/.shtml 24 %, .docx
10 %; 12 % of reports sit in .zip, .tar.gz/.tgz or a zip inside a zip), 1.5 %
byte duplicates, the rest non-reports and junk. About 1.5 GB of documents and 1.3 GB of gold, in about
a minute on two cores.

Check a build against the gold:
    gen_corpus.py --out /tmp/gen --docs 2000
    ogi build /tmp/gen/docs --out /tmp/genbuild --quiet
    python3 shared/tools/score.py --gold /tmp/gen/gold.jsonl --out /tmp/genbuild
"""

import argparse
import gzip
import io
import itertools
import json
import os
import random
import re
import struct
import sys
import unicodedata
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
    ("repost", 0.0063),         # a report of the block published again (other page, same figures)
]

# Organs of a county block / of a city block.
COUNTY_ORGANS = [("township", 0.62), ("county_dept", 0.30), ("county_gov", 0.08)]
CITY_ORGANS = [("city_dept", 0.88), ("city_gov", 0.12)]
P_ORGAN_HAS_OLD_YEARS = 0.18    # organs that also have 2011-2018 prose reports
P_GOV2019_AFTER_2020 = 0.05     # 2021+ reports still on the 2019 template
P_BROKEN_IDENTITY = 0.01        # reports that break one identity

# Planted cross-report faults (listed in DIR/planted.jsonl). A repost doc
# kind (above, 0.0063 of documents = 0.7 % of reports) republishes a
# template report; P_CARRY_MISMATCH of the eligible consecutive-year pairs of
# an organ print a 上年结转 row that differs from the previous year's 结转下年度.
P_CARRY_MISMATCH = 0.01
RENDER_TRIES = 20               # renderings tried until a planted fault is visible in the gold

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

# Hard classes (documents that read wrongly unless a reader is careful).
# Each report draws at most one class from its own random stream
# (random.Random("ogi-gen-hard:SEED:BLOCK:INDEX")), so the main stream, and
# every document without a class, is what it was before these classes; a
# report with a class is made again from that stream, with the same
# figures, organ name and year (carries between years hold). Weights are
# the share of eligible reports (template years 2019 on, or narrative
# years before) that get the class; --mix hard uses HARD_MIX instead.
HARD_CLASSES = {
    # 1. figures stated in prose with the tables' words (全年受理行政许可290件，
    #    行政处罚26件。, fees, procurement) in a narrative report or in section
    #    一 of a template report (no procurement sentence in a gov2019 one):
    #    no cell (nor procurement) from them.
    "prose_figures": 0.004,
    # 2. section 二 rows printed glued (行政许可3960181) in a tab or space
    #    layout: the gold keeps a row only when exactly one cut exists.
    "glued_no_proof": 0.003,
    # 3. zero cells printed blank, 无, / or — in layouts that drop an empty
    #    cell (single spaces; one cell per line without its blank line):
    #    the gold keeps a row only where its tokens fill every column; with
    #    one cell per line and a blank line after each cell, an empty cell
    #    leaves its place and every cell is kept.
    "blank_dropped": 0.003,
    # 4. one printed number breaks an identity (a row total, (七)总计, a
    #    section 四 total): the cells are as printed.
    "identity_broken": 0.002,
    # 5. a template report in Traditional script, Big5 or UTF-8 .txt.
    "traditional": 0.003,
    # 6. a narrative report whose prose names the tables' labels (still
    #    narrative, no cell); a gov2021 report printing few 2021-only words.
    "narrative_labels": 0.003,
    "gov2021_few_words": 0.002,
    # 7. a report without section 二, or cut after a row of section 三 (tab
    #    rows, pipes): no cell after the cut, none of the missing sections.
    "no_section2": 0.002,
    "cut_in_section3": 0.002,
    # 8. verbs before place names in prose and chrome (依托X区, 充分发挥X区,
    #    坚持以县…, 名称X县…) and page chrome titled 组配分类 政府信息公开年报:
    #    organ, region and title stay the report's own.
    "verb_places": 0.004,
    # 10. gov2019 procurement given only in a sentence, count and amount in
    #    either order, units on either number (or in brackets before it):
    #    gold procurement from the sentence, source narrative.
    "procurement_sentence": 0.003,
}
# 9. non-reports: a column landing page listing one organ's reports of
# several years, an annual-report notice quoting figures, the disclosure
# regulation; they replace that share of the nav and notice documents.
P_LANDING = 0.15
P_REGULATION = 0.15
HARD_MIX = {
    "classes": {k: 0.07 for k in HARD_CLASSES} | {"gov2021_few_words": 0.05, "no_section2": 0.04,
                                                  "cut_in_section3": 0.04, "identity_broken": 0.05},
    "landing": 0.5, "regulation": 0.5,
    # more non-reports of every kind
    "doc_kinds": {"notice": 0.03, "guide": 0.02, "nav": 0.03, "rules": 0.015},
}
MIXES = {
    "default": {"classes": HARD_CLASSES, "landing": P_LANDING, "regulation": P_REGULATION, "doc_kinds": {}},
    "hard": HARD_MIX,
}

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
    "标標题題时時间間号號栏欄链鏈录錄页頁图圖详詳见見当當动動单單浏瀏览覽数數闭閉办辦况況"
    "统統计計称稱历歷条條请請议議对對问問联聯处處财財资資会會设設运運输輸农農业業卫衛审審"
    "场場监監医醫疗療军軍综綜执執员員学學术術态態环環访訪广廣东東陕陝苏蘇贵貴肃肅辽遼壮壯"
    "内內华華国國简簡费費减減诉訴讼訟进進组組级級领領导導认認贯貫彻徹强強织織长長门門负負"
    "责責专專职職类類过過户戶传傳众眾阅閱结結检檢邮郵还還够夠较較将將继繼续續宽寬于於后後"
    "机機构構据據网網确確复復范範划劃编編积積极極缴繳纳納让讓识識险險质質观觀点點总總证證"
    "书書热熱电電话話线線两兩严嚴满滿际際体體备備达達质質样樣"
)
S2T = {S2T_PAIRS[i]: S2T_PAIRS[i + 1] for i in range(0, len(S2T_PAIRS) - 1, 2)}
# More pairs, for the template reports of the "traditional" class (the
# narrative pages above keep their table, so their bytes stay as they were).
S2T_MORE_PAIRS = (
    "临臨丽麗举舉义義习習产產仓倉兴興冈岡决決刘劉别別厅廳压壓厨廚参參变變吴吳围圍块塊坚堅坝壩"
    "夹夾属屬废廢张張扩擴护護挡擋挥揮断斷无無旧舊权權档檔没沒济濟畅暢盖蓋稳穩纠糾细細经經绕繞"
    "络絡绩績维維罚罰节節获獲补補视視觉覺训訓记記许許评評询詢该該读讀调調购購赵趙转轉载載辅輔"
    "针針队隊阶階陈陳静靜项項预預额額马馬黄黃劳勞纳納获獲办辦证證营營惠惠"
)
S2T_FULL = dict(S2T)
S2T_FULL.update({S2T_MORE_PAIRS[i]: S2T_MORE_PAIRS[i + 1] for i in range(0, len(S2T_MORE_PAIRS) - 1, 2)})

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


def to_trad_full(s):
    return "".join(S2T_FULL.get(c, c) for c in s)


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


def spread_exact(rng, total, weights):
    """Split `total` over `weights`, summing to `total` exactly."""
    out = spread(rng, total, weights)
    out[weights.index(max(weights))] += total - sum(out)
    return out


def gen_applications(rng, scale, template, carried=None):
    """Section 三: {code: [7 ints]} obeying every identity. `carried` (six
    ints: the previous year's printed 结转下年度) fixes the 上年结转 row; where
    it exceeds what the year would otherwise settle, the difference is
    settled this year (added to the outcome rows of that column)."""
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
    if carried is not None:
        co = list(carried)
    new = [tot[c] + cf[c] - co[c] for c in range(6)]
    for c in range(6):
        if new[c] < 0:
            if carried is None:
                co[c] += new[c]
            else:
                extra = spread_exact(rng, -new[c], [r[3] for r in rows])
                for (code, _, _, _), k in zip(rows, extra):
                    grid[code][c] += k
                    grid[code][6] += k
                tot[c] -= new[c]
            new[c] = 0
    grid["new_received"] = new + [sum(new)]
    grid["carried_over"] = co + [sum(co)]
    grid["total"] = tot + [sum(tot)]
    grid["carried_forward"] = cf + [sum(cf)]
    return grid


def gen_reviews(rng, scale):
    """Section 四: 15 ints, each fifth the sum of the four before."""
    p = {"tiny": 0.04, "small": 0.15, "medium": 0.45, "large": 0.9}[scale]
    hi = {"tiny": 2, "small": 5, "medium": 15, "large": 80}[scale]
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


# ---------------------------------------------------------------------------
# Prose.

FILLER_GENERAL = [
    "{y}年，{o}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级关于政务公开工作的决策部署，围绕中心工作，深化政府信息公开，提升政务服务水平。",
    "在上级政务公开办的指导下，{o}把政府信息公开工作纳入重要议事日程，进一步完善工作机制，细化职责分工，拓宽公开渠道，规范操作流程。",
    "{o}严格按照《中华人民共和国政府信息公开条例》要求，坚持“以公开为常态、不公开为例外”原则，推进决策、执行、管理、服务、结果公开。",
    "全年政务公开工作稳步推进，公开内容更加丰富，公开形式更加多样，群众的知情权、参与权和监督权得到有效保障。",
]
FILLER_ACTIVE = [
    "依托门户网站、政务新媒体、政务公开栏等平台，及时发布工作动态、通知公告、政策文件等信息。",
    "全年通过政府网站主动公开政府信息{n1}条，其中工作动态{n2}条，政策文件{n3}条。",
    "围绕乡村振兴、社会救助、安全生产、生态环境等重点领域，及时公开相关政策措施和工作进展。",
    "加强政策解读，对涉及群众切身利益的政策文件同步开展解读，全年发布解读信息{n3}条。",
    "及时公开财政预决算、“三公”经费、重大建设项目等信息，自觉接受社会监督。",
]
FILLER_APPLY = [
    "进一步规范依申请公开受理、审查、办理、答复等环节，严格按照法定时限答复申请人。",
    "{y}年，{o}共受理政府信息公开申请{n4}件，均在法定期限内予以答复。",
    "畅通申请渠道，提供当面申请、信函申请和网络申请等多种方式，方便群众依法获取政府信息。",
]
FILLER_MANAGE = [
    "健全政府信息公开保密审查机制，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
    "及时对已公开信息进行梳理，对过期、失效信息进行清理，确保公开信息准确、有效。",
    "完善政府信息管理动态调整机制，对依申请公开较多的信息及时转为主动公开。",
]
FILLER_PLATFORM = [
    "加强政府网站和政务新媒体建设管理，落实日常巡查和信息更新制度，确保平台安全平稳运行。",
    "持续优化政府信息公开专栏设置，规范栏目内容，提升信息检索和查阅的便利性。",
    "利用村（社区）公开栏、便民服务中心电子屏等线下渠道，扩大政府信息覆盖面。",
]
FILLER_SUPERVISE = [
    "将政务公开工作纳入年度绩效考核，定期开展自查自纠，对发现的问题及时整改。",
    "组织工作人员参加政务公开业务培训{n5}次，提高工作人员业务能力和服务水平。",
    "主动接受社会评议和群众监督，认真听取意见建议，不断改进工作。",
]
FILLER_PROBLEMS = [
    "{y}年，{o}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容不够全面，部分信息更新不够及时；二是政策解读形式较为单一，解读质量有待提高；三是工作人员业务能力有待进一步提升。",
    "针对以上问题，下一步将采取以下措施：一是加强组织领导，压实工作责任；二是丰富解读形式，提升解读质量；三是加强业务培训，提高队伍素质，推动政府信息公开工作再上新台阶。",
    "主要问题是信息公开的深度和广度还不够，与群众的期待还有一定差距。下一步，将进一步完善工作机制，拓宽公开渠道，提高公开质量。",
]
FILLER_OTHER = [
    "{y}年，{o}未收取政府信息公开信息处理费。",
    "无其他需要报告的事项。",
    "{y}年度，{o}无其他需要报告的事项。",
    "本机关未发生因政府信息公开工作被责任追究的情况。",
]

NARRATIVE_PARTS = [
    ("概述", [
        "{y}年，{o}在上级的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，进一步加强组织领导，完善工作制度，扎实推进政府信息公开工作。",
        "{o}成立了政府信息公开工作领导小组，由主要领导任组长，分管领导任副组长，各部门负责人为成员，明确专人负责政府信息公开的日常工作。",
        "建立健全政府信息公开审核、发布、更新等工作制度，确保政府信息公开工作规范有序开展。",
    ]),
    ("主动公开政府信息情况", [
        "全年共主动公开政府信息{n1}条，其中机构职能类信息{n2}条，规划计划类信息{n3}条，工作动态类信息{n4}条。",
        "主动公开的政府信息主要通过政府门户网站、政务公开栏、宣传资料等形式发布，方便群众查阅。",
    ]),
    ("依申请公开政府信息情况", [
        "全年共受理政府信息公开申请{n5}件，均已按规定时限办结。",
        "本年度未发生依申请公开政府信息不予公开的情况。",
    ]),
    ("政府信息公开收费及减免情况", [
        "本年度未收取任何政府信息公开检索、复制、邮寄等费用，也未发生减免费用的情况。",
    ]),
    ("因政府信息公开申请提起行政复议、行政诉讼的情况", [
        "本年度未发生因政府信息公开申请提起行政复议和行政诉讼的情况。",
    ]),
    ("存在的主要问题和改进措施", [
        "一是公开内容还不够丰富，二是公开形式还比较单一，三是信息更新还不够及时。",
        "下一步，将继续加强领导，完善制度，拓宽渠道，进一步提高政府信息公开工作水平。",
    ]),
]


def fill(rng, s, o, y):
    return s.format(o=o, y=y, n1=rng.randint(20, 900), n2=rng.randint(3, 200),
                    n3=rng.randint(1, 60), n4=rng.randint(0, 40), n5=rng.randint(1, 6))


# ---------------------------------------------------------------------------
# The printed cells of a report.


class Cell:
    """A printed value cell: `raw` as printed (full-width, padding), `value`
    for the gold (None when the cell holds no number), `graw` the gold raw."""

    __slots__ = ("raw", "value", "graw")

    def __init__(self, raw, value, graw):
        self.raw = raw
        self.value = value
        self.graw = graw


class Style:
    """How one document prints its numbers and labels."""

    def __init__(self, rng, layout):
        self.layout = layout
        self.blank = wchoice(rng, BLANK_STYLES.get(layout, [("zero", 1.0)]))
        self.fullwidth = rng.random() < P_FULLWIDTH_DIGITS
        self.pad = layout in ("tabcells", "cellperline", "html") and rng.random() < P_PADDING
        self.full_brackets = rng.random() < 0.7
        self.numsep = wchoice(rng, [(".", 0.7), ("、", 0.2), ("．", 0.1)])
        self.total_word = "合计" if rng.random() < 0.1 else "总计"
        self.spaced_group = rng.random() < 0.2
        self.norm_swap = rng.random() < 0.1
        self.hdr_change = wchoice(rng, [("本年增/减", 0.85), ("本年数量", 0.1), ("本年增减", 0.05)])
        self.hdr_newpub = "本年公开数量" if rng.random() < 0.1 else "本年新公开数量"
        self.art_brackets = rng.random() < 0.75
        self.rng = rng
        self.drop_trace = False

    def br(self, s):
        """Brackets as this document prints them."""
        if self.full_brackets:
            return s.replace("(", "（").replace(")", "）")
        return s.replace("（", "(").replace("）", ")")

    def marks(self, delimited):
        return self.rng.choice(["/", "—", "无"] if delimited else ["/", "—", "-"])

    def cell(self, value, blank_ok=True, keep_zero=False):
        """Print a number (int or Decimal) or None as this document does."""
        rng = self.rng
        if value is None:
            raw = "-" if self.layout in ("cellperline", "spaces", "markdown", "glued") else ""
            return Cell(raw, None, raw)
        delimited = self.layout in ("tabrows", "tabcells", "pipes", "markdown", "html", "docx")
        if value == 0 and blank_ok and not keep_zero:
            if self.blank == "drop":
                x = rng.random()
                if x < 0.45:
                    return Cell("", None, "")
                if x < 0.75:
                    m = rng.choice(["无", "/", "—", "-"])
                    return Cell(m, None, m)
            if self.blank == "dash" and rng.random() < 0.9:
                return Cell("-", None, "-")
            if self.blank == "empty" and rng.random() < 0.97:
                return Cell("", None, "")
            if self.blank == "marks" and rng.random() < 0.5:
                m = self.marks(delimited)
                return Cell(m, None, m)
        s = dec_str(value) if isinstance(value, Decimal) else str(value)
        raw = s.translate(FW_DIGITS) if self.fullwidth else s
        if self.pad and rng.random() < 0.5:
            p = rng.choice(["\u3000", "\u00a0", "\u3000\u3000", " "])
            raw = p + raw if rng.random() < 0.6 else raw + p
        return Cell(raw, value, s)


# ---------------------------------------------------------------------------
# A report as a structure every layout renders.


class Report:
    pass


def numbered(st, k, label):
    return f"{k}{st.numsep}{label}"


def build_tables(rng, rep, st):
    """Section 二/三/四 as structures, from rep.a20, rep.apps, rep.reviews."""
    t = rep.template
    br = st.br
    items = []
    heads = {"20.1": "第二十条第（一）项", "20.5": "第二十条第（五）项", "20.6": "第二十条第（六）项",
             "20.8": "第二十条第（八）项", "20.9": "第二十条第（九）项"}
    norm = "规范性文件" if t == "gov2019" else "行政规范性文件"
    if st.norm_swap:
        norm = "行政规范性文件" if norm == "规范性文件" else "规范性文件"
    labels = {"regulations": "规章", "normative_documents": norm, "administrative_licensing": "行政许可",
              "other_administrative_services": "其他对外管理服务事项", "administrative_penalty": "行政处罚",
              "administrative_coercion": "行政强制", "administrative_fees": "行政事业性收费"}
    if t == "gov2019":
        cols = {"20.1": ["本年新制作数量", st.hdr_newpub, "对外公开总数量"],
                "20.5": ["上一年项目数量", st.hdr_change, "处理决定数量"],
                "20.6": ["上一年项目数量", st.hdr_change, "处理决定数量"],
                "20.8": ["上一年项目数量", st.hdr_change]}
    else:
        cols = {"20.1": ["本年制发件数", "本年废止件数", "现行有效件数"],
                "20.5": ["本年处理决定数量"], "20.6": ["本年处理决定数量"],
                "20.8": ["本年收费金额（单位：万元）"]}
        if getattr(rep, "few2021", False):
            cols = {"20.1": ["本年制发", "本年废止", "现行有效"], "20.5": ["处理决定数量"],
                    "20.6": ["处理决定数量"], "20.8": ["收费金额"]}
    for item in ("20.1", "20.5", "20.6", "20.8"):
        rows = []
        for (it, cat), vals in rep.a20.items():
            if it != item:
                continue
            cells = [st.cell(v, keep_zero=False) for v in vals]
            rows.append((cat, labels[cat], cells))
        head = heads[item] if st.art_brackets else heads[item].replace("（", "(").replace("）", ")")
        items.append({"item": item, "head": head, "cols": ["信息内容"] + [br(c) for c in cols[item]],
                      "rows": rows})
    if t == "gov2019" and not getattr(rep, "no_proc_row", False):
        count, amount, unit_style, amount_hdr = rep.proc
        items.append({"item": "20.9", "head": heads["20.9"] if st.art_brackets else "第二十条第(九)项",
                      "cols": ["信息内容", "采购项目数量", br(amount_hdr)],
                      "rows": [("procurement", "政府集中采购", [count, amount])]})
    rep.items = items

    # Section 三.
    rows = []
    rows.append({"code": "new_received", "label": "一、本年新收政府信息公开申请数量", "top": None, "sub": None})
    rows.append({"code": "carried_over", "label": "二、上年结转政府信息公开申请数量", "top": None, "sub": None})
    top = "三、本年度办理结果"
    if st.spaced_group:
        top = "三、 " + " ".join("本年度办理结果")
    det = detail_rows(t)
    if getattr(rep, "few2021", False):
        short = {"other_no_correction": "逾期不补正", "other_unpaid_fee": "逾期不缴费", "other_misc": "其他"}
        det = [(c, sub, short.get(c, label), w) for c, sub, label, w in det]
    first_top = True
    seen_sub = {}
    sub_count = {}
    for code, sub, label, _ in det:
        if sub:
            sub_count[sub] = sub_count.get(sub, 0) + 1
    roman = {"granted": "一", "partially_granted": "二", "other": "六"}
    for code, sub, label, _ in det:
        r = {"code": code, "top": top if first_top else None, "in_top": True}
        first_top = False
        if sub is None:
            r["label"] = br(f"（{roman[code]}）{label}")
            r["sub"] = None
            r["in_sub"] = False
        else:
            k = seen_sub.get(sub, 0) + 1
            seen_sub[sub] = k
            r["sub"] = br(f"（{SUBGROUP_NUM[sub]}）{SUBGROUP_LABELS[sub]}") if k == 1 else None
            r["sub_span"] = sub_count[sub]
            r["in_sub"] = True
            r["label"] = numbered(st, k, label)
        rows.append(r)
    rows.append({"code": "total", "label": br(f"（七）{st.total_word}"), "top": None, "sub": None,
                 "in_top": True})
    rows.append({"code": "carried_forward", "label": "四、结转下年度继续办理", "top": None, "sub": None})
    n_top = len(det) + 1
    for r in rows:
        r.setdefault("in_top", False)
        r.setdefault("in_sub", False)
        vals = rep.apps[r["code"]]
        key_row = r["code"] in ("new_received", "carried_over", "total", "carried_forward")
        r["cells"] = [st.cell(v, keep_zero=(key_row and i == 6)) for i, v in enumerate(vals)]
    rep.top_span = n_top
    rep.app_rows = rows
    rep.review_cells = [st.cell(v) for v in rep.reviews]
    rep.sec3_note = br("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")


# ---------------------------------------------------------------------------
# Glued digits: which cells a reader can be sure of.
#
# A glued row prints its cells' digits with no separator (sometimes a stray
# space). A run of digits is cut into numbers with no leading zeros ("0"
# itself is a number); a reading of a row is a cut that gives exactly as
# many numbers as the row has columns and satisfies the row's identity. The
# gold keeps a row only when exactly one reading exists; section 三 rows with
# several readings are settled when exactly one combination of their
# readings satisfies the column identities of the table.

# ogi gives up on a row after 200,000 candidate cuts; the generator keeps
# every glued row well below that (adding a stray space at a true border,
# as real dumps have) so that "exactly one reading" is decidable by both.
MAX_CANDIDATES = 60000


class TooMany(Exception):
    pass


def cut_counts(d):
    """ways[k]: how many ways digit string `d` cuts into k numbers without
    leading zeros."""
    L = len(d)
    # f[pos][k]: ways to cut d[pos:] into k numbers.
    f = [dict() for _ in range(L + 1)]
    f[L][0] = 1
    for pos in range(L - 1, -1, -1):
        row = {}
        ends = [pos + 1] if d[pos] == "0" else range(pos + 1, L + 1)
        for e in ends:
            for k, w in f[e].items():
                row[k + 1] = row.get(k + 1, 0) + w
        f[pos] = row
    return f[0]


def candidate_count(chunks, n):
    """How many cuts of `chunks` give exactly n numbers (what ogi enumerates)."""
    total = {0: 1}
    for c in chunks:
        ways = cut_counts(c) if (c.isdigit() and len(c) > 1) else {1: 1}
        nxt = {}
        for a, wa in total.items():
            for k, wk in ways.items():
                if a + k <= n:
                    nxt[a + k] = nxt.get(a + k, 0) + wa * wk
        total = nxt
    return total.get(n, 0)


def forced_cut(chunks, n):
    """The one cut of `chunks` into n cells when no other exists, whichever
    cells were left blank: every run of digits is zeros but its last digit
    (000, 05), so each digit is a cell of its own, and they fill n columns.
    Such a row is read as printed; its identity is checked afterwards, as
    for a row printed apart. None otherwise."""
    pieces = []
    for c in chunks:
        if c.isdigit():
            if c[:-1].strip("0"):
                return None
            pieces.extend(c)
        else:
            pieces.append(c)
    return tuple(pieces) if len(pieces) == n else None


def readings(chunks, n, rule):
    """Readings of a row printed as `chunks` (the whitespace-separated
    pieces of its value text) for `n` columns: every cut into exactly n
    numbers (no leading zeros; a chunk that is not all digits, such as a
    decimal or an amount with its unit, is one cell) that satisfies `rule`:
    'any', 'sum' (the last is the sum of the others) or 'five' (each group of
    five ends in the sum of its four). A row printing exactly n chunks is
    read as printed. Raises TooMany when the cuts are too many to decide."""
    if len(chunks) == n:
        return [tuple(chunks)]
    pieces = forced_cut(chunks, n)
    if pieces is not None:
        return [pieces]
    splittable = [c.isdigit() and len(c) > 1 for c in chunks]
    if len(chunks) > n or not any(splittable):
        return []
    if candidate_count(chunks, n) > MAX_CANDIDATES:
        raise TooMany()
    out, cur = [], []
    nch = len(chunks)

    def forced():
        k = len(cur)
        try:
            if rule == "sum" and k == n - 1:
                return str(sum(int(x) for x in cur))
            if rule == "five" and k % 5 == 4:
                return str(sum(int(x) for x in cur[k - 4:k]))
        except ValueError:
            return "x"
        return None

    def dfs(ci, pos):
        if ci == nch:
            if len(cur) == n:
                out.append(tuple(cur))
            return
        if len(cur) >= n:
            return
        c = chunks[ci]
        want = forced()
        if not splittable[ci]:
            if want is not None and c != want:
                return
            cur.append(c)
            dfs(ci + 1, 0)
            cur.pop()
            return
        # Pieces still needed by the chunks after this one: at least one each.
        after = nch - ci - 1
        if len(cur) + 1 + after > n:
            return
        if want is not None:
            lengths = [len(want)] if c.startswith(want, pos) else []
        elif c[pos] == "0":
            lengths = [1]
        else:
            lengths = range(1, len(c) - pos + 1)
        for ln in lengths:
            cur.append(c[pos:pos + ln])
            if pos + ln == len(c):
                dfs(ci + 1, 0)
            else:
                dfs(ci, pos + ln)
            cur.pop()

    dfs(0, 0)
    return out


DETAIL_CODES_SKIP = ("new_received", "carried_over", "total", "carried_forward")


def columns_hold(rows):
    """rows: {code: tuple of 7 number strings}."""
    def val(code, col):
        return int(rows[code][col])
    for col in range(7):
        if all(k in rows for k in ("new_received", "carried_over", "total", "carried_forward")):
            if val("new_received", col) + val("carried_over", col) != val("total", col) + val("carried_forward", col):
                return False
        if "total" in rows:
            d = sum(int(v[col]) for k, v in rows.items() if k not in DETAIL_CODES_SKIP)
            if d != val("total", col):
                return False
    return True


def settle_columns(found):
    """found: {code: [readings]}; resolve rows with several readings by the
    column identities when exactly one combination holds (in place)."""
    amb = [k for k, r in found.items() if len(r) > 1]
    if not amb:
        return
    combos = 1
    for k in amb:
        combos *= len(found[k])
    if combos > 100000:
        return
    fixed = {k: r[0] for k, r in found.items() if len(r) == 1}
    fitting = []
    for choice in itertools.product(*[range(len(found[k])) for k in amb]):
        rows = dict(fixed)
        for k, i in zip(amb, choice):
            rows[k] = found[k][i]
        if columns_hold(rows):
            fitting.append(choice)
            if len(fitting) > 1:
                return
    if len(fitting) == 1:
        for k, i in zip(amb, fitting[0]):
            found[k] = [found[k][i]]


# ---------------------------------------------------------------------------
# Metadata, chrome and prose of one report.


def pick_name(rng, organ):
    """(name as printed, region the name gives)."""
    if organ.kind == "township":
        return wchoice(rng, list(zip(organ.names, [0.5, 0.22, 0.18, 0.10])))
    if organ.kind == "county_gov":
        return wchoice(rng, list(zip(organ.names, [0.85, 0.15])))
    return organ.names[0]


def make_title(rng, name, year):
    """(title or None, printed title lines)."""
    forms = [
        (f"{name}{year}年政府信息公开工作年度报告", 0.34),
        (f"{year}年{name}政府信息公开工作年度报告", 0.16),
        (f"{name}{year}年度政府信息公开工作年度报告", 0.16),
        (f"{name}{year}年政府信息公开工作报告", 0.10),
        (f"{name}政府信息公开工作年度报告", 0.08),
        (f"{name} {year} 年政府信息公开工作年度报告", 0.08),
        (f"{name}{year}年度政府信息公开年度工作报告", 0.08),
    ]
    title = wchoice(rng, forms)
    lines = [title]
    if rng.random() < P_TITLE_SPLIT:
        if title.startswith(name) and rng.random() < 0.6:
            lines = [name, title[len(name):].strip()]
        elif title.endswith("年度报告"):
            lines = [title[:-4], "年度报告"]
    return title, lines


def pub_date(rng, year):
    m = wchoice(rng, [(1, 0.55), (2, 0.3), (3, 0.15)])
    d = rng.randint(1, 28)
    return (year + 1, m, d)


def fmt_date(rng, d, style=None):
    y, m, dd = d
    style = style or wchoice(rng, [("iso", 0.5), ("isotime", 0.3), ("cn", 0.15), ("slash", 0.05)])
    if style == "iso":
        return f"{y}-{m:02d}-{dd:02d}"
    if style == "isotime":
        return f"{y}-{m:02d}-{dd:02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    if style == "cn":
        return f"{y}年{m:02d}月{dd:02d}日"
    return f"{y}/{m:02d}/{dd:02d}"


def index_number(rng, pub):
    if rng.random() < 0.5:
        code = "".join(rng.choice("0123456789") for _ in range(9))
    else:
        code = "11" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(
            rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
    return f"{code}/{pub[0]}-{rng.randint(1, 99999):05d}"


class Meta:
    pass


def make_meta(rng, site, organ, year, template, chrome, name=None):
    m = Meta()
    m.year = year
    m.template = template
    m.name, m.region = name or pick_name(rng, organ)
    m.organ = organ
    if rng.random() < P_NO_TITLE and chrome not in ("dump", "md"):
        m.title, m.title_lines = None, []
    else:
        m.title, m.title_lines = make_title(rng, m.name, year)
    m.pub = pub_date(rng, year)
    m.publisher = rng.choice([f"{organ.county or organ.city}人民政府办公室", m.name,
                              f"{organ.county or organ.city}政务公开办"])
    m.chrome = chrome
    m.publish_date = None
    m.index_number = None
    m.docid = site.next_id() + 10000 * (site.b % 900) + 100
    return m


def chrome_top(rng, site, m):
    """Lines of page chrome above the report, and the metadata they print."""
    y, mo, d = m.pub
    L = []
    if m.chrome == "dump":
        title = m.title
        L += [f"标题: {title}", f"发布时间: {fmt_date(rng, m.pub, 'isotime')}", "文号: ",
              f"发布机构: {m.publisher if rng.random() < 0.5 else ''}", "栏目: 政府信息公开年报",
              f"原文链接: https://{site.domain}/zwgk/zfxxgk/zfxxgknb/{y}{mo:02d}/t{y}{mo:02d}{d:02d}_{m.docid}.htm",
              f"本地目录: zwgk/zfxxgk/zfxxgknb/{y}{mo:02d}/{m.docid}_{title}",
              "页面链接与图片详见 links.tsv(同目录)", "==================== 正文 ===================="]
        m.publish_date = f"{y}-{mo:02d}-{d:02d}"
    elif m.chrome == "web":
        L += ["当前位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
              f">>{m.organ.names[0][0]} >>年报 >>政府信息公开年报"]
        if rng.random() < 0.8:
            m.index_number = index_number(rng, m.pub)
            sep = rng.choice(["索引号：", "索引号: ", "索 引 号："])
            L.append(f"{sep}{m.index_number}  公开方式：主动公开")
        L.append(f"文号：  {rng.choice(['公开日期', '发布日期'])}：{fmt_date(rng, m.pub)}")
        L.append(f"发布单位：{m.publisher}")
        L.append("")
        m.publish_date = f"{y}-{mo:02d}-{d:02d}"
    elif m.chrome == "web2":
        L += [f"{site.county or site.city}人民政府 > 信息公开 > 政府信息公开年报", ""]
        L += m.title_lines
        L.append(f"来源：{m.publisher}  发布时间：{fmt_date(rng, m.pub, rng.choice(['iso', 'isotime']))}  浏览次数：{rng.randint(10, 3000)}")
        L.append("【字体：大 中 小】【打印】【关闭】")
        m.publish_date = f"{y}-{mo:02d}-{d:02d}"
    return L


def chrome_bottom(rng, m):
    if m.chrome in ("web", "web2"):
        return ["", "分享到：微信 微博 QQ空间", "【打印本页】 【关闭本页】"]
    return []


def intro_sentences(rng, site, m, mention_county):
    o, y = m.name, m.year
    county = m.organ.county or m.organ.city
    s = []
    s.append(rng.choice([
        f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级有关要求，{o}编制了{y}年度政府信息公开工作年度报告。",
        f"本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》编制。",
        f"根据《中华人民共和国政府信息公开条例》规定，现将{y}年度政府信息公开工作情况报告如下。",
    ]))
    if rng.random() < 0.7:
        s.append("本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。")
    if m.period:
        s.append(rng.choice([
            f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
            f"本报告中所列数据统计期限为{y}年1月1日至{y}年12月31日。",
            f"报告所列统计期限自 {y} 年 1 月 1 日至 {y} 年 12 月 31 日。",
        ]))
    if mention_county:
        if rng.random() < 0.5:
            s.append(f"本报告电子版可在“{county}人民政府门户网站”（http://{site.domain}）政府信息公开专栏查阅和下载。")
        else:
            office = (county + m.organ.names[0][0] + "党政办公室") if m.organ.kind == "township" else (m.organ.full + "办公室")
            s.append(f"如对本报告有任何疑问，请与{office}联系（电话：0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}）。")
    elif rng.random() < 0.5:
        s.append(f"如对本报告有任何疑问，请与本机关办公室联系（电话：0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}）。")
    return s


def body_sections(rng, m):
    """[(heading, [paragraphs])] of 一、总体情况 and of 五、六."""
    o, y = m.name, m.year
    parts = [("（一）主动公开", FILLER_ACTIVE), ("（二）依申请公开", FILLER_APPLY),
             ("（三）政府信息管理", FILLER_MANAGE), ("（四）政府信息公开平台建设", FILLER_PLATFORM),
             ("（五）监督保障", FILLER_SUPERVISE)]
    general = [fill(rng, rng.choice(FILLER_GENERAL), o, y)]
    subs = []
    for head, pool in parts:
        k = rng.randint(1, 2)
        subs.append((head, [fill(rng, x, o, y) for x in rng.sample(pool, k)]))
    problems = [fill(rng, x, o, y) for x in rng.sample(FILLER_PROBLEMS, rng.randint(1, 2))]
    other = [fill(rng, rng.choice(FILLER_OTHER), o, y)]
    return general, subs, problems, other


def signature(rng, m):
    y = m.year + 1
    if rng.random() < 0.5:
        return []
    return ["", m.organ.full, f"{y}年{m.pub[1]}月{max(1, m.pub[2] - rng.randint(0, 5))}日"]


# ---------------------------------------------------------------------------
# Text layouts of the tables. Each returns (section 二 lines, section 三
# lines, section 四 lines).

SEC3_HEAD = ["申请人情况", "自然人", "法人或其他组织", "总计",
             "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
SEC4_OUT = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def spaced(rng, s, p=0.3):
    """A header word with a space inside, as table exports print it (商业 企业)."""
    if len(s) >= 4 and rng.random() < p:
        k = rng.randint(1, len(s) - 1)
        return s[:k] + " " + s[k:]
    return s


def label_fields(r):
    """Label cells of a section-三 row as a table export prints them: the
    merged group cells are blank on the group's later rows."""
    f = []
    if r["in_top"]:
        f.append(r["top"] or "")
    if r["in_sub"]:
        f.append(r["sub"] or "")
    f.append(r["label"])
    return f


def collapse(rng, cells, p):
    """Drop leading blank ('' raw) value fields, as exports that collapse
    merged cells do; the row is then read right-aligned."""
    k = 0
    while k < len(cells) - 1 and cells[k].raw == "":
        k += 1
    if k and rng.random() < p:
        return cells[k:]
    return cells


def lay_tabrows(rep, st, rng):
    def row(fields):
        return "\t".join(fields) + "\t"
    s2 = []
    for it in rep.items:
        W = 4
        s2.append(row([it["head"]] + [""] * (W - 1)))
        s2.append(row([spaced(rng, c, 0.1) for c in it["cols"]] + [""] * (W - len(it["cols"]))))
        for cat, label, cells in it["rows"]:
            pad = [""] * (W - 1 - len(cells))
            if not pad:
                cells = collapse(rng, cells, 0.4)
            s2.append(row([label] + [c.raw for c in cells] + pad))
        if rng.random() < 0.3:
            s2.append("")
    s3 = [row([rep.sec3_note, "申请人情况", "", ""]),
          row(["", "自然人", "法人或其他组织", "总计"]), ""]
    s3.append(row(["", ""] + [spaced(rng, h, 0.6) for h in SEC3_HEAD[4:]] + [""]))
    for r in rep.app_rows:
        lf = label_fields(r)
        if rng.random() < 0.3:
            while len(lf) > 1 and lf[0] == "":
                lf = lf[1:]
        cells = collapse(rng, r["cells"], 0.4)
        s3.append(row(lf + [c.raw for c in cells]))
        if rng.random() < 0.08:
            s3.append("")
    s4 = [row(["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9),
          row(SEC4_OUT + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
          row([""] * 5 + SEC4_OUT + SEC4_OUT),
          row([c.raw for c in rep.review_cells])]
    return s2, s3, s4


def lay_tabcells(rep, st, rng):
    def block(fields, placeholders=0):
        out = ["\t"] * placeholders
        for f in fields:
            out.append("\t" + f)
        out.append("")
        return out

    def broken(label):
        if len(label) >= 6 and rng.random() < 0.4:
            k = rng.randint(2, len(label) - 2)
            return label[:k] + "\n" + label[k:]
        return label
    s2 = []
    for it in rep.items:
        s2 += block([it["head"]])
        s2 += block([broken(c) for c in it["cols"]])
        for cat, label, cells in it["rows"]:
            s2 += block([label] + [c.raw for c in cells])
    s3 = block([rep.sec3_note, "申请人情况"])
    s3 += block(["自然人", "法人或其他组织", "总计"], 1)
    s3 += block(SEC3_HEAD[4:] + [""], 2)
    for r in rep.app_rows:
        lf = [x for x in label_fields(r) if x]
        ph = rng.randint(0, 2) if (r["in_top"] or r["in_sub"]) else 0
        s3 += block(lf + [c.raw for c in r["cells"]], ph)
    s4 = block(["行政复议", "行政诉讼"])
    s4 += block(SEC4_OUT + ["未经复议直接起诉", "复议后起诉"])
    s4 += block(SEC4_OUT + SEC4_OUT, 5)
    s4 += block([c.raw for c in rep.review_cells])
    return s2, s3, s4


def lay_cellperline(rep, st, rng):
    out2, out3, out4 = [], [], []

    def put(out, text):
        out.append(text)
        out.append("")

    def label(out, text):
        if len(text) >= 10 and rng.random() < 0.25:
            k = rng.randint(4, len(text) - 3)
            put(out, text[:k])
            put(out, text[k:])
        else:
            put(out, text)
    for it in rep.items:
        put(out2, it["head"])
        for c in it["cols"]:
            put(out2, c)
        for cat, lab, cells in it["rows"]:
            put(out2, lab)
            for c in cells:
                if c.raw or st.blank != "drop" or st.drop_trace:
                    put(out2, c.raw)
    if rng.random() < 0.3:
        put(out2, f"填报人：{rng.choice('陈李王张刘杨赵黄周吴')}{rng.choice('明华军平芳丽强磊静洁')}")
        put(out2, f"联系方式：{rng.randint(80000000, 89999999)}")
    put(out3, rep.sec3_note)
    for h in SEC3_HEAD:
        put(out3, h)
    for r in rep.app_rows:
        for x in label_fields(r):
            if x:
                label(out3, x)
        for c in r["cells"]:
            if c.raw or st.blank != "drop" or st.drop_trace:
                put(out3, c.raw)
    for h in ["行政复议", "行政诉讼"] + SEC4_OUT + ["未经复议直接起诉", "复议后起诉"] + SEC4_OUT + SEC4_OUT:
        put(out4, h)
    for c in rep.review_cells:
        if c.raw or st.blank != "drop" or st.drop_trace:
            put(out4, c.raw)
    return out2, out3, out4


def pipe_row(fields, W, pad=True):
    s = " | ".join(fields)
    if pad and W > len(fields):
        return s + " | " + "|" * (W - len(fields))
    return s + " |"


def lay_pipes(rep, st, rng):
    s2 = []
    for it in rep.items:
        s2.append(pipe_row([it["head"]], 4))
        s2.append(pipe_row(it["cols"], 4))
        for cat, label, cells in it["rows"]:
            s2.append(pipe_row([label] + [c.raw for c in cells], 4))
    W = 10
    s3 = [pipe_row([rep.sec3_note, "申请人情况"], W), pipe_row(["自然人", "法人或其他组织", "总计"], W),
          pipe_row(SEC3_HEAD[4:], W)]
    for r in rep.app_rows:
        lf = [x for x in label_fields(r) if x]
        s3.append(pipe_row(lf + [c.raw for c in r["cells"]], W))
    s4 = [pipe_row(["行政复议", "行政诉讼"], 15),
          pipe_row(SEC4_OUT + ["未经复议直接起诉", "复议后起诉"], 15),
          pipe_row(SEC4_OUT + SEC4_OUT, 15),
          pipe_row([c.raw for c in rep.review_cells], 15)]
    return s2, s3, s4


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    return out


def lay_markdown(rep, st, rng):
    s2 = []
    for it in rep.items:
        s2 += ["", "### " + it["head"]]
        s2 += md_table(it["cols"], [[label] + [c.raw for c in cells] for cat, label, cells in it["rows"]])
    s3 = ["", rep.sec3_note, ""]
    exploded = rng.random() < 0.5
    if not exploded:
        head = ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        rows = []
        for r in rep.app_rows:
            lab = " ".join(x for x in label_fields(r) if x)
            rows.append([lab] + [c.raw for c in r["cells"]])
        s3 += md_table(head, rows)
    else:
        head = ["类别"] + [f"数据{i}" for i in range(1, 7)] + ["总计"]
        rows = []
        for r in rep.app_rows:
            if r["top"]:
                if rows:
                    s3 += md_table(head, rows)
                    rows = []
                s3 += ["", "### " + r["top"]]
            if not r["in_sub"] or r["sub"]:
                if rows:
                    s3 += md_table(head, rows)
                    rows = []
                s3 += ["", "### " + (r["sub"] or r["label"])]
            lab = r["label"]
            if not r["in_sub"] and "、" in lab[:3]:
                lab = lab.split("、", 1)[1]
            rows.append([lab] + [c.raw for c in r["cells"]])
        s3 += md_table(head, rows)
    s4 = [""]
    cells = [c.raw for c in rep.review_cells]
    if rng.random() < 0.5:
        for g, name in enumerate(["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]):
            s4 += ["### " + name] + md_table(SEC4_OUT, [cells[g * 5:g * 5 + 5]]) + [""]
    else:
        s4 += ["| 行政复议 | | | | | 行政诉讼（未经复议直接起诉） | | | | | 行政诉讼（复议后起诉） | | | | |",
               "|" + "---|" * 15]
        s4.append("| " + " | ".join(SEC4_OUT * 3) + " |")
        s4.append("| " + " | ".join(cells) + " |")
    return s2, s3, s4


def wrap_han(rng, text, width):
    """Cut a label or paragraph into lines of about `width` characters,
    never inside a run of ASCII digits."""
    out, cur = [], ""
    for i, ch in enumerate(text):
        cur += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if len(cur) >= width and not (ch.isascii() and ch.isalnum()) and not (nxt.isascii() and nxt.isalnum()) and nxt:
            out.append(cur)
            cur = ""
            width = max(6, width + rng.randint(-2, 2))
    if cur:
        out.append(cur)
    return out


def lay_spaces(rep, st, rng):
    s2 = []
    for it in rep.items:
        s2.append(it["head"].replace("第二十条第", "第二十条 第"))
        s2.append(" ".join(it["cols"]))
        for cat, label, cells in it["rows"]:
            s2.append(" ".join([label] + [c.raw.strip() for c in cells if c.raw.strip() or st.blank != "drop"]))
    note = rep.sec3_note
    k = len(note) // 2 + rng.randint(-3, 3)
    s3 = [note[:k], note[k:], "申请人情况", "自然人", "法人或其他组织"]
    s3[-1] = s3[-1]
    first = True
    for h in SEC3_HEAD[4:]:
        h = " ".join(h) if rng.random() < 0.5 else h
        parts = wrap_han(rng, h, rng.randint(3, 6))
        if first:
            parts[0] = "总计" + parts[0]
            first = False
        s3 += parts
    for r in rep.app_rows:
        vals = " ".join(c.raw.strip() for c in r["cells"] if c.raw.strip() or st.blank != "drop")
        if r["top"]:
            top = r["top"].replace(" ", "")
            s3 += [top[:2]] + list(top[2:]) if rng.random() < 0.7 else [top]
        lab = r["label"]
        if r["sub"]:
            sub = r["sub"]
            if rng.random() < 0.5:
                s3 += [sub[:4], sub[4:]]
            else:
                lab = sub + " " + lab
        width = rng.randint(14, 22)
        pieces = wrap_han(rng, lab, width)
        if len(pieces) >= 3 and rng.random() < 0.5:
            s3 += pieces + [vals]
        else:
            s3 += pieces[:-1] + [pieces[-1] + " " + vals]
    s4 = ["行政复议 行政诉讼"]
    for h in SEC4_OUT:
        s4 += [x for x in wrap_han(rng, " ".join(h), 3)]
    s4.append("未经复议直接起诉 复议后起诉")
    for h in SEC4_OUT + SEC4_OUT:
        s4 += [x for x in wrap_han(rng, " ".join(h), 3)]
    s4.append(" ".join(c.raw.strip() for c in rep.review_cells if c.raw.strip() or st.blank != "drop"))
    return s2, s3, s4


def stray_spaces(rng, n, p_space):
    """Cell borders (1..n-1) of a glued row that hold a stray space."""
    return set(i for i in range(1, n) if rng.random() < p_space)


def glued_text(raws, spaces):
    out = []
    for i, r in enumerate(raws):
        if i in spaces:
            out.append(" ")
        out.append(r)
    return "".join(out)


def glued_chunks(graws, spaces):
    return glued_text(graws, spaces).split()


def glued_row(rng, cells, n, rule, p_space):
    """Print a glued row of `cells` for `n` columns; return (printed text,
    its readings under `rule`), adding stray spaces at true borders until
    the reading is decidable."""
    graws = [c.graw for c in cells]
    raws = [c.raw for c in cells]
    row_p = p_space if rng.random() < 0.25 else 0.0
    spaces = stray_spaces(rng, len(graws), row_p)
    while True:
        try:
            r = readings(glued_chunks(graws, spaces), n, rule)
            break
        except TooMany:
            free = [i for i in range(1, len(graws)) if i not in spaces]
            # Cut the longest run at a true border.
            best, run, start = None, 0, 0
            for i in range(1, len(graws) + 1):
                if i == len(graws) or i in spaces:
                    ln = sum(len(g) for g in graws[start:i])
                    if ln > run and i - start > 1:
                        best, run = (start, i), ln
                    start = i
            if best is None or not free:
                r = []
                break
            a, b = best
            spaces.add(rng.randint(a + 1, b - 1))
    return glued_text(raws, spaces), r


def lay_glued(rep, st, rng):
    """The tables glued, as crawler dumps print them; and which cells the
    gold may keep."""
    keep = {"a20": {}, "apps": {}, "reviews": None, "proc": None, "omitted": []}
    any_ = "any"
    s2 = []
    for it in rep.items:
        s2.append(it["head"] + "".join(it["cols"]))
        for cat, label, cells in it["rows"]:
            txt, r = glued_row(rng, cells, len(cells), any_, 0.3)
            lead = " " if rng.random() < 0.1 else ""
            s2.append(label + lead + txt)
            # No identity checks a 第二十条 row: its glued digits are read
            # only where stray spaces leave every cell apart (no cut to
            # make), or where only one cut exists at all (000).
            chunks = unicodedata.normalize("NFKC", txt).split()
            if len(r) == 1 and (len(chunks) == len(cells) or forced_cut(chunks, len(cells))):
                keep["a20"][(it["item"], cat)] = r[0]
            else:
                keep["omitted"].append(f"20 {cat} '{glued_text([c.graw for c in cells], set())}' (glued, no identity)")
    s3 = [rep.sec3_note, "".join(SEC3_HEAD)]
    found = {}
    for r in rep.app_rows:
        lab = "".join(x for x in label_fields(r) if x)
        txt, rd = glued_row(rng, r["cells"], 7, "sum", 0.4)
        lead = " " if rng.random() < 0.08 else ""
        s3.append(lab + lead + txt)
        if rd:
            found[r["code"]] = rd
    settle_columns(found)
    for r in rep.app_rows:
        rd = found.get(r["code"], [])
        if len(rd) == 1:
            keep["apps"][r["code"]] = rd[0]
        else:
            keep["omitted"].append(f"三 {r['code']} '{glued_text([c.graw for c in r['cells']], set())}' ({len(rd)} readings)")
    s4 = ["行政复议行政诉讼", "".join(SEC4_OUT),
          "未经复议直接起诉复议后起诉", "".join(SEC4_OUT) * 2]
    txt, rd = glued_row(rng, rep.review_cells, 15, "five", 0.3)
    s4.append(txt)
    if len(rd) == 1:
        keep["reviews"] = rd[0]
    else:
        keep["omitted"].append(f"四 '{glued_text([c.graw for c in rep.review_cells], set())}' ({len(rd)} readings)")
    return s2, s3, s4, keep


# ---------------------------------------------------------------------------
# HTML (Word export) and DOCX.

TD_STYLE = ("width:{w}pt;padding:0pt 5.4pt 0pt 5.4pt;border:solid windowtext 1.0pt;"
            "mso-border-alt:solid windowtext .5pt")
SPAN_STYLE = "font-size:10.5pt;font-family:仿宋_GB2312;mso-bidi-font-family:宋体"


def html_text(rng, text, st):
    """A cell's text in Word-export spans; digits sometimes split over spans."""
    t = xml_escape(text).replace("\u00a0", "&nbsp;")
    if st.pad and rng.random() < 0.2:
        t = "&nbsp;" + t
    if len(text) > 1 and text.isdigit() and rng.random() < 0.15:
        k = rng.randint(1, len(text) - 1)
        return (f'<span style="{SPAN_STYLE}">{xml_escape(text[:k])}</span>'
                f'<span style="{SPAN_STYLE}">{xml_escape(text[k:])}</span>')
    return f'<span style="{SPAN_STYLE}">{t}</span>'


def html_td(rng, text, st, colspan=1, rowspan=1, br=False):
    attrs = ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    w = rng.choice([42.5, 56.7, 63.8, 85.05, 106.3])
    if text == "":
        inner = rng.choice(["&nbsp;", '<p class="MsoNormal" align="center"><span>&nbsp;</span></p>',
                            '<p class="MsoNormal" align="center"><span style="font-size:10.5pt">&nbsp;</span></p>'])
    else:
        if br and len(text) >= 6 and rng.random() < 0.3:
            k = rng.randint(2, len(text) - 2)
            body = html_text(rng, text[:k], st) + "<br />" + html_text(rng, text[k:], st)
        else:
            body = html_text(rng, text, st)
        if rng.random() < 0.15:
            inner = body
        else:
            inner = f'<p class="MsoNormal" align="center" style="text-align:center">{body}</p>'
    return f'<td width="{int(w * 1.33)}" valign="center"{attrs} style="{TD_STYLE.format(w=w)}">{inner}</td>'


def html_tables(rep, st, rng):
    """(section 二 html, section 三 html, section 四 html)."""
    td = lambda text, **k: html_td(rng, text, st, **k)
    tbl = ('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt">')
    h2 = [tbl, "<tbody>"]
    for it in rep.items:
        h2.append(f"<tr>{td(it['head'], colspan=4)}</tr>")
        cols = it["cols"]
        if len(cols) == 4:
            h2.append("<tr>" + "".join(td(c, br=True) for c in cols) + "</tr>")
        elif len(cols) == 3:
            h2.append("<tr>" + td(cols[0]) + td(cols[1]) + td(cols[2], colspan=2) + "</tr>")
        else:
            h2.append("<tr>" + td(cols[0]) + td(cols[1], colspan=3) + "</tr>")
        for cat, label, cells in it["rows"]:
            raws = [c.raw for c in cells]
            if len(raws) == 3:
                h2.append("<tr>" + td(label) + "".join(td(x) for x in raws) + "</tr>")
            elif len(raws) == 2:
                h2.append("<tr>" + td(label) + td(raws[0]) + td(raws[1], colspan=2) + "</tr>")
            else:
                h2.append("<tr>" + td(label) + td(raws[0], colspan=3) + "</tr>")
    h2.append("</tbody></table>")
    h3 = [tbl, "<tbody>",
          "<tr>" + td(rep.sec3_note, colspan=3, rowspan=3) + td("申请人情况", colspan=7) + "</tr>",
          "<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>",
          "<tr>" + "".join(td(h) for h in SEC3_HEAD[4:]) + "</tr>"]
    for r in rep.app_rows:
        cells = "".join(td(c.raw) for c in r["cells"])
        lab = ""
        if r["top"]:
            lab += td(r["top"], rowspan=rep.top_span)
        if r["in_sub"]:
            if r["sub"]:
                lab += td(r["sub"], rowspan=r["sub_span"])
            lab += td(r["label"], br=True)
        elif r["in_top"]:
            lab += td(r["label"], colspan=2)
        else:
            lab += td(r["label"], colspan=3)
        h3.append(f"<tr>{lab}{cells}</tr>")
    h3.append("</tbody></table>")
    h4 = [tbl, "<tbody>",
          "<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>",
          "<tr>" + "".join(td(h, rowspan=2) for h in SEC4_OUT) + td("未经复议直接起诉", colspan=5)
          + td("复议后起诉", colspan=5) + "</tr>",
          "<tr>" + "".join(td(h, br=True) for h in SEC4_OUT * 2) + "</tr>",
          "<tr>" + "".join(td(c.raw) for c in rep.review_cells) + "</tr>",
          "</tbody></table>"]
    return "\n".join(h2), "\n".join(h3), "\n".join(h4)


def w_p(text, bold=False, center=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if text == "":
        return f"<w:p>{ppr}</w:p>"
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'


def w_tc(text, span=1, vmerge=None):
    tcpr = ""
    if span > 1 or vmerge:
        tcpr = "<w:tcPr>"
        if span > 1:
            tcpr += f'<w:gridSpan w:val="{span}"/>'
        if vmerge == "restart":
            tcpr += '<w:vMerge w:val="restart"/>'
        elif vmerge == "cont":
            tcpr += "<w:vMerge/>"
        tcpr += "</w:tcPr>"
    if vmerge == "cont":
        return f"<w:tc>{tcpr}<w:p/></w:tc>"
    return f"<w:tc>{tcpr}{w_p(text, center=True)}</w:tc>"


W_BORDERS = ("<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")


def w_grid(widths, borders=False):
    """A table's properties and grid, as Word writes them: the width of
    every grid column in twips (a converter lays the cells out on it), and
    the ruling lines of a bordered table."""
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rules = W_BORDERS if borders else ""
    return (f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{rules}</w:tblPr>'
            f"<w:tblGrid>{cols}</w:tblGrid>")


def w_valign(table, valign):
    """Every cell of `table` aligned vertically as `valign` says (Word's
    default, the top, writes nothing)."""
    if valign == "top":
        return table
    v = f'<w:vAlign w:val="{valign}"/>'
    table = table.replace("<w:tc><w:tcPr>", "<w:tc><w:tcPr>" + v)
    return re.sub(r"<w:tc>(?!<w:tcPr>)", "<w:tc><w:tcPr>" + v + "</w:tcPr>", table)


def docx_grids(rep):
    """Grid columns for the three tables, varied from report to report
    without drawing from the generator's stream (the corpus of a seed
    stays what it was): a few label columns wider than the value ones."""
    g = random.Random(zlib.crc32("".join(c.raw for c in rep.review_cells).encode() + rep.sec3_note.encode()))
    total = g.choice([8300, 8800, 9000])
    first = g.randrange(2200, 3400, 100)
    t2 = [first] + [(total - first) // 3] * 3
    labels = [g.randrange(700, 1100, 50), g.randrange(800, 1300, 50), g.randrange(1500, 2600, 100)]
    t3 = labels + [(total - sum(labels)) // 7] * 7
    t4 = [total // 15] * 15
    return t2, t3, t4


def docx_look(rep):
    """How a report's tables look once laid out, drawn like `docx_grids`:
    most with ruling lines, as offices' Word and WPS files are; the cells
    aligned to their top, middle (common in WPS) or bottom."""
    printed = "".join(c.raw for r in rep.app_rows for c in r["cells"]) + "".join(c.raw for c in rep.review_cells)
    g = random.Random(zlib.crc32(b"look" + printed.encode()))
    borders = g.random() < 0.75
    valign = g.choices(["top", "center", "bottom"], [0.5, 0.35, 0.15])[0]
    return borders, valign


def docx_tables(rep, st, rng):
    def tr(cells):
        return "<w:tr>" + "".join(cells) + "</w:tr>"
    g2, g3, g4 = docx_grids(rep)
    borders, valign = docx_look(rep)
    t2 = ["<w:tbl>" + w_grid(g2, borders)]
    for it in rep.items:
        t2.append(tr([w_tc(it["head"], 4)]))
        cols = it["cols"]
        spans = {4: [1, 1, 1, 1], 3: [1, 1, 2], 2: [1, 3]}[len(cols)]
        t2.append(tr([w_tc(c, s) for c, s in zip(cols, spans)]))
        for cat, label, cells in it["rows"]:
            raws = [label] + [c.raw for c in cells]
            t2.append(tr([w_tc(c, s) for c, s in zip(raws, {4: [1, 1, 1, 1], 3: [1, 1, 2], 2: [1, 3]}[len(raws)])]))
    t2.append("</w:tbl>")
    t3 = ["<w:tbl>" + w_grid(g3, borders),
          tr([w_tc(rep.sec3_note, 3, "restart"), w_tc("申请人情况", 7)]),
          tr([w_tc("", 3, "cont"), w_tc("自然人", 1, "restart"), w_tc("法人或其他组织", 5), w_tc("总计", 1, "restart")]),
          tr([w_tc("", 3, "cont"), w_tc("", 1, "cont")] + [w_tc(h) for h in SEC3_HEAD[4:]] + [w_tc("", 1, "cont")])]
    for r in rep.app_rows:
        cells = []
        if r["in_top"]:
            cells.append(w_tc(r["top"], 1, "restart") if r["top"] else w_tc("", 1, "cont"))
            if r["in_sub"]:
                cells.append(w_tc(r["sub"], 1, "restart") if r["sub"] else w_tc("", 1, "cont"))
                cells.append(w_tc(r["label"]))
            else:
                cells.append(w_tc(r["label"], 2))
        else:
            cells.append(w_tc(r["label"], 3))
        cells += [w_tc(c.raw) for c in r["cells"]]
        t3.append(tr(cells))
    t3.append("</w:tbl>")
    t4 = ["<w:tbl>" + w_grid(g4, borders),
          tr([w_tc("行政复议", 5), w_tc("行政诉讼", 10)]),
          tr([w_tc(h, 1, "restart") for h in SEC4_OUT] + [w_tc("未经复议直接起诉", 5), w_tc("复议后起诉", 5)]),
          tr([w_tc("", 1, "cont") for _ in SEC4_OUT] + [w_tc(h) for h in SEC4_OUT * 2]),
          tr([w_tc(c.raw) for c in rep.review_cells]),
          "</w:tbl>"]
    return tuple(w_valign("".join(t), valign) for t in (t2, t3, t4))


# ---------------------------------------------------------------------------
# Whole documents.

SEC_HEADS = {
    "one": "一、总体情况",
    "two": "二、主动公开政府信息情况",
    "three": "三、收到和处理政府信息公开申请情况",
    "four": "四、政府信息公开行政复议、行政诉讼情况",
    "five": ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"],
    "six": "六、其他需要报告的事项",
}


def report_parts(rng, site, m):
    """The prose of a template report: (intro, general, subs, problems, other)."""
    mention = m.organ.kind != "township" or rng.random() < 0.7
    intro = intro_sentences(rng, site, m, mention)
    if m.organ.kind == "township" and mention and m.region is None:
        m.region = m.organ.county
    if m.title is None:
        intro.insert(0, f"根据《中华人民共和国政府信息公开条例》要求，现公布{m.name}{m.year}年度政府信息公开工作年度报告。")
    general, subs, problems, other = body_sections(rng, m)
    return intro, general, subs, problems, other


def proc_sentence(rep):
    if getattr(rep, "proc_text", None):
        return rep.proc_text
    count, amount, unit = rep.proc_truth
    return f"全年政府集中采购{count}项，采购总金额{dec_str(amount)}{'万元' if unit == 'wan' else '元'}。"


def assemble_txt(rng, site, m, rep, st, layout, tables):
    s2, s3, s4 = tables
    intro, general, subs, problems, other = report_parts(rng, site, m)
    five = rng.choice(SEC_HEADS["five"])
    top = chrome_top(rng, site, m)
    if layout == "glued":
        head = []
        if m.chrome == "dump" and rng.random() < 0.5:
            head.append(f"当前位置： 首页政务公开政府信息公开政府信息公开年报 {m.title} 来源：{m.publisher} "
                        f"时间：{fmt_date(rng, m.pub, 'isotime')} 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： -->")
        pieces = head + ([m.title + " "] if m.title else []) + intro + [SEC_HEADS["one"]] + general
        for h, paras in subs:
            pieces += [h] + paras
        if s2 is not None:
            pieces += [SEC_HEADS["two"] + " "]
            if rep.proc_prose:
                pieces.append(proc_sentence(rep))
            pieces += s2
        pieces += [SEC_HEADS["three"]] + s3
        if s4 is None:
            return top + ["".join(pieces)]
        pieces += [SEC_HEADS["four"]] + s4
        pieces += [" " + five] + problems + [SEC_HEADS["six"] + " "] + other
        return top + ["".join(pieces)]
    L = list(top)
    md = layout == "markdown"
    pdf = layout == "spaces"
    if m.chrome != "web2":
        if md and m.title:
            L += ["# " + m.title, ""]
        elif pdf and m.title:
            L += ["- 1 -"] + m.title_lines
        else:
            L += m.title_lines
        if md and m.title:
            L += [m.organ.full, f"({m.pub[0]}年{m.pub[1]}月{m.pub[2]}日)", ""]
            m.publish_date = f"{m.pub[0]}-{m.pub[1]:02d}-{m.pub[2]:02d}"
    gap = layout in ("cellperline", "tabrows") and rng.random() < 0.6

    def para(text):
        if pdf:
            L.extend(wrap_han(rng, text, rng.randint(26, 32)))
        else:
            L.append(text)
            if gap:
                L.append("")

    def heading(text, level=2):
        if md:
            L.extend(["", "#" * level + " " + text, ""])
        else:
            para(text)
    para("".join(intro))
    heading(SEC_HEADS["one"])
    para("".join(general))
    for h, paras in subs:
        if rng.random() < 0.5:
            para(h + "".join(paras))
        else:
            heading(h, 3)
            para("".join(paras))
    if s2 is not None:
        heading(SEC_HEADS["two"])
        if rep.proc_prose:
            para(proc_sentence(rep))
        L.extend(s2)
    heading(SEC_HEADS["three"])
    L.extend(s3)
    if s4 is None:
        return L
    heading(SEC_HEADS["four"])
    L.extend(s4)
    heading(five)
    for p in problems:
        para(p)
    heading(SEC_HEADS["six"])
    for p in other:
        para(p)
    L += signature(rng, m)
    L += chrome_bottom(rng, m)
    if pdf:
        out, page = [], 2
        for i, line in enumerate(L):
            out.append(line)
            if i > 3 and rng.random() < 1 / 28:
                out.append(f"- {page} -")
                page += 1
        L = out
    return L


def html_document(rng, site, m, rep, st, tables, charset):
    h2, h3, h4 = tables
    intro, general, subs, problems, other = report_parts(rng, site, m)
    y, mo, d = m.pub
    title = m.title or f"{m.name}{m.year}年度政府信息公开工作年度报告"
    use_meta = rng.random() < 0.6
    p = lambda t: f'<p class="MsoNormal" style="text-indent:32pt;line-height:28pt"><span style="{SPAN_STYLE}">{xml_escape(t)}</span></p>'
    hd = lambda t: f'<p class="MsoNormal" style="line-height:28pt"><b><span style="{SPAN_STYLE}">{xml_escape(t)}</span></b></p>'
    out = ["<!DOCTYPE html>", "<html>", "<head>",
           f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">']
    if use_meta:
        out += [f'<meta name="SiteName" content="{xml_escape((site.county or site.city) + "人民政府")}">',
                f'<meta name="ColumnName" content="政府信息公开年报">']
        if m.title:
            out.append(f'<meta name="ArticleTitle" content="{xml_escape(m.title)}">')
        out.append(f'<meta name="PubDate" content="{y}-{mo:02d}-{d:02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}">')
        out.append(f'<meta name="ContentSource" content="{xml_escape(m.publisher)}">')
        m.publish_date = f"{y}-{mo:02d}-{d:02d}"
    out += [f"<title>{xml_escape(title)}_政府信息公开年报_{xml_escape((site.county or site.city) + '人民政府')}</title>",
            '<link rel="stylesheet" href="/css/style.css">', "</head>", "<body>",
            '<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></div>',
            '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>']
    info = []
    if rng.random() < 0.6:
        m.index_number = index_number(rng, m.pub)
        info.append(f"<li>索引号：{m.index_number}</li>")
    info.append(f"<li>发布机构：{xml_escape(m.publisher)}</li>")
    if rng.random() < 0.8 or not use_meta:
        info.append(f"<li>公开日期：{fmt_date(rng, m.pub, rng.choice(['iso', 'cn']))}</li>")
        m.publish_date = f"{y}-{mo:02d}-{d:02d}"
    out.append('<div class="xxgk-info"><ul>' + "".join(info) + "</ul></div>")
    if m.title:
        if len(m.title_lines) == 2:
            out.append(f'<h1 class="title">{xml_escape(m.title_lines[0])}<br/>{xml_escape(m.title_lines[1])}</h1>')
        else:
            out.append(f'<h1 class="title">{xml_escape(m.title)}</h1>')
    out.append('<div class="TRS_Editor"><div class="Section0">')
    out.append(p("".join(intro)))
    out.append(hd(SEC_HEADS["one"]))
    out.append(p("".join(general)))
    for h, paras in subs:
        out.append(p(h + "".join(paras)))
    out.append(hd(SEC_HEADS["two"]))
    if rep.proc_prose:
        out.append(p(proc_sentence(rep)))
    out.append(h2)
    out.append(hd(SEC_HEADS["three"]))
    out.append(h3)
    out.append(hd(SEC_HEADS["four"]))
    out.append(h4)
    out.append(hd(rng.choice(SEC_HEADS["five"])))
    out += [p(x) for x in problems]
    out.append(hd(SEC_HEADS["six"]))
    out += [p(x) for x in other]
    for line in signature(rng, m):
        if line:
            out.append(f'<p class="MsoNormal" align="right" style="text-align:right"><span>{xml_escape(line)}</span></p>')
    out += ["</div></div>", '<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>',
            '<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>',
            f'<div class="footer">主办：{xml_escape((site.county or site.city) + "人民政府办公室")}  网站标识码：{rng.randint(1000000000, 9999999999)}</div>',
            "</body>", "</html>"]
    return "\n".join(out)


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')


def docx_document(rng, site, m, rep, st, tables):
    t2, t3, t4 = tables
    intro, general, subs, problems, other = report_parts(rng, site, m)
    body = []
    for line in m.title_lines:
        body.append(w_p(line, bold=True, center=True))
    body.append(w_p("".join(intro)))
    body.append(w_p(SEC_HEADS["one"], bold=True))
    body.append(w_p("".join(general)))
    for h, paras in subs:
        body.append(w_p(h + "".join(paras)))
    body.append(w_p(SEC_HEADS["two"], bold=True))
    if rep.proc_prose:
        body.append(w_p(proc_sentence(rep)))
    body.append(t2)
    body.append(w_p(SEC_HEADS["three"], bold=True))
    body.append(t3)
    body.append(w_p(SEC_HEADS["four"], bold=True))
    body.append(t4)
    body.append(w_p(rng.choice(SEC_HEADS["five"]), bold=True))
    body += [w_p(x) for x in problems]
    body.append(w_p(SEC_HEADS["six"], bold=True))
    body += [w_p(x) for x in other]
    for line in signature(rng, m):
        body.append(w_p(line))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body>" + "".join(body) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    return zip_build([("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", RELS.encode()),
                      ("word/document.xml", doc.encode("utf-8"))])


# ---------------------------------------------------------------------------
# Archives (fixed times, deterministic bytes).

DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1      # 1980-01-01
_BOMB_CACHE = {}


def zip_build(entries, gbk_names=False, level=6):
    """A zip of [(name, bytes)] or [(name, bytes, (compressed, crc, size))]."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name, data = e[0], e[1]
        pre = e[2] if len(e) > 2 else None
        if gbk_names:
            try:
                nb, flags = name.encode("gb18030"), 0
            except UnicodeEncodeError:
                nb, flags = name.encode("utf-8"), 0x800
            if nb == name.encode("utf-8"):
                flags = 0
        else:
            nb = name.encode("utf-8")
            flags = 0x800 if any(ord(c) > 127 for c in name) else 0
        if pre is not None:
            comp, crc, size, method = pre[0], pre[1], pre[2], 8
        else:
            crc = zlib.crc32(data) & 0xFFFFFFFF
            size = len(data)
            if name.endswith("/"):
                comp, method = b"", 0
            else:
                co = zlib.compressobj(level, zlib.DEFLATED, -15)
                comp = co.compress(data) + co.flush()
                method = 8
                if len(comp) >= size:
                    comp, method = data, 0
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, DOS_DATE_1980,
                           crc, len(comp), size, len(nb), 0)
        out += nb
        out += comp
        ext_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else (0o100644 << 16)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, flags, method, 0,
                               DOS_DATE_1980, crc, len(comp), size, len(nb), 0, 0, 0, 0,
                               ext_attr, offset)
        central += nb
    n = len(entries)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), len(out), 0)
    return bytes(out + central + eocd)


def bomb_member(size):
    """(compressed, crc, size) of `size` zero bytes, computed once per process."""
    if size not in _BOMB_CACHE:
        zeros = bytes(size)
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(zeros) + co.flush()
        _BOMB_CACHE[size] = (comp, zlib.crc32(zeros) & 0xFFFFFFFF, size)
    return _BOMB_CACHE[size]


def targz_build(entries):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8") as tf:
            for name, data in entries:
                ti = tarfile.TarInfo(name)
                ti.size = len(data)
                ti.mtime = 0
                ti.mode = 0o644
                ti.uid = ti.gid = 0
                ti.uname = ti.gname = ""
                tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Reports and their gold.

METRICS = {
    "gov2019": {"20.1": ["new_made", "new_published", "total_published"],
                "20.5": ["prior_year_count", "change", "decisions"],
                "20.6": ["prior_year_count", "change", "decisions"],
                "20.8": ["prior_year_count", "change"]},
    "gov2021": {"20.1": ["issued", "repealed", "in_force"], "20.5": ["decisions"],
                "20.6": ["decisions"], "20.8": ["fee_amount_wan_yuan"]},
}
CHROMES_TXT = [("dump", 0.2), ("web", 0.3), ("web2", 0.15), ("doc", 0.35)]


def piece_value(p):
    if "." in p:
        return num_json(Decimal(p))
    return int(p)


def procurement_gold(count_raw, amount_raw, header_unit, source="table"):
    """The procurement record a perfect build writes."""
    count = int(count_raw) if count_raw and count_raw.lstrip("-").isdigit() else None
    unit, num = None, amount_raw
    if amount_raw.endswith("万元"):
        unit, num = "wan_yuan", amount_raw[:-2]
    elif amount_raw.endswith("元"):
        unit, num = "yuan", amount_raw[:-1]
    elif header_unit:
        unit = header_unit
    try:
        d = Decimal(num)
    except Exception:
        d = None
    if d is None:
        yuan = None
        unit = unit or "unspecified"
    elif unit == "wan_yuan":
        yuan = shift_wan(d)
    elif unit == "yuan":
        yuan = d
    else:
        unit = "unspecified"
        yuan = shift_wan(d) if abs(d) < 10000 else d
    return {"project_count": count, "amount_raw": amount_raw, "amount_unit": unit,
            "amount_yuan": None if yuan is None else num_json(yuan), "source": source}


def setup_procurement(rng, rep, st, truth):
    count, amount, unit = truth
    rep.proc_truth = truth
    style = wchoice(rng, [("header", 0.35), ("cell", 0.25), ("none", 0.4)])
    hdr, header_unit, cell_unit = "采购总金额", None, ""
    if style == "header":
        if unit == "wan":
            hdr = rng.choice(["采购总金额（单位：万元）", "采购总金额（万元）"])
            header_unit = "wan_yuan"
        else:
            hdr = rng.choice(["采购总金额（元）", "采购总金额（单位：元）"])
            header_unit = "yuan"
    elif style == "cell":
        cell_unit = "万元" if unit == "wan" else "元"
    s = dec_str(amount)
    raw = (s.translate(FW_DIGITS) if st.fullwidth else s) + cell_unit
    amount_cell = Cell(raw, amount, s + cell_unit)
    count_cell = st.cell(count, blank_ok=False)
    rep.proc = (count_cell, amount_cell, style, hdr)
    rep.proc_header_unit = header_unit
    rep.proc_prose = rng.random() < 0.2


def gold_tables(rep, keep):
    """Gold cells of a template report; `keep` limits a glued one."""
    t = rep.template
    pd = []
    proc = []
    for it in rep.items:
        for cat, label, cells in it["rows"]:
            if cat == "procurement":
                if keep is not None:
                    r = keep["a20"].get(("20.9", "procurement"))
                    if r is not None:
                        proc.append(procurement_gold(r[0], r[1], rep.proc_header_unit))
                else:
                    c, a = cells
                    if c.value is not None or a.value is not None:
                        proc.append(procurement_gold(c.graw, a.graw, rep.proc_header_unit))
                continue
            ms = METRICS[t][it["item"]]
            if keep is not None:
                r = keep["a20"].get((it["item"], cat))
                if r is None:
                    continue
                for metric, p in zip(ms, r):
                    pd.append({"item": it["item"], "category": cat, "metric": metric,
                               "value": piece_value(p), "raw": p})
                continue
            for metric, c in zip(ms, cells):
                pd.append({"item": it["item"], "category": cat, "metric": metric,
                           "value": None if c.value is None else num_json(c.value), "raw": c.graw})
    if not proc and t == "gov2019" and rep.proc_prose and getattr(rep, "proc_gold", None):
        proc.append(rep.proc_gold)
    elif not proc and t == "gov2019" and rep.proc_prose:
        count, amount, unit = rep.proc_truth
        u = "万元" if unit == "wan" else "元"
        proc.append(procurement_gold(str(count), dec_str(amount) + u, None, "narrative"))
    apps = []
    for r in rep.app_rows:
        if keep is not None:
            rd = keep["apps"].get(r["code"])
            if rd is None:
                continue
            for a, p in zip(APPLICANTS, rd):
                apps.append({"row": r["code"], "applicant": a, "value": int(p), "raw": p})
            continue
        for a, c in zip(APPLICANTS, r["cells"]):
            apps.append({"row": r["code"], "applicant": a,
                         "value": None if c.value is None else int(c.value), "raw": c.graw})
    revs = []
    procs = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    outs = ["upheld", "corrected", "other", "pending", "total"]
    if keep is not None:
        if keep["reviews"] is not None:
            for i, p in enumerate(keep["reviews"]):
                revs.append({"proceeding": procs[i // 5], "outcome": outs[i % 5], "value": int(p), "raw": p})
    else:
        for i, c in enumerate(rep.review_cells):
            revs.append({"proceeding": procs[i // 5], "outcome": outs[i % 5],
                         "value": None if c.value is None else int(c.value), "raw": c.graw})
    return pd, apps, revs, proc


def encode_text(text, enc):
    if enc == "utf-8":
        return text.encode("utf-8")
    if enc == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "gb18030":
        return text.encode("gb18030")
    if enc == "utf-16-le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if enc == "big5":
        return text.encode("big5")
    raise ValueError(enc)


def report_gold(m):
    return {"title": m.title, "organ": m.name, "region": m.region, "year": m.year,
            "template": m.template, "publish_date": m.publish_date, "index_number": m.index_number}


class Figures:
    """What a template report says, apart from how it is printed: kept to
    print the same report again (a re-post, another rendering)."""

    __slots__ = ("template", "a20", "apps", "reviews", "proc", "note_broken", "negative", "name")


def make_report(rng, site, organ, year, fmt, carried=None, broken=None, fig=None, hard=None):
    """One report: (bytes, extension, gold without `document`, stats key,
    Figures or None for a narrative one). `carried`: the 上年结转 row to print
    (see gen_applications); `broken`: whether to break an identity (drawn
    when None); `fig`: print these figures, under the same organ name,
    instead of drawing new ones."""
    if year <= 2018:
        return make_narrative(rng, site, organ, year, fmt) + (None,)
    if fig is None:
        template = "gov2019" if year <= 2020 or rng.random() < P_GOV2019_AFTER_2020 else "gov2021"
    else:
        template = fig.template
    layout = wchoice(rng, TEXT_LAYOUTS) if fmt == "txt" else fmt
    if hard:
        fmt, layout = hard_layout(rng, hard, fmt, layout)
    if fig is None:
        if broken is None:
            broken = rng.random() < P_BROKEN_IDENTITY
        if broken and layout == "glued":
            layout = "tabrows"
    elif layout == "glued" and (fig.note_broken or fig.negative):
        layout = "tabrows"
    st = Style(rng, layout)
    rep = Report()
    rep.template = template
    rep.few2021 = hard == "gov2021_few_words"
    rep.no_proc_row = hard == "procurement_sentence"
    if hard == "blank_dropped":
        st.blank = "drop"
        st.drop_trace = layout == "cellperline" and rng.random() < 0.5
    elif hard == "glued_no_proof":
        st.blank = "zero"
    chrome = {"glued": wchoice(rng, [("dump", 0.6), ("doc", 0.4)]), "spaces": "pdf",
              "markdown": "md"}.get(layout) or wchoice(rng, CHROMES_TXT)
    m = make_meta(rng, site, organ, year, template, chrome if fmt == "txt" else fmt,
                  fig.name if fig is not None else None)
    name = (m.name, m.region)
    if fig is not None and fig.name is None:
        fig.name = name
    if fmt == "html" and m.title is None:
        m.title, m.title_lines = make_title(rng, m.name, year)
    if layout == "spaces" and m.title and m.title.startswith(m.name) and len(m.title_lines) == 1:
        m.title_lines = [m.name, m.title[len(m.name):].strip()]
    m.period = not (rng.random() < P_NO_PERIOD_SENTENCE and m.title and str(year) in m.title)
    if fig is None:
        fig = Figures()
        fig.template = template
        fig.name = name
        fig.a20 = gen_article20(rng, organ.scale, template, layout == "glued")
        fig.negative = any(k[0] in ("20.5", "20.6", "20.8") and v[1] < 0 for k, v in fig.a20.items()
                           if template == "gov2019")
        fig.apps = gen_applications(rng, organ.scale, template, carried)
        fig.reviews = gen_reviews(rng, organ.scale)
        fig.note_broken = break_identity(rng, fig.apps, fig.reviews) if broken else None
        fig.proc = gen_procurement(rng, organ.scale) if template == "gov2019" else None
    rep.a20, rep.apps, rep.reviews = fig.a20, fig.apps, fig.reviews
    note_broken = fig.note_broken
    rep.proc_prose = False
    if template == "gov2019":
        setup_procurement(rng, rep, st, fig.proc)
        if hard == "procurement_sentence":
            rep.proc_prose = True
            rep.proc_text, rep.proc_gold = proc_sentence_variant(rng, fig.proc)
    build_tables(rng, rep, st)
    keep = None
    hard_keep = None
    notes = [f"synthetic {template} report of a {organ.kind.replace('_', ' ')}", f"layout={layout}"]
    if fmt == "txt":
        if layout == "glued":
            s2, s3, s4, keep = lay_glued(rep, st, rng)
        else:
            s2, s3, s4 = {"tabrows": lay_tabrows, "tabcells": lay_tabcells, "cellperline": lay_cellperline,
                          "pipes": lay_pipes, "markdown": lay_markdown, "spaces": lay_spaces}[layout](rep, st, rng)
        if hard:
            s2, s3, s4, hard_keep = hard_tables(rng, hard, rep, st, layout, s2, s3, s4)
        lines = assemble_txt(rng, site, m, rep, st, layout, (s2, s3, s4))
        eol = "\r\n" if rng.random() < 0.2 else "\n"
        text = eol.join(lines) + eol
        enc = wchoice(rng, TXT_ENCODINGS)
        if hard:
            text, enc = hard_edit(rng, hard, text, "txt", enc, m, site)
        data = encode_text(text, enc)
        ext = "txt"
        notes.append(f"encoding={enc}")
    elif fmt == "html":
        enc = wchoice(rng, HTML_ENCODINGS)
        charset = "utf-8" if enc == "utf-8" else rng.choice(["gb2312", "gbk", "GB2312"])
        text = html_document(rng, site, m, rep, st, html_tables(rep, st, rng), charset)
        if hard:
            text, enc = hard_edit(rng, hard, text, "html", enc, m, site)
        data = text.encode(enc)
        ext = rng.choice(["html", "html", "htm", "shtml"])
        notes.append(f"encoding={enc}")
    else:
        data = docx_document(rng, site, m, rep, st, docx_tables(rep, st, rng))
        ext = "docx"
    notes.append(f"blank cells={st.blank}")
    if st.fullwidth:
        notes.append("full-width digits")
    if st.pad:
        notes.append("cells padded with NBSP/ideographic spaces")
    if template == "gov2019":
        notes.append({"header": "procurement unit printed in the header", "cell": "procurement unit printed in the cell",
                      "none": "procurement amount printed without unit"}[rep.proc[2]])
    if note_broken:
        notes.append("IDENTITY BROKEN (printed as is): " + note_broken)
    if keep is not None and keep["omitted"]:
        notes.append("glued cells left out as ambiguous: " + "; ".join(keep["omitted"]))
    pd, apps, revs, proc = gold_tables(rep, keep)
    if hard:
        pd, apps, revs, proc = hard_gold(hard, hard_keep, rep, st, pd, apps, revs, proc)
        notes.append(f"hard class {hard}" + (f" ({hard_keep['note']})" if hard_keep and hard_keep.get("note") else ""))
    gold = {"report": report_gold(m), "is_report": True, "proactive_disclosure": pd,
            "applications": apps, "reviews": revs, "procurement": proc, "notes": ". ".join(notes)}
    if hard:
        gold["gen_class"] = hard
    return data, ext, gold, (fmt, layout if fmt == "txt" else fmt, template), fig


def make_narrative(rng, site, organ, year, fmt, hard=None):
    """A pre-2019 prose report: no tables, figures only in sentences."""
    trad = fmt == "txt" and rng.random() < P_BIG5_NARRATIVE
    if hard:
        trad = False            # the added sentences are not all in the Big5 table
    m = make_meta(rng, site, organ, year, "narrative", wchoice(rng, CHROMES_TXT) if fmt == "txt" else fmt)
    if m.title is None:
        m.title, m.title_lines = make_title(rng, m.name, year)
    alt = rng.random() < 0.3
    if alt:
        m.title = m.title.replace("政府信息公开工作年度报告", "政府信息公开年度报告")
        m.title_lines = [m.title]
    o, y = m.name, year
    paras = [f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，特向社会公布{y}年度{o}政府信息公开年度报告。"
             f"本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开收费及减免情况、"
             f"因政府信息公开申请提起行政复议和行政诉讼情况、存在的主要问题和改进措施等部分组成。"
             f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"]
    county = organ.county or organ.city
    if organ.kind == "township" and rng.random() < 0.7:
        paras[0] += f"如对本报告有任何疑问，请与{county}{organ.full}联系。"
        m.region = county
    sections = []
    for k, (head, pool) in enumerate(NARRATIVE_PARTS):
        num = "一二三四五六七"[k]
        sections.append((f"{num}、{head}", [fill(rng, x, o, y) for x in pool]))
    chrome_extra = []
    if hard:
        chrome_extra = hard_narrative(rng, hard, sections, organ, site, y)
    table = []
    if rng.random() < 0.3:
        table = ["附件：政府信息公开情况统计表", "指标名称 计量单位 " + f"{y}年度 历年累计",
                 f"主动公开信息数 条 {rng.randint(10, 900)} {rng.randint(900, 9000)}",
                 f"依申请公开信息数 条 {rng.randint(0, 9)} {rng.randint(9, 90)}",
                 f"行政复议数 件 0 {rng.randint(0, 5)}"]
    if trad:
        paras = [to_trad(p) for p in paras]
        sections = [(to_trad(h), [to_trad(p) for p in ps]) for h, ps in sections]
        table = [to_trad(x) for x in table]
        m.title = to_trad(m.title)
        m.title_lines = [to_trad(x) for x in m.title_lines]
        m.name = to_trad(m.name)
        m.publisher = to_trad(m.publisher)
        if m.region:
            m.region = to_trad(m.region)
    notes = [f"synthetic narrative report of a {organ.kind.replace('_', ' ')}", "prose only: no table cells"]
    if fmt == "html":
        y2, mo, d = m.pub
        m.publish_date = f"{y2}-{mo:02d}-{d:02d}"
        body = "".join(f"<p>{xml_escape(p)}</p>" for p in paras)
        for h, ps in sections:
            body += f"<p><b>{xml_escape(h)}</b></p>" + "".join(f"<p>{xml_escape(p)}</p>" for p in ps)
        body += "".join(f"<p>{xml_escape(x)}</p>" for x in table)
        text = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                f"<title>{xml_escape(m.title)}</title></head><body>"
                f"<div class=\"crumb\">当前位置：首页 &gt; 政府信息公开年报</div><h1>{xml_escape(m.title)}</h1>"
                f"<div class=\"info\">发布日期：{y2}-{mo:02d}-{d:02d}</div><div class=\"content\">{body}</div></body></html>")
        data, ext = text.encode("utf-8"), "html"
    elif fmt == "docx":
        body = [w_p(x, bold=True, center=True) for x in m.title_lines] + [w_p(p) for p in paras]
        for h, ps in sections:
            body += [w_p(h, bold=True)] + [w_p(p) for p in ps]
        body += [w_p(x) for x in table]
        doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
               + "".join(body) + "</w:body></w:document>")
        data = zip_build([("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", RELS.encode()),
                          ("word/document.xml", doc.encode("utf-8"))])
        ext = "docx"
    else:
        m.period = True
        lines = chrome_extra + chrome_top(rng, site, m)
        if trad:
            lines = [to_trad(x) for x in lines]
        if m.chrome != "web2":
            lines += m.title_lines
        lines += paras
        for h, ps in sections:
            lines.append(h)
            lines += ps
        lines += table
        text = "\n".join(lines) + "\n"
        enc = "big5" if trad else wchoice(rng, TXT_ENCODINGS)
        data, ext = encode_text(text, enc), "txt"
        notes.append(f"encoding={enc}" + (", Traditional script" if trad else ""))
    if hard:
        notes.append(f"hard class {hard}")
    # Procurement stated in prose is a record of the contract's procurement
    # table (source `narrative`), unlike the other figures of sentences.
    procurement = []
    for h, ps in sections:
        for p in ps:
            mo = re.search(r"全年政府集中采购(\d+)项，采购总金额([\d.]+)万元。", p)
            if mo and not procurement:
                procurement = [procurement_gold(mo.group(1), mo.group(2) + "万元", None, "narrative")]
    gold = {"report": report_gold(m), "is_report": True, "proactive_disclosure": [], "applications": [],
            "reviews": [], "procurement": procurement, "notes": ". ".join(notes)}
    if hard:
        gold["gen_class"] = hard
    return data, ext, gold, (fmt, "narrative-big5" if trad else "narrative", "narrative")


# ---------------------------------------------------------------------------
# Hard classes (HARD_CLASSES): how a report of a class is printed.


def hard_layout(rng, hard, fmt, layout):
    """(format, layout) a report of class `hard` is printed in."""
    if hard == "glued_no_proof":
        return "txt", rng.choice(["tabrows", "spaces"])
    if hard == "blank_dropped":
        return "txt", rng.choice(["spaces", "cellperline"])
    if hard == "cut_in_section3":
        return "txt", rng.choice(["tabrows", "pipes"])
    if hard in ("no_section2", "traditional") and fmt != "txt":
        return "txt", wchoice(rng, TEXT_LAYOUTS)
    if fmt == "docx":
        return "txt", wchoice(rng, TEXT_LAYOUTS)
    return fmt, layout


def label_line(line, label):
    """Whether a table line holds `label` as one of its fields."""
    fields = [f.strip() for f in line.replace("|", "\t").split("\t")]
    return label in fields


def hard_tables(rng, hard, rep, st, layout, s2, s3, s4):
    """The section lines of a report of class `hard`, and what its gold keeps."""
    keep = {"note": ""}
    if hard == "glued_no_proof":
        s2 = []
        keep["a20"] = {}
        omitted = []
        for it in rep.items:
            s2.append(it["head"])
            s2.append(("\t" if layout == "tabrows" else " ").join(it["cols"]))
            for cat, label, cells in it["rows"]:
                txt, r = glued_row(rng, cells, len(cells), "any", 0.2)
                s2.append(label + ("\t" if layout == "tabrows" else "") + txt)
                if len(r) == 1:
                    keep["a20"][(it["item"], cat)] = r[0]
                else:
                    omitted.append(f"{cat} '{glued_text([c.graw for c in cells], set())}' ({len(r)} readings)")
        keep["note"] = "section 二 rows glued, left out: " + ("; ".join(omitted) or "none")
    elif hard == "cut_in_section3":
        rows = rep.app_rows
        k = rng.randint(1, len(rows) - 2)
        for i, line in enumerate(s3):
            if label_line(line, rows[k]["label"]):
                s3 = s3[:i + 1]
                keep["rows"] = {r["code"] for r in rows[:k + 1]}
                keep["note"] = f"cut after the row {rows[k]['code']}"
                return s2, s3, None, keep
        keep["rows"] = None
    elif hard == "no_section2":
        s2 = None
    return s2, s3, s4, keep


def hard_gold(hard, keep, rep, st, pd, apps, revs, proc):
    if hard == "glued_no_proof":
        pd = [c for c in pd if (c["item"], c["category"]) in keep["a20"]]
        if ("20.9", "procurement") not in keep["a20"]:
            proc = [p for p in proc if p["source"] == "narrative"]
            if not proc and rep.template == "gov2019" and rep.proc_prose:
                count, amount, unit = rep.proc_truth
                u = "万元" if unit == "wan" else "元"
                proc = [procurement_gold(str(count), dec_str(amount) + u, None, "narrative")]
    elif hard == "blank_dropped" and not st.drop_trace:
        gone = set()
        for it in rep.items:
            for cat, label, cells in it["rows"]:
                if cat != "procurement" and any(c.raw == "" for c in cells):
                    gone.add((it["item"], cat))
        pd = [c for c in pd if (c["item"], c["category"]) not in gone]
        rows = {r["code"] for r in rep.app_rows if any(c.raw == "" for c in r["cells"])}
        apps = [c for c in apps if c["row"] not in rows]
        if any(c.raw == "" for c in rep.review_cells):
            revs = []
    elif hard == "cut_in_section3":
        if keep.get("rows") is not None:
            apps = [c for c in apps if c["row"] in keep["rows"]]
            revs = []
    elif hard == "no_section2":
        pd, proc = [], []
    return pd, apps, revs, proc


def proc_sentence_variant(rng, truth):
    """(sentence, procurement gold) of the procurement figures told in prose."""
    count, amount, unit = truth
    a = dec_str(amount)
    u = "万元" if unit == "wan" else "元"
    hu = "wan_yuan" if unit == "wan" else "yuan"
    form = rng.randrange(6)
    if form == 0:
        return f"全年政府集中采购{count}项，采购总金额{a}{u}。", procurement_gold(str(count), a + u, None, "narrative")
    if form == 1:
        return f"政府集中采购总金额{a}{u}，采购项目{count}项。", procurement_gold(str(count), a + u, None, "narrative")
    if form == 2:
        return (f"全年完成政府集中采购项目{count}个，金额合计{a}{u}。",
                procurement_gold(str(count), a + u, None, "narrative"))
    if form == 3:
        return (f"政府集中采购金额为{a}{u}（共{count}项）。", procurement_gold(str(count), a + u, None, "narrative"))
    if form == 4:
        return (f"政府集中采购：采购项目数量{count}项，采购总金额（{u}）{a}。",
                procurement_gold(str(count), a, hu, "narrative"))
    return (f"本年度政府集中采购采购总金额（单位：{u}）为{a}，项目数量为{count}个。",
            procurement_gold(str(count), a, hu, "narrative"))


def other_place(rng, site):
    for _ in range(50):
        c = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if c[0] != c[1] and c not in site.used_cores:
            return c
    return "云梦"


def prose_figures(rng, procurement=True):
    """Sentences stating figures with the tables' words: never cells. The
    procurement sentence, in a narrative report, is the contract's
    procurement record from prose (source `narrative`); there is none in a
    gov2019 report (its figures there are the 20.9 row's)."""
    out = [f"全年受理行政许可{rng.randint(1, 900)}件，行政处罚{rng.randint(0, 300)}件。",
           f"全年共办理行政许可事项{rng.randint(1, 900)}件，作出行政处罚决定{rng.randint(0, 90)}件，"
           f"采取行政强制措施{rng.randint(0, 20)}件。",
           f"全年收取行政事业性收费{rng.randint(1, 500)}.{rng.randint(1, 9)}万元，均按规定公开收费项目和标准。",
           f"全年政府集中采购{rng.randint(1, 80)}项，采购总金额{rng.randint(10, 900)}.{rng.randint(1, 99)}万元。",
           f"本年新制作规范性文件{rng.randint(1, 9)}件，对外公开规范性文件{rng.randint(1, 40)}件。"]
    if not procurement:
        del out[3]
    return rng.sample(out, rng.randint(2, 4))


def verb_place_sentences(rng, site):
    x, y = other_place(rng, site), other_place(rng, site)
    return [f"依托{x}区政务服务中心，推进政务服务事项“一网通办”。",
            f"充分发挥{y}区融媒体中心作用，扩大政策解读覆盖面。",
            "坚持以县级政府门户网站为第一平台，统一发布政府信息。",
            f"名称{x}县政务公开专栏已完成改版。"]


def verb_place_chrome(rng, site):
    x = other_place(rng, site)
    return ["组配分类 政府信息公开年报", f"名称 {x}县政府信息公开年报", "主题分类 综合政务"]


def insert_after_one(text, fmt, sentences):
    """`text` with `sentences` put right after the heading 一、总体情况."""
    h = SEC_HEADS["one"]
    i = text.find(h)
    if i < 0:
        return text
    j = i + len(h)
    if fmt == "html":
        k = text.find("</p>", j)
        if k < 0:
            return text
        k += 4
        return text[:k] + "".join(f"<p>{xml_escape(x)}</p>" for x in sentences) + text[k:]
    eol = "\r\n" if "\r\n" in text else "\n"
    if text[j:j + len(eol)] == eol:
        return text[:j] + eol + "".join(sentences) + text[j:]
    return text[:j] + "".join(sentences) + text[j:]


def hard_edit(rng, hard, text, fmt, enc, m, site):
    """The printed text of a report of class `hard`, and its encoding."""
    if hard == "prose_figures":
        text = insert_after_one(text, fmt, prose_figures(rng, m.template != "gov2019"))
    elif hard == "verb_places":
        text = insert_after_one(text, fmt, verb_place_sentences(rng, site))
        chrome = verb_place_chrome(rng, site)
        if fmt == "html":
            k = text.find("<body>")
            if k >= 0:
                k += len("<body>")
                text = text[:k] + "".join(f"<div>{xml_escape(x)}</div>" for x in chrome) + text[k:]
        else:
            eol = "\r\n" if "\r\n" in text else "\n"
            text = eol.join(chrome) + eol + text
    elif hard == "traditional":
        text = to_trad_full(text)
        if rng.random() < 0.6:
            try:
                text.encode("big5")
                enc = "big5"
            except UnicodeEncodeError:
                enc = "utf-8"
        else:
            enc = rng.choice(["utf-8", "utf-8-sig"])
    return text, enc


def hard_narrative(rng, hard, sections, organ, site, y):
    """Add a class's sentences to a narrative report's sections; the chrome lines to print first."""
    if hard == "prose_figures":
        sections[1][1].extend(prose_figures(rng))
    elif hard == "narrative_labels":
        n = rng.randint(0, 30)
        g = rng.randint(0, n)
        sections[1][1].append(
            f"对照《条例》第二十条第（一）项、第（五）项、第（六）项、第（八）项的规定，本年新制作规章0件、"
            f"规范性文件{rng.randint(0, 9)}件，行政许可、其他对外管理服务事项、行政处罚、行政强制、行政事业性收费等信息均已公开。")
        sections[2][1].append(
            f"收到和处理政府信息公开申请情况：本年新收政府信息公开申请数量{n}件，上年结转政府信息公开申请数量0件，"
            f"予以公开{g}件，部分公开0件，不予公开0件，结转下年度继续办理0件。")
        sections[4][1].append("政府信息公开行政复议、行政诉讼情况：行政复议0件，行政诉讼0件，结果维持0件，结果纠正0件，"
                              "其他结果0件，尚未审结0件。")
    elif hard == "verb_places":
        sections[0][1].extend(verb_place_sentences(rng, site))
        return verb_place_chrome(rng, site)
    return []


def break_safe(rng, apps, reviews):
    """Break one identity, never in the carry rows (上年结转, 结转下年度)."""
    choice = rng.choice(["row_total", "column_total", "review_total"])
    if choice == "review_total":
        g = rng.randint(0, 2)
        reviews[g * 5 + 4] += rng.randint(1, 3)
        return f"section 四: the {['行政复议', '未经复议直接起诉', '复议后起诉'][g]} total is not the sum of its four outcomes"
    if choice == "row_total":
        code = rng.choice(["new_received", "granted", "unavailable_not_held", "total"])
        apps[code][6] += rng.randint(1, 4)
        return f"section 三: the 总计 column of row {code} is not the sum of the six applicant columns"
    apps["total"][0] += rng.randint(1, 3)
    apps["total"][6] = sum(apps["total"][:6])
    return "section 三: (七)总计 of 自然人 is not the sum of the rows (一)-(六)"


NARRATIVE_CLASSES = ("prose_figures", "narrative_labels", "verb_places")


def draw_class(rng, weights, r):
    """The hard class of report entry `r` (or None), from its own stream."""
    x = rng.random()
    fig = r["fig"]
    for cls, w in weights.items():
        if fig is None:
            ok = cls in NARRATIVE_CLASSES
        else:
            ok = cls not in ("narrative_labels",)
            if cls == "gov2021_few_words":
                ok = fig.template == "gov2021"
            elif cls == "procurement_sentence":
                ok = fig.template == "gov2019"
            elif cls == "identity_broken":
                ok = not fig.note_broken
        if not ok:
            continue
        if x < w:
            return cls
        x -= w
    return None


def make_variant(rng, site, r, cls):
    """Report entry `r` printed again as class `cls`, from `rng`: (data, ext, gold)."""
    fig = r["fig"]
    if fig is None:
        data, ext, gold, _ = make_narrative(rng, site, r["organ"], r["year"], r["fmt"], hard=cls)
        return data, ext, gold
    use = fig
    if cls == "identity_broken":
        use = Figures()
        for k in Figures.__slots__:
            setattr(use, k, getattr(fig, k))
        use.apps = {k: list(v) for k, v in fig.apps.items()}
        use.reviews = list(fig.reviews)
        use.note_broken = break_safe(rng, use.apps, use.reviews)
    data, ext, gold, _, _ = make_report(rng, site, r["organ"], r["year"], r["fmt"], fig=use, hard=cls)
    if cls == "traditional":
        rg = gold["report"]
        for f in ("title", "organ", "region"):
            if rg.get(f):
                rg[f] = to_trad_full(rg[f])
        for t in ("proactive_disclosure", "applications", "reviews"):
            for c in gold[t]:
                c["raw"] = to_trad_full(c["raw"])
    return data, ext, gold


def make_landing(rng, site, organ, uid):
    """A column page listing one organ's reports of several years: not a report."""
    name = organ.names[0][0]
    y1 = rng.randint(2019, 2024)
    years = list(range(y1, max(2014, y1 - rng.randint(3, 7)), -1))
    lines = [f"首页 > 信息公开 > {name} > 政府信息公开年报", "政府信息公开年报", f"{name}政府信息公开年报"]
    for y in years:
        lines.append(f"{name}{y}年政府信息公开工作年度报告")
        if rng.random() < 0.5:
            lines.append(f"发布日期：{y + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}  "
                         f"摘要：本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等部分组成。")
    lines.append(f"共{len(years)}条记录 第1页/共1页 第{uid}号")
    title = f"{name}政府信息公开年报"
    if rng.random() < 0.5:
        text = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + xml_escape(title) + "</title></head><body>"
                + "".join(f"<p>{xml_escape(x)}</p>" for x in lines) + "</body></html>")
        return text.encode("utf-8"), "html", None
    return encode_text("\n".join(lines) + "\n", wchoice(rng, TXT_ENCODINGS)), "txt", None


def make_regulation(rng, site, uid):
    """The disclosure regulation (excerpt) as a page: not a report."""
    title = "中华人民共和国政府信息公开条例"
    lines = ["当前位置：首页 > 政务公开 > 法规文件", title, "（2019年4月3日中华人民共和国国务院令第711号修订）",
             "第一章 总则",
             "第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，"
             "充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。",
             "第二十条 行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：",
             "（一）行政法规、规章和规范性文件；", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；",
             "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定；",
             "（八）行政事业性收费项目及其依据、标准；", "（九）政府集中采购项目的目录、标准及实施情况；",
             "第四十九条 县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。",
             "第五十条 政府信息公开工作年度报告应当包括下列内容：",
             "（一）行政机关主动公开政府信息的情况；", "（二）行政机关收到和处理政府信息公开申请的情况；",
             "（三）因政府信息公开工作被申请行政复议、提起行政诉讼的情况；",
             "（四）政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况；",
             "（五）其他需要报告的事项。", f"来源：{site.county or site.city}司法局 编号{uid}"]
    return encode_text("\n".join(lines) + "\n", wchoice(rng, TXT_ENCODINGS)), "txt", title


# ---------------------------------------------------------------------------
# Cross-report facts: which organ a document is, carries between years.

SCOPE_ENDS = ("县", "区", "市", "旗")
ORGAN_TAILS = ("人民政府", "政府", "办事处")


def doc_scope(document):
    """The innermost folder of a gold `document` (archive paths and member
    paths alike) whose name ends in 县/区/市/旗, or None."""
    scope = None
    for part in document.split("!"):
        for folder in part.split("/")[:-1]:
            if folder.endswith(SCOPE_ENDS):
                scope = folder
    return scope


def organ_key(scope, name):
    """`SCOPE|NAME`: the organ as matched across years and documents — the
    name without spaces, without the scope as a prefix and without a
    trailing 人民政府/政府/办事处."""
    n = "".join(name.split())
    if scope and n.startswith(scope):
        n = n[len(scope):]
    for tail in ORGAN_TAILS:
        if n.endswith(tail):
            n = n[:-len(tail)]
            break
    return f"{scope}|{n}"


def carry_cells(gold):
    """(上年结转 row, 结转下年度 row, whether every section-三 cell is labelled)
    of a gold record: seven values in APPLICANTS order, None where the gold
    has no number."""
    rows = {}
    for c in gold.get("applications") or []:
        rows.setdefault(c["row"], {})[c["applicant"]] = c["value"]
    want = 4 + len(detail_rows(gold["report"]["template"]))
    full = len(rows) == want and all(len(v) == 7 for v in rows.values())
    co = [rows.get("carried_over", {}).get(a) for a in APPLICANTS]
    cf = [rows.get("carried_forward", {}).get(a) for a in APPLICANTS]
    return co, cf, full


def plant_carry(rng, site, organ, year, fmt, prev, scope):
    """Year `year` of `organ` printing a 上年结转 row that differs from
    `prev`'s 结转下年度 in columns a reader sees in both documents, every
    identity of the report holding. Returns (make_report result, differing
    APPLICANTS columns), or (None, None) when `prev` does not show its
    carries fully or no rendering shows the difference."""
    _, seen, full = carry_cells(prev["gold"])
    printed = prev["fig"].apps["carried_forward"]
    vis = [c for c in range(6) if seen[c] is not None]
    if not full or not vis or seen[6] is None:
        return None, None
    co = list(printed[:6])
    pos = [c for c in vis if co[c] > 0]
    if len(vis) >= 2 and pos and rng.random() < 0.25:
        a = rng.choice(pos)                     # moved between columns: the total agrees
        b = rng.choice([c for c in vis if c != a])
        k = rng.randint(1, co[a])
        co[a] -= k
        co[b] += k
    else:
        c = 0 if 0 in vis and rng.random() < 0.7 else rng.choice(vis)
        if co[c] > 0 and rng.random() < 0.4:
            co[c] -= rng.randint(1, co[c])
        else:
            co[c] += rng.randint(1, {"tiny": 2, "small": 4, "medium": 12, "large": 40}[organ.scale])
    now = co + [sum(co)]
    diff = [APPLICANTS[i] for i in range(7) if now[i] != printed[i]]
    key = organ_key(scope, prev["gold"]["report"]["organ"])
    made = make_report(rng, site, organ, year, fmt, carried=co, broken=False)
    for _ in range(RENDER_TRIES):
        gold = made[2]
        got, _, full = carry_cells(gold)
        if (full and organ_key(scope, gold["report"]["organ"]) == key
                and all(got[APPLICANTS.index(a)] is not None for a in diff)):
            gold["notes"] += (". planted: 上年结转 differs from the previous year's 结转下年度 in "
                              + ", ".join(diff))
            return made, diff
        fig = made[4]
        fig.name = None
        made = make_report(rng, site, organ, year, wchoice(rng, REPORT_FORMATS), fig=fig)
    return None, None


# ---------------------------------------------------------------------------
# Non-reports and junk.


def make_notice(rng, site, uid):
    y = rng.randint(2019, 2024)
    county = site.county or site.city
    kind = rng.random()
    if kind < 0.15:
        title = f"关于报送{y}年度政府网站工作年度报表的通知"
        body = [f"根据国务院办公厅有关要求，现就报送{y}年度政府网站工作年度报表有关事项通知如下：",
                f"一、各单位要按照政府网站工作年度报表格式，认真统计本单位{y}年度网站运行情况。",
                f"二、请于{y + 1}年1月{rng.randint(10, 25)}日前将政府网站工作年度报表报送县政务公开办。"]
    else:
        title = rng.choice([f"关于报送{y}年度政府信息公开工作年度报告的通知",
                            f"关于做好{y}年政府信息公开工作年度报告编制发布工作的通知"])
        body = [f"根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求，"
                f"为做好{y}年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：",
                "一、编制内容。各单位要严格按照年度报告格式要求，全面、准确反映本单位政府信息公开工作情况，"
                "重点报告主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等内容。",
                f"二、报送时间。请各单位于{y + 1}年1月{rng.randint(10, 25)}日前在本单位政府信息公开专栏发布年度报告，"
                f"并将电子版报送{county}政务公开办公室。",
                "三、工作要求。各单位要高度重视，明确专人负责，确保数据真实准确、按时发布。"]
    lines = ["当前位置：首页 > 政务公开 > 通知公告", title,
             f"{county[:2]}政办发〔{y + 1}〕{uid}号", "各镇人民政府、街道办事处，县直各单位："]
    lines += body + ["请遵照执行。", f"{county}人民政府办公室", f"{y + 1}年1月{rng.randint(2, 9)}日"]
    enc = wchoice(rng, TXT_ENCODINGS)
    return encode_text("\n".join(lines) + "\n", enc), "txt", title


def make_guide(rng, site, organ, uid):
    name = organ.names[0][0]
    title = f"{name}政府信息公开指南"
    lines = [title,
             f"为规范政府信息公开工作，更好地提供政府信息公开服务，保障公民、法人和其他组织依法获取政府信息，"
             f"根据《中华人民共和国政府信息公开条例》，结合本单位实际，编制本指南。本指南每年更新，第{uid}号。",
             "一、主动公开", "（一）公开范围",
             "主要包括机构职能、政策文件、规划计划、财政预决算、行政许可、政府集中采购项目的目录及实施情况等。",
             "（二）公开形式",
             "主要通过政府门户网站、政务新媒体、政务公开栏等形式公开。",
             "（三）公开时限",
             "属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。",
             "二、依申请公开", "（一）受理机构",
             f"{name}党政办公室，办公时间：工作日上午8:30-12:00，下午14:30-17:30。",
             "（二）申请方式", "申请人可以通过当面、信函、网络等方式提出申请。",
             "（三）办理时限", "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。",
             "三、监督和救济",
             "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。"]
    fmt = rng.choice(["txt", "txt", "html"])
    if fmt == "html":
        text = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + xml_escape(title) + "</title></head><body>"
                + "".join(f"<p>{xml_escape(x)}</p>" for x in lines) + "</body></html>")
        return text.encode("utf-8"), "html", title
    return encode_text("\n".join(lines) + "\n", wchoice(rng, TXT_ENCODINGS)), "txt", title


def make_nav(rng, site, organs, uid):
    if rng.random() < 0.3:
        words = ["政府信息公开", "信息公开指南", "信息公开制度", "法定主动公开内容", "部门目录", "政务公开",
                 "政府信息公开年报", "依申请公开", "机构职能", "政策文件", "规划计划", "财政信息"]
        rng.shuffle(words)
        text = "".join(words) + f"{(site.county or site.city)}第{uid}页"
        return encode_text(text + "\n", "utf-8"), "txt", None
    lines = ["首页 > 政务公开 > 政府信息公开 > 政府信息公开年报", "政府信息公开年报"]
    k = rng.randint(4, 12)
    for _ in range(k):
        o = rng.choice(organs) if organs else None
        name = o.names[0][0] if o else (site.county or site.city) + "人民政府"
        y = rng.randint(2015, 2024)
        lines.append(f"{name}{y}年政府信息公开工作年度报告  {y + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}")
    lines.append(f"共{k}条  首页 上一页 1 下一页 尾页  第{uid}号栏目")
    if rng.random() < 0.5:
        text = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title></head><body><ul>"
                + "".join(f"<li><a href=\"t{i}.html\">{xml_escape(x)}</a></li>" for i, x in enumerate(lines)) + "</ul></body></html>")
        return text.encode("utf-8"), "html", None
    return encode_text("\n".join(lines) + "\n", wchoice(rng, TXT_ENCODINGS)), "txt", None


def make_rules(rng, site, uid):
    county = site.county or site.city
    title = f"{county}人民政府工作规则"
    y = rng.randint(2018, 2024)
    lines = ["当前位置：首页 > 政务公开 > 政策文件", title,
             f"索引号：{rng.randint(100000000, 999999999)}/{y}-{uid:05d}", f"发布日期：{y}-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
             title, "第一章 总则",
             f"第一条 为规范{county}人民政府工作，提高行政效能，根据有关法律法规，结合本县实际，制定本规则。",
             "第二条 县政府工作的指导思想是坚持依法行政，建设人民满意的服务型政府。",
             "第二章 组成人员和职能",
             "第三条 县政府由县长、副县长和各工作部门主要负责人组成。",
             "第四条 县政府实行县长负责制，县长主持县政府全面工作。",
             "第三章 政务公开",
             "第五条 县政府要全面推进政务公开，按规定编制并公布政府信息公开工作年度报告。",
             "第六条 本规则自印发之日起施行。"]
    return encode_text("\n".join(lines) + "\n", wchoice(rng, TXT_ENCODINGS)), "txt", title


def junk_bytes(rng, kind):
    if kind == "png":
        return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(200, 4000)),
                rng.choice(["png", "png", "jpg"]))
    if kind == "pdf":
        return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + rng.randbytes(rng.randint(500, 6000)) + b"\n%%EOF\n", "pdf")
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(rng.randint(1000, 8000)), "doc")


# ---------------------------------------------------------------------------
# One block: one site's crawl.


class Writer:
    def __init__(self, root):
        self.root = root
        self.dirs = set()

    def put(self, rel, data):
        path = os.path.join(self.root, rel)
        d = os.path.dirname(path)
        if d not in self.dirs:
            os.makedirs(d, exist_ok=True)
            self.dirs.add(d)
        with open(path, "wb") as f:
            f.write(data)


def file_name(rng, site, organ, year, ext, style=None):
    style = style or site.style
    if style == "plain":
        return f"{organ.folder}/{year}.{ext}"
    if style == "named":
        return f"{organ.folder}/{year}年政府信息公开工作年度报告.{ext}"
    m = rng.randint(1, 3)
    return f"{organ.folder}/zfxxgknb/{year + 1}{m:02d}/t{year + 1}{m:02d}{rng.randint(1, 28):02d}_{site.next_id()}.{ext}"


def member_name(rng, site, organ, year, ext, style):
    rel = organ.folder[len(site.base) + 1:] if organ.folder.startswith(site.base + "/") else organ.folder
    if style == 0:
        return f"{rel}/{year}.{ext}"
    if style == 1:
        return f"{year}年度报告/{organ.full}.{ext}"
    return f"{site.base.split('/')[-1]}/{rel}/{year}年政府信息公开工作年度报告.{ext}"


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def gen_block(task):
    docs_root, seed, b, quota, mix = task
    mixed = MIXES[mix]
    rng = random.Random(f"ogi-gen:{seed}:{b}")
    site = Site(rng, b, seed)
    w = Writer(docs_root)
    stats = {}

    def stat(k):
        stats[k] = stats.get(k, 0) + 1
    doc_kinds = [(k, mixed["doc_kinds"].get(k, w)) for k, w in DOC_KINDS]
    kinds = [wchoice(rng, doc_kinds) for _ in range(quota)]
    if "report" not in kinds:
        kinds = ["report" if k in ("duplicate", "repost") else k for k in kinds]
    n_rep = kinds.count("report")
    pairs, organs = [], []
    while len(pairs) < n_rep:
        o = site.new_organ(rng)
        organs.append(o)
        for y in organ_years(rng):
            if len(pairs) < n_rep:
                pairs.append((o, y))
    # Re-posts: template reports (2019 on) published twice; where the block
    # has too few, the doc is a byte duplicate instead.
    eligible = [i for i, (o, y) in enumerate(pairs) if y >= 2019]
    n_repost = kinds.count("repost")
    for _ in range(max(0, n_repost - len(eligible))):
        kinds[len(kinds) - 1 - kinds[::-1].index("repost")] = "duplicate"
    reposted = set(rng.sample(eligible, min(n_repost, len(eligible))))
    scope = site.county or site.city
    # Reports: made, then placed as files or archive members. An organ's
    # 上年结转 is its previous template year's printed 结转下年度, but where a
    # carry mismatch is planted.
    reps, reposts, plants = [], [], []
    last = {}                   # id(organ) -> index in reps of its latest report
    for idx, (o, y) in enumerate(pairs):
        fmt = wchoice(rng, REPORT_FORMATS)
        prev = reps[last[id(o)]] if id(o) in last else None
        if prev is not None and (prev["year"] != y - 1 or prev["fig"] is None):
            prev = None
        carried = prev["fig"].apps["carried_forward"][:6] if prev is not None else None
        made, diff = None, None
        if (prev is not None and idx not in reposted and prev["idx"] not in reposted
                and not prev["fig"].note_broken and rng.random() < P_CARRY_MISMATCH):
            made, diff = plant_carry(rng, site, o, y, fmt, prev, scope)
        if made is None:
            made = make_report(rng, site, o, y, fmt, carried=carried)
        data, ext, gold, key, fig = made
        stat(f"format {key[0]}")
        stat(f"layout {key[1]}")
        stat(f"template {key[2]}")
        if gold["notes"].find("IDENTITY BROKEN") >= 0:
            stat("identity broken")
        last[id(o)] = len(reps)
        reps.append({"organ": o, "year": y, "data": data, "ext": ext, "gold": gold, "fig": fig, "idx": idx,
                     "fmt": key[0]})
        if diff is not None:
            plants.append({"kind": "carry_mismatch", "document": reps[-1], "previous": prev, "applicants": diff})
            stat("planted carry_mismatch")
        if idx in reposted:
            for _ in range(RENDER_TRIES):
                d2, ext2, gold2, _, _ = make_report(rng, site, o, y, wchoice(rng, REPORT_FORMATS), fig=fig)
                if d2 != data:
                    break
            gold2["notes"] += ". planted re-post: the same report published again at another address"
            reposts.append({"organ": o, "year": y, "data": d2, "ext": ext2, "gold": gold2, "of": reps[-1]})
            plants.append({"kind": "repost", "documents": [reps[-1], reposts[-1]]})
            stat("planted repost")
    # Hard classes: reports in no planted fault printed again, each from its
    # own stream (the main stream and the site's counter are left as they were).
    involved = set()
    for p in plants:
        for r in ([p["document"], p["previous"]] if p["kind"] == "carry_mismatch" else p["documents"]):
            involved.add(id(r))
    for r in reps:
        if id(r) in involved or not mixed["classes"]:
            continue
        side = random.Random(f"ogi-gen-hard:{seed}:{b}:{r['idx']}")
        cls = draw_class(side, mixed["classes"], r)
        if cls is None:
            continue
        saved = site.counter
        r["data"], r["ext"], r["gold"] = make_variant(side, site, r, cls)
        site.counter = saved
        stat(f"class {cls}")
    i = 0
    while i < len(reps):
        if rng.random() < P_IN_ARCHIVE and len(reps) - i >= 2:
            k = min(len(reps) - i, rng.randint(2, 8))
            group = reps[i:i + k]
            i += k
            kind = wchoice(rng, ARCHIVE_KINDS)
            style = rng.randint(0, 2)
            members = []
            for r in group:
                name = member_name(rng, site, r["organ"], r["year"], r["ext"], style)
                while any(name == mm for mm, _ in members):
                    name = name.replace(".", "_1.", 1)
                members.append((name, r["data"]))
            aid = site.next_id()
            if kind == "zip":
                path = site.claim(f"{site.base}/打包下载/{rng.choice(['年报合集', '政府信息公开年报', 'nianbao'])}_{aid}.zip")
                entries = list(members)
                if rng.random() < 0.3:
                    dirs = sorted(set(n.rsplit("/", 1)[0] + "/" for n, _ in members if "/" in n))
                    entries = [(d, b"") for d in dirs] + entries
                w.put(path, zip_build(entries, gbk_names=rng.random() < P_GBK_MEMBER_NAMES))
                for (name, _), r in zip(members, group):
                    r["place"] = (path, entries.index((name, r["data"])))
                    r["doc"] = f"{path}!{name}"
                stat("container zip")
            elif kind == "targz":
                path = site.claim(f"{site.base}/backup/site_{aid}.{rng.choice(['tar.gz', 'tgz'])}")
                w.put(path, targz_build(members))
                for idx, ((name, _), r) in enumerate(zip(members, group)):
                    r["place"] = (path, idx)
                    r["doc"] = f"{path}!{name}"
                stat("container tar.gz")
            else:
                path = site.claim(f"{site.base}/附件/年报汇编_{aid}.zip")
                inner_name = f"年报/inner_{aid}.zip"
                inner = zip_build(members)
                readme = f"本压缩包收录{site.county or site.city}政府信息公开工作年度报告，编号{aid}-{b}。".encode("utf-8")
                w.put(path, zip_build([(inner_name, inner), ("说明.txt", readme)], level=1))
                for idx, ((name, _), r) in enumerate(zip(members, group)):
                    r["place"] = (path, idx)
                    r["doc"] = f"{path}!{inner_name}!{name}"
                stat("container zip in zip")
        else:
            r = reps[i]
            i += 1
            path = site.claim(file_name(rng, site, r["organ"], r["year"], r["ext"]))
            w.put(path, r["data"])
            r["place"] = (path, 0)
            r["doc"] = path
            stat("container file")
    for r in reposts:
        o, y = r["organ"], r["year"]
        if rng.random() < 0.7:
            path = file_name(rng, site, o, y, r["ext"], "web")
        else:
            path = f"{site.base}/政府信息公开年报/{y + 1}/{site.next_id()}.{r['ext']}"
        path = site.claim(path)
        w.put(path, r["data"])
        r["place"] = (path, 0)
        r["doc"] = path
    entries = [(r["doc"], r["gold"], True) for r in reps + reposts]
    empties = []
    dup_groups = {}
    anchor = organs or [site.new_organ(rng)]
    for kind in kinds:
        if kind in ("report", "repost"):
            continue
        stat(f"junk {kind}")
        o = rng.choice(anchor)
        uid = site.next_id() + 1000 * b
        if kind == "empty":
            path = site.claim(f"{o.folder}/{rng.randint(2015, 2024)}.{rng.choice(['txt', 'html', 'htm'])}")
            w.put(path, b"")
            empties.append(path)
        elif kind in ("png", "pdf", "doc"):
            data, ext = junk_bytes(rng, kind)
            path = site.claim(f"{o.folder}/{rng.choice(['附件', '图片', ''])}{rng.randint(1, 99)}.{ext}".replace("/.", "/x."))
            w.put(path, data)
            entries.append((path, {"is_report": False, "report": None, "notes": f"{kind} bytes, not a document"}, False))
        elif kind in ("notice", "guide", "nav", "rules"):
            side = random.Random(f"ogi-gen-hard:{seed}:{b}:junk{uid}")
            cls = None
            if kind == "notice":
                data, ext, title = make_notice(rng, site, uid)
                path = site.claim(f"{site.base}/通知公告/t{uid}.{ext}")
                if side.random() < mixed["regulation"]:
                    data, ext, title = make_regulation(side, site, uid)
                    cls = "regulation"
            elif kind == "guide":
                data, ext, title = make_guide(rng, site, o, uid)
                path = site.claim(f"{o.folder}/政府信息公开指南.{ext}")
            elif kind == "nav":
                data, ext, title = make_nav(rng, site, organs, uid)
                path = site.claim(f"{site.base}/zfxxgknb/index_{uid}.{ext}")
                if side.random() < mixed["landing"]:
                    data, ext, title = make_landing(side, site, o, uid)
                    path = path.rsplit(".", 1)[0] + "." + ext
                    cls = "landing_page"
            else:
                data, ext, title = make_rules(rng, site, uid)
                path = site.claim(f"{site.base}/zcwj/{uid}.{ext}")
            w.put(path, data)
            g = {"is_report": False,
                 "report": {"title": title, "organ": None, "region": None, "year": None,
                            "template": None, "publish_date": None, "index_number": None},
                 "notes": f"non-report: {cls or kind}"}
            if cls:
                g["gen_class"] = cls
                stat(f"class {cls}")
            entries.append((path, g, False))
        elif kind == "bomb":
            size = rng.choice(BOMB_SIZES)
            path = site.claim(f"{site.base}/附件/data_{uid}.zip")
            member = rng.choice(["zeros.txt", f"数据/{uid}.txt", "backup.dat"])
            readme = f"附件说明 {uid} {site.county or site.city}".encode("utf-8")
            w.put(path, zip_build([(member, b"", bomb_member(size)), ("readme.txt", readme)]))
            entries.append((f"{path}!{member}", {"is_report": False, "report": None,
                                                 "notes": f"zip bomb: {size >> 20} MB of zeros"}, False))
        elif kind == "corrupt":
            fresh = site.new_organ(rng)
            data, ext, _, _, _ = make_report(rng, site, fresh, rng.randint(2019, 2024), "txt")
            z = zip_build([(f"{fresh.full}.{ext}", data)])
            z = z[:int(len(z) * rng.uniform(0.3, 0.8))]
            path = site.claim(f"{site.base}/打包下载/broken_{uid}.zip")
            w.put(path, z)
            entries.append((path, {"is_report": False, "report": None, "notes": "truncated zip: not readable"}, False))
        elif kind == "duplicate":
            r = rng.choice(reps)
            ext = r["doc"].rsplit(".", 1)[-1]
            if rng.random() < 0.7:
                path = site.claim(rng.choice([
                    f"{site.base}/转载/{r['organ'].full}{r['year']}.{ext}",
                    f"{r['organ'].folder}/{r['year']}(1).{ext}",
                    f"{site.base}/zfxxgknb/{r['year']}/{site.next_id()}.{ext}",
                ]))
                w.put(path, r["data"])
                place, doc = (path, 0), path
            else:
                path = site.claim(f"{site.base}/打包下载/copy_{uid}.zip")
                name = f"{r['organ'].full}/{r['year']}.{ext}"
                w.put(path, zip_build([(name, r["data"])]))
                place, doc = (path, 0), f"{path}!{name}"
            dup_groups.setdefault(id(r), [r]).append({"place": place, "doc": doc})
    # Byte duplicates: the first copy in path order holds the row.
    gold_of = {}
    for group in dup_groups.values():
        r = group[0]
        copies = sorted(group, key=lambda c: c["place"])
        first = copies[0]
        gold_of[r["doc"]] = first["doc"]
        for c in copies[1:]:
            entries.append((c["doc"], {"is_report": False, "duplicate_of": first["doc"], "report": None,
                                       "notes": "byte copy of another document"}, False))
    lines = []
    for doc, g, is_rep in entries:
        g = dict(g)
        g["document"] = gold_of.get(doc, doc) if is_rep else doc
        lines.append(dumps(g))
    gdoc = lambda r: gold_of.get(r["doc"], r["doc"])
    planted = []
    for p in plants:
        if p["kind"] == "repost":
            planted.append({"kind": "repost", "documents": sorted(gdoc(r) for r in p["documents"])})
        else:
            planted.append({"kind": p["kind"], "document": gdoc(p["document"]),
                            "previous": gdoc(p["previous"]), "applicants": p["applicants"]})
    planted = sorted(dumps(p) + "\n" for p in planted)
    return "\n".join(lines) + ("\n" if lines else ""), empties, stats, "".join(planted)


# ---------------------------------------------------------------------------
# Main.


def run(out, n, seed, jobs, quiet, mix="default"):
    docs = os.path.join(out, "docs")
    if os.path.exists(docs) and os.listdir(docs):
        sys.exit(f"{docs} is not empty: choose an empty --out folder")
    os.makedirs(docs, exist_ok=True)
    t0 = time.time()
    nblocks = (n + BLOCK_DOCS - 1) // BLOCK_DOCS
    tasks = ((docs, seed, b, min(BLOCK_DOCS, n - b * BLOCK_DOCS), mix) for b in range(nblocks))
    stats, empties = {}, []
    tmp = os.path.join(out, "gold.jsonl.tmp")
    ptmp = os.path.join(out, "planted.jsonl.tmp")
    done = 0
    with open(tmp, "w", encoding="utf-8") as g, open(ptmp, "w", encoding="utf-8") as pl:
        if jobs <= 1:
            results = map(gen_block, tasks)
            pool = None
        else:
            pool = Pool(jobs)
            results = pool.imap(gen_block, tasks, chunksize=2)
        for lines, emp, st, planted in results:
            g.write(lines)
            pl.write(planted)
            empties += emp
            for k, v in st.items():
                stats[k] = stats.get(k, 0) + v
            done += 1
            if not quiet and done % 200 == 0:
                print(f"  {done}/{nblocks} blocks, {time.time() - t0:.0f}s", file=sys.stderr)
        if pool is not None:
            pool.close()
            pool.join()
        empties.sort()
        for i, p in enumerate(empties):
            rec = {"document": p, "is_report": False, "report": None, "notes": "empty file"}
            if i:
                rec["duplicate_of"] = empties[0]
                rec["notes"] = "empty file (a byte copy of the first empty file)"
            g.write(dumps(rec) + "\n")
    os.replace(tmp, os.path.join(out, "gold.jsonl"))
    os.replace(ptmp, os.path.join(out, "planted.jsonl"))
    if not quiet:
        total = sum(v for k, v in stats.items() if k.startswith("format "))
        print(f"wrote {n} documents in {nblocks} blocks to {out} in {time.time() - t0:.1f}s", file=sys.stderr)
        for k in sorted(stats):
            print(f"  {k:<28}{stats[k]:>9}", file=sys.stderr)
        print(f"  reports {total}", file=sys.stderr)


def check_planted(out, quiet=False):
    """Check DIR/gold.jsonl against DIR/planted.jsonl as a perfect reader of
    the gold would see it: template reports grouped by organ_key (scope from
    the path, name from the gold) and year; every group of two or more
    documents is a planted re-post (figures equal), and for every organ's
    consecutive years the 上年结转 cells equal the previous year's 结转下年度
    cells (where both have a number) except in planted carry mismatches,
    which differ in exactly the columns listed. True when all holds."""
    planted = []
    with open(os.path.join(out, "planted.jsonl"), encoding="utf-8") as f:
        planted = [json.loads(line) for line in f]
    carries = {p["document"]: p for p in planted if p["kind"] == "carry_mismatch"}
    reposts = {frozenset(p["documents"]) for p in planted if p["kind"] == "repost"}
    in_repost = set().union(*reposts) if reposts else set()
    groups, cells = {}, {}
    with open(os.path.join(out, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            if not g.get("is_report") or g["report"]["template"] not in ("gov2019", "gov2021"):
                continue
            doc = g["document"]
            key = organ_key(doc_scope(doc), g["report"]["organ"])
            co, cf, _ = carry_cells(g)
            groups.setdefault((key, g["report"]["year"]), []).append((doc, co, cf))
            if doc in in_repost:
                cells[doc] = {(c["row"], c["applicant"]): c["value"] for c in g["applications"]}
    problems = []
    multi = {frozenset(d for d, _, _ in docs) for docs in groups.values() if len(docs) > 1}
    for s in sorted(sorted(x) for x in multi - reposts):
        problems.append(f"same organ and year, not planted: {s}")
    for s in sorted(sorted(x) for x in reposts - multi):
        problems.append(f"planted re-post not one organ-year: {s}")
    for s in reposts:
        a, b = (cells.get(d, {}) for d in sorted(s))
        if any(a[k] != b[k] for k in a.keys() & b.keys() if a[k] is not None and b[k] is not None):
            problems.append(f"planted re-post with other figures: {sorted(s)}")
    n_pairs, found = 0, {}
    for (key, y), docs in groups.items():
        before = groups.get((key, y - 1))
        if not before:
            continue
        n_pairs += 1
        for doc, co, _ in docs:
            for pdoc, _, cf in before:
                diff = [APPLICANTS[i] for i in range(7)
                        if co[i] is not None and cf[i] is not None and co[i] != cf[i]]
                if diff:
                    found[doc] = (pdoc, diff)
    for doc in sorted(found.keys() - carries.keys()):
        problems.append(f"carry differs, not planted: {doc} (from {found[doc][0]}: {found[doc][1]})")
    for doc in sorted(carries):
        p = carries[doc]
        if doc not in found:
            problems.append(f"planted carry mismatch not seen: {doc}")
        elif found[doc] != (p["previous"], p["applicants"]):
            problems.append(f"planted carry mismatch seen as {found[doc]}, planted {p}")
    if not quiet:
        print(f"{len(carries)} planted carry mismatches, {len(reposts)} planted re-posts; "
              f"{n_pairs} consecutive-year organ pairs compared, {len(problems)} problems")
        for line in problems[:20]:
            print("  " + line)
    return not problems


def selftest():
    """Check the glued-digit rule against the rows of real/r002 and r004
    (whose gold was labelled by hand), and the Big5 table."""
    ok = True

    def check(name, got, want):
        nonlocal ok
        if got != want:
            ok = False
            print(f"FAIL {name}: got {got} want {want}")
        else:
            print(f"ok   {name}")
    any_ = "any"
    last_is_sum, groups_of_five = "sum", "five"
    # r002 (gov2019): 第二十条 rows.
    check("r002 规章000", readings(["000"], 3, any_), [("0", "0", "0")])
    for d, n in (("898989", 3), ("3960181", 3), ("100153", 3), ("26480430", 3), ("126025", 3), ("350", 2)):
        check(f"r002 {d} ambiguous", len(readings([d], n, any_)) > 1, True)
    check("r002 procurement unit glued", readings(["13575394432.52元"], 2, any_), [])
    # r002 section 三 rows with stray spaces.
    check("r002 一", readings(["230", "000023"], 7, last_is_sum), [("23", "0", "0", "0", "0", "0", "23")])
    check("r002 (六)", readings("0 0 0 0 0 00".split(), 7, last_is_sum), [("0",) * 7])
    check("r002 (七)", readings("23 0 00 0 023".split(), 7, last_is_sum), [("23", "0", "0", "0", "0", "0", "23")])
    check("r002 四", readings(" 0 0 00 00 0 ".split(), 7, last_is_sum), [("0",) * 7])
    check("r002 section 四", readings(["0" * 15], 15, groups_of_five), [("0",) * 15])
    # r004 (gov2021): the whole section 三 as printed, settled by columns.
    rows = [("new_received", "640020470"), ("carried_over", "0000000"), ("granted", "270020130"),
            ("partially_granted", "500000 5"), ("denied_state_secret", "0000000"),
            ("denied_prohibited_by_law", "0000000"), ("denied_endangers_security_stability", "0000000"),
            ("denied_third_party_rights", "0000000"), ("denied_internal_affairs", "1000001"),
            ("denied_process_information", "0000000"), ("denied_law_enforcement_files", "6000006"),
            ("denied_administrative_query", "1000001"), ("unavailable_not_held", "220000325"),
            ("unavailable_needs_creation", "0000000"), ("unavailable_unclear_after_correction", "0000000"),
            ("not_processed_petition", "0000000"), ("not_processed_duplicate", "0000000"),
            ("not_processed_publication", "0000000"), ("not_processed_excessive", "0000000"),
            ("not_processed_confirmation", "0000000"), ("other_no_correction", "0000000"),
            ("other_unpaid_fee", "0000000"), ("other_misc", "1000001"), ("total", "630020469"),
            ("carried_forward", "1000001")]
    found = {code: readings(text.split(), 7, last_is_sum) for code, text in rows}
    check("r004 予以公开 has two readings", len(found["granted"]), 2)
    check("r004 不掌握 has two readings", len(found["unavailable_not_held"]), 2)
    settle_columns(found)
    check("r004 予以公开 settled", found["granted"], [("27", "0", "0", "2", "0", "1", "30")])
    check("r004 不掌握 settled", found["unavailable_not_held"], [("22", "0", "0", "0", "0", "3", "25")])
    check("r004 一", found["new_received"], [("64", "0", "0", "2", "0", "4", "70")])
    check("r004 section 四", readings(["10203120001200000"], 15, groups_of_five),
          [tuple("1 0 2 0 3 12 0 0 0 12 0 0 0 0 0".split())])
    check("r004 20.1 693665 ambiguous", len(readings(["693665"], 3, any_)) > 1, True)
    # Every Traditional page must encode in Big5.
    rng = random.Random(1)
    site = Site(rng, 0, 1)
    bad = set()
    for i in range(300):
        o = site.new_organ(rng)
        text = " ".join(to_trad(fill(rng, x, o.names[0][0], 2015)) for _, pool in NARRATIVE_PARTS for x in pool)
        text += to_trad(o.full + "标题 发布时间 文号 发布机构 栏目 政府信息公开年报 原文链接 本地目录 页面链接与图片详见"
                        " 同目录 正文 当前位置：首页 > 政务公开 索引号 公开方式 主动公开 公开日期 发布日期 发布单位"
                        " 来源 浏览次数 字体 打印 关闭 分享到 微信 微博 打印本页 关闭本页 人民政府办公室 政务公开办"
                        " 附件：政府信息公开情况统计表 指标名称 计量单位 年度 历年累计 主动公开信息数 依申请公开信息数"
                        " 行政复议数 政府信息公开工作年度报告 如对本报告有任何疑问，请与人民政府联系。"
                        + "".join(DEPARTMENTS) + "".join(PROVINCES) + "管理中心")
        for ch in text:
            try:
                ch.encode("big5")
            except UnicodeEncodeError:
                bad.add(ch)
    check("Big5 covers the Traditional pages", "".join(sorted(bad)), "")
    # A small corpus: the carries agree but where planted, re-posts are as listed.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        run(tmp, 1280, 1, 1, True)
        check("planted facts are what the gold shows", check_planted(tmp), True)
        with open(os.path.join(tmp, "planted.jsonl"), encoding="utf-8") as f:
            kinds = sorted(set(json.loads(line)["kind"] for line in f))
        check("both kinds planted", kinds, ["carry_mismatch", "repost"])
    return ok


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output folder (DIR/docs and DIR/gold.jsonl are written); must be empty")
    ap.add_argument("--docs", type=int, help="number of gold documents to make")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: one per core); the output does not depend on it")
    ap.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    ap.add_argument("--mix", choices=sorted(MIXES), default="default",
                    help="proportions of the hard classes: default (a few per mille each) or hard")
    ap.add_argument("--selftest", action="store_true",
                    help="check the glued-digit rule against real/r002 and r004, and the planted "
                         "facts of a small corpus, and exit")
    ap.add_argument("--check", metavar="DIR",
                    help="check DIR/planted.jsonl against DIR/gold.jsonl (carries agree but where "
                         "planted, re-posts as listed) and exit")
    args = ap.parse_args()
    if args.selftest:
        sys.exit(0 if selftest() else 1)
    if args.check:
        sys.exit(0 if check_planted(args.check) else 1)
    if not args.out or args.docs is None:
        ap.error("--out and --docs are required")
    if args.docs < 1:
        ap.error("--docs must be at least 1")
    run(args.out, args.docs, args.seed, max(1, args.jobs), args.quiet, args.mix)


if __name__ == "__main__":
    main()
