#!/usr/bin/env python3
"""Metamorphic tests for ogi: transform labelled documents in ways whose
effect on the gold is known, build them, and count what the build got wrong.

Usage:
    metamorphic.py make --corpus DIR [DIR ...] --out WORKDIR [--limit N] [--seed S]
                        [--transforms T,T,...] [--jobs J]
    metamorphic.py run  --ogi OGI --corpus DIR [DIR ...] --out WORKDIR [--limit N] [--seed S]
                        [--transforms T,T,...] [--jobs J] [--examples K] [--score SCORE_PY]
    metamorphic.py report --out WORKDIR [--examples K]
    metamorphic.py list

A corpus DIR is labelled: DIR/docs plus DIR/gold/*.json (one per document,
`document` relative to DIR, as shared/corpus/*) or DIR/gold.jsonl
(`document` relative to DIR/docs, as scripts/gen_corpus.py writes it;
`archive!member` paths are read from the archive). Documents that are byte
duplicates (`duplicate_of`) and junk are skipped.

`make` writes WORKDIR/docs/TRANSFORM/CORPUS/<the source's path> and
WORKDIR/gold.jsonl, one line per written document in the format of
shared/spec/gold.md, with two extra keys the scorer ignores: `transform` and
`source` (CORPUS:document of the original). `run` also builds the folder
with `OGI build WORKDIR/docs --out WORKDIR/build --quiet`, scores it with
shared/tools/score.py --json (WORKDIR/score.json), then scores every
document itself to give figures per transform, prints them (and writes
WORKDIR/metamorphic.json) and exits 1 when any false value or false name
appears, or when a value-keeping transform reads fewer of the cells it kept
than the untransformed documents did (more than 0.5 percentage points
lower, over exactly the same cells: the "paired" recall). Everything is
deterministic from --seed (and independent of --jobs). --limit N keeps at
most N written documents, spread evenly over the transforms (the
untransformed copies of the sources used are among them).

Every source is first written untransformed (transform `identity`): that is
the baseline the others are compared with, cell by cell.

Transforms and their effect on the gold (a table "removed" keeps its key
with an empty list, so any value a build writes for it is false):

Value-keeping: the gold cells are the source's.
  trad_utf8, trad_big5  the whole document converted from Simplified to
        Traditional script with OpenCC's s2t table (the pip package
        opencc-python-reimplemented, installed at run time when missing),
        written as UTF-8 (.txt, .html with its charset set to utf-8, .docx)
        or Big5 (.txt sources only; a document with a character Big5 lacks
        is skipped; NBSP padding becomes a space). Gold title, organ and
        region become the same strings converted: ogi keeps names as
        printed. A name whose converted form is not found in the converted
        text (the phrase table converted it otherwise in context) is
        nulled, so not scored.
  layout_tabs, layout_spaces, layout_cellperline, layout_pipes,
  layout_markdown, layout_html, layout_docx
        sections 二, 三 and 四 (from the heading 二、主动公开… to the heading
        五、…) re-printed from the gold in that layout: tab-separated rows,
        rows with runs of 2-6 spaces, one cell per line, `a | b |` rows,
        markdown tables, an HTML page with <table> (rowspan/colspan
        headers), a .docx written with zipfile and minimal WordprocessingML.
        The text before and after stays (HTML and .docx sources as their
        text). Only sources whose gold labels every cell of the three
        tables (glued sources often do not) and whose four headings are
        found. A blank printed empty is printed `-` where a layout cannot
        show an empty cell (spaces, one cell per line); a gov2019
        procurement record is printed as the 第二十条第（九）项 row (gold
        source `table`), with its unit in the header where the amount
        printed none.
  zero_dash, zero_emdash, zero_slash, zero_wu, zero_empty
        re-printed in a layout drawn per document (empty only in the
        layouts whose cells are delimited: tabs, pipes, markdown, html,
        docx), some or all of the cells whose gold value is 0 or null
        printed as `-`, `—`, `/`, `无` or nothing: a 0 so printed becomes a
        null gold value (its raw the marker); a null stays null. Procurement
        is left as printed.
  fullwidth  in place: every ASCII digit (and a point between digits) of
        sections 二-四 printed full-width (text nodes only, in HTML/.docx).
  chrome_add  in place (.txt, .html): breadcrumbs, an 索引号/发布机构/发布日期
        box (its labels before a colon or only a space; 发布日期, 发布时间
        or 发文日期), font/print/close links, share links, a site footer, and a
        "相关文章" list of OTHER reports' titles (other organs, other years),
        above or below the report. Gold index_number becomes the box's
        where the source had none, and publish_date the box's date (the
        source's, or a new one where it printed none).
  chrome_remove  in place (.txt): the page chrome lines above the report
        and below it removed. Metadata no longer printed is nulled.
  label_brackets, label_norm, label_total, label_nonumber, label_linebreak
        in place, in sections 二-四 (not their headings): full-width
        brackets made half-width or the reverse; 行政规范性文件 ↔ 规范性文件;
        （七）总计 → （七）合计; numbering dropped (1. 2. …, （一）… not after
        第, 一、 二、 … of the rows of 三); line breaks inside long labels
        (a newline in text, <br/> in HTML, <w:br/> in .docx).
  section_removed_2, section_removed_3, section_removed_4
        in place: from that section's heading to the next one cut out. Its
        table's gold cells are removed (procurement too with section 二,
        unless its amount is still printed elsewhere); the others are
        unchanged.
  identity_edit  re-printed in a layout drawn per document, one printed
        number of section 三 or 四 changed (+1..+3, or -1) so an identity
        breaks: gold holds the printed number; every other cell is kept.
  mixed_header  re-printed in a layout drawn per document, item 一 of the
        第二十条 table under the other template's three column labels (a
        report that mixes the templates), the rest under its own: the gold
        cells of item 一 take the metric codes of the columns printed.
  header_notes  re-printed in a layout drawn per document, each column
        label of the 第二十条 table followed by a note with figures, as
        provinces annotate the template (处理决定数量(指2020年办件量),
        本年增/减(…减用负值表示,如-8)): the gold is unchanged.
  worded_change  re-printed in a layout drawn per document, each change of
        a gov2019 第二十条 row that is not zero printed with a word for its
        sign (增12, 减3) as offices fill that column: the gold is
        unchanged. Documents without such a change are left out.
  contact_office  in place (.txt, .html): a last line naming another office
        as the report's contact (the town's 党政办公室 where the organ is a
        人民政府, else the organ's own 办公室) with a telephone number or
        an address. The gold is the source's: the organ stays.

Value-removing:
  sentences_2, sentences_3, sentences_4  re-printed, that section's table
        told as sentences (`行政许可290件，行政处罚26件。…`): its gold cells
        are removed (a sentence is not a cell). With section 二 of a gov2019
        report, the procurement figures are one sentence in the form the
        generator prints (`全年政府集中采购N项，采购总金额X万元。`): the
        contract reads those as procurement with source `narrative`.
  cut_mid  re-printed in a text layout or HTML and cut at the end of a
        table row inside sections 二-四 (for one cell per line, after the
        row's last cell; for HTML after its </tr>): the document ends
        there. Gold: the cells of rows printed before the cut; none after.
  nonreport  the report turned into a notice, a news item or a
        "one picture" explainer that quotes a few of its figures (some with
        the table's own labels): is_report false, no values.
  interpretation  the report turned into a page that interprets it (a title
        such as 关于《…年度报告》的解读, 现将…解读如下, a few of its figures
        in sentences, no table): is_report false, no values.

The table, per transform: documents; gold cells with a number; recall;
"paired", the cells kept with their source's value, "base%" the share of
them the untransformed copies gave and "Δpp" how many percentage points
the transformed ones gave more (or fewer); false values; false names;
other metadata written falsely; non-reports rejected. Below it, up to
--examples failures of each class per transform (false values, false
names, false metadata, non-reports taken as reports, cells lost).

Scoring per document mirrors shared/tools/score.py: a false value is a
number where the gold has another (wrong), a number where the gold has a
printed blank, a number for a cell the gold does not list (spurious), or
any value written for a non-report; a false name is a title, organ or
region that the build gives and that does not match the gold (score.py's
lenient matching). Other metadata written falsely (year, template, date,
索引号) is counted and shown, not failed on.
"""

import argparse
import html as htmlmod
import io
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# The two templates.

APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_organization", "legal_service_organization",
              "other_organization", "total"]
APPLICANT_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
PROCS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
OUTS = ["upheld", "corrected", "other", "pending", "total"]
OUT_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

ITEM_HEADS = {"20.1": "第二十条第（一）项", "20.5": "第二十条第（五）项", "20.6": "第二十条第（六）项",
              "20.8": "第二十条第（八）项", "20.9": "第二十条第（九）项"}
CAT_LABELS = {"regulations": "规章", "normative_documents": "规范性文件",
              "administrative_licensing": "行政许可", "other_administrative_services": "其他对外管理服务事项",
              "administrative_penalty": "行政处罚", "administrative_coercion": "行政强制",
              "administrative_fees": "行政事业性收费"}
A20 = {
    "gov2019": [("20.1", ["regulations", "normative_documents"],
                 [("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
                  ("total_published", "对外公开总数量")]),
                ("20.5", ["administrative_licensing", "other_administrative_services"],
                 [("prior_year_count", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]),
                ("20.6", ["administrative_penalty", "administrative_coercion"],
                 [("prior_year_count", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]),
                ("20.8", ["administrative_fees"],
                 [("prior_year_count", "上一年项目数量"), ("change", "本年增/减")])],
    "gov2021": [("20.1", ["regulations", "normative_documents"],
                 [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")]),
                ("20.5", ["administrative_licensing"], [("decisions", "本年处理决定数量")]),
                ("20.6", ["administrative_penalty", "administrative_coercion"], [("decisions", "本年处理决定数量")]),
                ("20.8", ["administrative_fees"], [("fee_amount_wan_yuan", "本年收费金额（单位：万元）")])],
}

TOP3 = "三、本年度办理结果"
DETAIL3 = [
    ("granted", None, "（一）予以公开"),
    ("partially_granted", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_prohibited_by_law", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_endangers_security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party_rights", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process_information", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_law_enforcement_files", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_administrative_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unavailable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear_after_correction", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "（五）不予处理", "2.重复申请"),
    ("not_processed_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER3 = {
    "gov2019": [("other", None, "（六）其他处理")],
    "gov2021": [("other_no_correction", "（六）其他处理",
                 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("other_unpaid_fee", "（六）其他处理",
                 "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ("other_misc", "（六）其他处理", "3.其他")],
}
SEC3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def rows3(template):
    """[(code, top label or None, sub-group label or None, label)] in printed order."""
    out = [("new_received", None, None, "一、本年新收政府信息公开申请数量"),
           ("carried_over", None, None, "二、上年结转政府信息公开申请数量")]
    for i, (code, sub, label) in enumerate(DETAIL3 + OTHER3[template]):
        out.append((code, TOP3, sub, label))
    out.append(("total", TOP3, None, "（七）总计"))
    out.append(("carried_forward", None, None, "四、结转下年度继续办理"))
    return out


HEADINGS = {
    2: re.compile(r"(?<![（(])二\s*[、.．]\s*主动公开"),
    3: re.compile(r"(?<![（(])三\s*[、.．]\s*收到和处理"),
    4: re.compile(r"(?<![（(])四\s*[、.．]\s*政府信息公开行政复议"),
    5: re.compile(r"(?<![（(])五\s*[、.．]"),
}
SEC_HEADS = {2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
             4: "四、政府信息公开行政复议、行政诉讼情况"}

BLANKS = ("", "-", "—", "/", "无", "－", "——", "／", "無")
MARKERS = {"zero_dash": "-", "zero_emdash": "—", "zero_slash": "/", "zero_wu": "无", "zero_empty": ""}

TEXT_LAYOUTS = ["tabs", "spaces", "cellperline", "pipes", "markdown"]
ALL_LAYOUTS = TEXT_LAYOUTS + ["html", "docx"]
DELIMITED = ["tabs", "pipes", "markdown", "html", "docx"]

TRANSFORMS = [
    "identity",
    "trad_utf8", "trad_big5",
    "layout_tabs", "layout_spaces", "layout_cellperline", "layout_pipes", "layout_markdown",
    "layout_html", "layout_docx",
    "zero_dash", "zero_emdash", "zero_slash", "zero_wu", "zero_empty",
    "fullwidth", "chrome_add", "chrome_remove",
    "label_brackets", "label_norm", "label_total", "label_nonumber", "label_linebreak",
    "section_removed_2", "section_removed_3", "section_removed_4",
    "identity_edit",
    "sentences_2", "sentences_3", "sentences_4",
    "cut_mid", "nonreport", "interpretation", "contact_office", "mixed_header",
    "header_notes", "worded_change",
]
VALUE_REMOVING = {"sentences_2", "sentences_3", "sentences_4", "cut_mid", "nonreport", "interpretation"}
FACT_TABLES = {"proactive_disclosure": ("item", "category", "metric"),
               "applications": ("row", "applicant"), "reviews": ("proceeding", "outcome")}
NAME_FIELDS = ("title", "organ", "region")
META_FIELDS = ("year", "template", "organ", "region", "publish_date", "index_number", "title")

FW = str.maketrans("0123456789", "０１２３４５６７８９")

# ---------------------------------------------------------------------------
# Traditional script.

_CC = {}


def trad(cc, text, names):
    """`text` converted, each of `names` (the organ, the region) converted
    alone and printed so wherever it occurs: the phrase table would convert
    a place name by its neighbours (谷 as 穀 before some characters), and
    ogi keeps names as printed."""
    names = sorted({x for x in names if x}, key=lambda x: (-len(x), x))
    if not names:
        return cc.convert(text)
    for i, name in enumerate(names):
        text = text.replace(name, f"\ue000{i}\ue001")
    text = cc.convert(text)
    for i, name in enumerate(names):
        text = text.replace(f"\ue000{i}\ue001", cc.convert(name))
    return text


def converter(config="s2t"):
    """OpenCC's converter (s2t: OpenCC's standard Traditional; s2tw: Taiwan's
    forms, which Big5 holds), installing the package with pip when missing."""
    if config in _CC:
        return _CC[config] or None
    try:
        from opencc import OpenCC
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "opencc-python-reimplemented"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            import importlib
            importlib.invalidate_caches()
            from opencc import OpenCC
        except ImportError:
            print("note: opencc-python-reimplemented could not be installed: trad_* transforms skipped",
                  file=sys.stderr)
            _CC[config] = False
            return None
    _CC[config] = OpenCC(config)
    return _CC[config]


# ---------------------------------------------------------------------------
# Reading corpora.


class Source:
    __slots__ = ("corpus", "document", "rel", "data", "gold", "ext")

    def __init__(self, corpus, document, rel, data, gold):
        self.corpus = corpus        # short name of the corpus
        self.document = document    # gold `document` as written there
        self.rel = rel              # path to write under docs/TRANSFORM/CORPUS/
        self.data = data
        self.gold = gold
        self.ext = rel.rsplit(".", 1)[-1].lower() if "." in rel.rsplit("/", 1)[-1] else ""


def zip_member_names(zf):
    """{true name: ZipInfo}: names without the UTF-8 flag decoded as GB18030."""
    out = {}
    for info in zf.infolist():
        name = info.filename
        if not info.flag_bits & 0x800:
            try:
                name = name.encode("cp437").decode("gb18030")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        out[name] = info
    return out


def read_member(container, name, inner):
    """Bytes of `name` inside archive bytes `container` (zip or tar.gz)."""
    if container[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(container)) as zf:
            names = zip_member_names(zf)
            if name in names:
                return zf.read(names[name])
            if name in zf.namelist():
                return zf.read(name)
            return None
    try:
        with tarfile.open(fileobj=io.BytesIO(container), mode="r:*") as tf:
            m = tf.getmember(name)
            return tf.extractfile(m).read()
    except (KeyError, tarfile.TarError):
        return None


def read_document(root, document):
    parts = document.split("!")
    p = root / parts[0]
    if not p.is_file():
        return None
    data = p.read_bytes()
    for i, name in enumerate(parts[1:]):
        data = read_member(data, name, i)
        if data is None:
            return None
    return data


def load_corpus(path, name):
    path = Path(path)
    if (path / "gold").is_dir():
        golds = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((path / "gold").glob("*.json"))]
        root = path
    elif (path / "gold.jsonl").is_file():
        with open(path / "gold.jsonl", encoding="utf-8") as fh:
            golds = [json.loads(line) for line in fh if line.strip()]
        root = path / "docs"
    else:
        sys.exit(f"{path}: neither gold/ nor gold.jsonl")
    out = []
    for g in golds:
        if g.get("duplicate_of"):
            continue
        doc = g["document"]
        is_report = g.get("is_report", True)
        rep = g.get("report") or {}
        if not is_report and not rep.get("title"):
            continue            # junk, bombs, corrupt archives: nothing to transform
        data = read_document(root, doc)
        if not data:
            continue
        rel = doc[5:] if doc.startswith("docs/") and root == path else doc
        parts = rel.split("!")
        rel = "/".join([p.replace(".", "_") for p in parts[:-1]] + [parts[-1]])
        out.append(Source(name, doc, rel, data, g))
    return out


# ---------------------------------------------------------------------------
# Decoding and the text of a document.


def decode(data, hints=()):
    """(text, encoding): BOMs first; else the first of UTF-8, GB18030, Big5
    that decodes strictly and shows one of `hints` (the gold's names)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace"), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace"), "utf-16-be"
    found = []
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            found.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            pass
    hints = [re.sub(r"\s+", "", h) for h in hints if h]
    for text, enc in found:
        flat = re.sub(r"\s+", "", text)
        if not hints or any(h in flat for h in hints):
            return text, enc
    if found:
        return found[0]
    return data.decode("utf-8", "replace"), "utf-8"


def encode(text, enc):
    if enc == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc in ("utf-16-le", "utf-16-be"):
        return (b"\xff\xfe" if enc == "utf-16-le" else b"\xfe\xff") + text.encode(enc)
    return text.encode(enc)


BLOCK_TAGS = re.compile(r"<\s*/?\s*(p|div|br|tr|li|ul|ol|h[1-6]|table|tbody|thead|title|section|article|dd|dt)\b[^>]*>",
                        re.I)


def html_to_text(h):
    """Readable text of an HTML page: blocks on lines, cells tab-separated."""
    h = re.sub(r"(?is)<head\b.*?</head>", "\n", h)
    h = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", h)
    h = re.sub(r"(?s)<!--.*?-->", " ", h)
    h = re.sub(r"(?i)<\s*/\s*t[dh]\s*>", "\t", h)
    h = BLOCK_TAGS.sub("\n", h)
    h = re.sub(r"<[^>]*>", "", h)
    h = htmlmod.unescape(h).replace("\u00a0", " ")
    lines = []
    for line in h.split("\n"):
        line = re.sub(r"[ \r\f\v]+", " ", line).strip(" ")
        line = re.sub(r"\t\s*$", "", line.strip())
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


def docx_xml(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None


def docx_to_text(xml):
    """Paragraphs on lines; table cells tab-separated, a row per line."""
    out = []
    body = re.sub(r"<w:br\s*/>", "\n", xml)
    body = re.sub(r"</w:tc>", "\t", body)
    body = re.sub(r"</w:p>", "\n", body)
    body = re.sub(r"</w:tr>", "\n", body)
    body = re.sub(r"<[^>]+>", "", body)
    body = htmlmod.unescape(body)
    for line in body.split("\n"):
        line = line.strip()
        if line.strip("\t"):
            out.append(line.rstrip("\t"))
    return "\n".join(out)


class Doc:
    """A source as the transforms see it: its format, its raw string (the
    text, the HTML or the .docx document.xml) and encoding, and its plain
    text."""

    def __init__(self, src):
        g = src.gold
        rep = g.get("report") or {}
        hints = [rep.get("title"), rep.get("organ")]
        data = src.data
        self.fmt = "txt"
        self.enc = "utf-8"
        if src.ext == "docx" or (data[:2] == b"PK" and b"word/document.xml" in data[:4000]):
            self.fmt = "docx"
            self.raw = docx_xml(data)
            self.text = docx_to_text(self.raw) if self.raw is not None else None
        else:
            text, self.enc = decode(data, hints)
            low = text[:3000].lower()
            if src.ext in ("html", "htm", "shtml") or "<html" in low or "<body" in low or "<table" in low:
                self.fmt = "html"
                self.raw = text
                self.text = html_to_text(text)
            else:
                self.raw = text.replace("\r\n", "\n")
                self.text = self.raw


def find_sections(text):
    """{2: match, 3: match, 4: match, 5: match} of the section headings, in
    order, or None when one is missing."""
    out = {}
    pos = 0
    for k in (2, 3, 4, 5):
        m = HEADINGS[k].search(text, pos)
        if not m:
            return None
        out[k] = m
        pos = m.end()
    return out


def line_start(text, i):
    """Move a heading position back over markdown hashes and spaces at the start of its line."""
    j = i
    while j > 0 and text[j - 1] in " \t#\u3000":
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return j
    return i


# ---------------------------------------------------------------------------
# The tables of a report, from its gold.


def is_number_text(raw, value):
    s = unicodedata.normalize("NFKC", raw or "").strip().replace(",", "")
    try:
        return value is not None and math.isclose(float(s), float(value), abs_tol=1e-9)
    except ValueError:
        return False


def fmt_value(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


class Cell:
    __slots__ = ("table", "key", "raw", "value")

    def __init__(self, table, key, raw, value):
        self.table = table
        self.key = key
        self.value = value
        raw = (raw or "").strip()
        if value is None:
            self.raw = raw if raw in BLANKS else "-"
        elif is_number_text(raw, value):
            self.raw = unicodedata.normalize("NFKC", raw).strip()
        else:
            self.raw = fmt_value(value)


class Model:
    """Sections 二, 三 and 四 of a template report: every cell from the gold."""

    def __init__(self):
        self.template = None
        self.a20 = []           # [(item, [(category, [Cell])], [(metric, label)])]
        self.proc = None        # (count Cell, amount Cell, header text, gold record)
        self.apps = []          # [(code, top, sub, label, [Cell])]
        self.revs = []          # [Cell] * 15

    def cells(self):
        for item, rows, cols in self.a20:
            for cat, cells in rows:
                yield from cells
        for r in self.apps:
            yield from r[4]
        yield from self.revs


def model_from_gold(g):
    """The Model of a gold record that labels every cell of sections 二-四, else None."""
    rep = g.get("report") or {}
    t = rep.get("template")
    if t not in A20 or not g.get("is_report", True):
        return None
    if any(k not in g for k in FACT_TABLES):
        return None
    pd = {(c["item"], c["category"], c["metric"]): c for c in g["proactive_disclosure"]}
    ap = {(c["row"], c["applicant"]): c for c in g["applications"]}
    rv = {(c["proceeding"], c["outcome"]): c for c in g["reviews"]}
    m = Model()
    m.template = t
    for item, cats, cols in A20[t]:
        rows = []
        for cat in cats:
            cells = []
            for metric, _ in cols:
                c = pd.get((item, cat, metric))
                if c is None:
                    return None
                cells.append(Cell("proactive_disclosure", (item, cat, metric), c.get("raw"), c.get("value")))
            rows.append((cat, cells))
        m.a20.append((item, rows, cols))
    if len(pd) != sum(len(cats) * len(cols) for _, cats, cols in A20[t]):
        return None
    for code, top, sub, label in rows3(t):
        cells = []
        for a in APPLICANTS:
            c = ap.get((code, a))
            if c is None:
                return None
            cells.append(Cell("applications", (code, a), c.get("raw"), c.get("value")))
        m.apps.append((code, top, sub, label, cells))
    if len(ap) != 7 * len(m.apps):
        return None
    for p in PROCS:
        for o in OUTS:
            c = rv.get((p, o))
            if c is None:
                return None
            m.revs.append(Cell("reviews", (p, o), c.get("raw"), c.get("value")))
    procs = g.get("procurement") or []
    if t == "gov2019" and procs:
        p = procs[0]
        raw = p.get("amount_raw") or ""
        hdr = "采购总金额"
        if not raw.endswith("元") and p.get("amount_unit") == "wan_yuan":
            hdr = "采购总金额（单位：万元）"
        elif not raw.endswith("元") and p.get("amount_unit") == "yuan":
            hdr = "采购总金额（单位：元）"
        count = Cell("procurement", ("count",), str(p["project_count"]) if p.get("project_count") is not None else "-",
                     p.get("project_count"))
        amount = Cell("procurement", ("amount",), raw, None)
        amount.raw = unicodedata.normalize("NFKC", raw).strip() or "-"
        rec = dict(p)
        rec["source"] = "table"
        m.proc = (count, amount, hdr, rec)
    return m


# ---------------------------------------------------------------------------
# Printing the tables.


class Style:
    def __init__(self, rng, layout):
        self.layout = layout
        self.rng = rng
        self.note = rng.random() < 0.6
        self.blank_lines = rng.random() < 0.5       # cellperline: a blank line after each cell

    def sep(self):
        return " " * self.rng.randint(2, 6)

    def raw(self, cell):
        if cell.raw == "" and self.layout in ("spaces", "cellperline"):
            return "-"
        return cell.raw


def a20_units(m, st, proc=True):
    """[(header fields, None) | (row fields, cells)] of section 二."""
    out = []
    for item, rows, cols in m.a20:
        out.append(("head", [ITEM_HEADS[item]], []))
        out.append(("cols", ["信息内容"] + [c for _, c in cols], []))
        for cat, cells in rows:
            label = CAT_LABELS[cat]
            if cat == "normative_documents" and m.template == "gov2021":
                label = "行政规范性文件"
            out.append(("row", [label] + [st.raw(c) for c in cells], cells))
    if proc and m.proc is not None:
        count, amount, hdr, _ = m.proc
        out.append(("head", [ITEM_HEADS["20.9"]], []))
        out.append(("cols", ["信息内容", "采购项目数量", hdr], []))
        out.append(("row", ["政府集中采购", st.raw(count), st.raw(amount)], [count, amount]))
    return out


def render_text(m, st, skip=()):
    """Sections 二-四 as text lines: [(line, [cells completed on this line])]."""
    L = []
    lay = st.layout
    rng = st.rng

    def add(line, cells=()):
        L.append((line, list(cells)))

    def row(fields, cells=(), width=None):
        if lay == "tabs":
            add("\t".join(fields), cells)
        elif lay == "spaces":
            s = fields[0] if fields else ""
            for f in fields[1:]:
                s += st.sep() + f
            add(s, cells)
        elif lay == "pipes":
            add("| " + " | ".join(fields) + " |", cells)
        elif lay == "markdown":
            add("| " + " | ".join(fields) + " |", cells)
        elif lay == "cellperline":
            for i, f in enumerate(fields):
                add(f, cells if i == len(fields) - 1 else ())
                if st.blank_lines:
                    add("")

    def md_sep(n):
        add("|" + "---|" * n)

    # Section 二.
    add(SEC_HEADS[2])
    if 2 in skip:
        add(skip[2])
    else:
        units = a20_units(m, st)
        for kind, fields, cells in units:
            if kind == "head":
                if lay == "markdown":
                    add("")
                    add("**" + fields[0] + "**")
                else:
                    row(fields)
            elif kind == "cols":
                row(fields)
                if lay == "markdown":
                    md_sep(len(fields))
            else:
                row(fields, cells)
        if lay == "markdown":
            add("")
    # Section 三.
    add(SEC_HEADS[3])
    if 3 in skip:
        add(skip[3])
    else:
        if st.note:
            add(SEC3_NOTE)
        if lay == "markdown":
            row(["项目"] + APPLICANT_LABELS)
            md_sep(8)
        elif lay == "cellperline":
            row(["申请人情况", "自然人", "法人或其他组织", "总计"] + APPLICANT_LABELS[1:6])
        else:
            row(["", "", "申请人情况"] if lay != "spaces" else ["申请人情况"])
            row(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"] if lay != "spaces"
                else ["自然人", "法人或其他组织", "总计"])
            row(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""] if lay != "spaces"
                else APPLICANT_LABELS[1:6])
        seen_top, seen_sub = False, set()
        for code, top, sub, label, cells in m.apps:
            labels = []
            if top and not seen_top:
                labels.append(top)
                seen_top = True
            if sub and sub not in seen_sub:
                labels.append(sub)
                seen_sub.add(sub)
            labels.append(label)
            vals = [st.raw(c) for c in cells]
            if lay == "markdown":
                row([" ".join(labels)] + vals, cells)
            elif lay == "cellperline":
                row(labels + vals, cells)
            else:
                row(labels + vals, cells)
        if lay == "markdown":
            add("")
    # Section 四.
    add(SEC_HEADS[4])
    if 4 in skip:
        add(skip[4])
    else:
        vals = [st.raw(c) for c in m.revs]
        if lay == "markdown":
            row(["行政复议", "", "", "", "", "行政诉讼（未经复议直接起诉）", "", "", "", "",
                 "行政诉讼（复议后起诉）", "", "", "", ""])
            md_sep(15)
            row(OUT_LABELS * 3)
            row(vals, m.revs)
            add("")
        elif lay == "cellperline":
            row(["行政复议", "行政诉讼"] + OUT_LABELS + ["未经复议直接起诉", "复议后起诉"] + OUT_LABELS * 2)
            row(vals, m.revs)
        else:
            row(["行政复议", "行政诉讼"])
            row(OUT_LABELS + ["未经复议直接起诉", "复议后起诉"])
            row(OUT_LABELS * 2 if lay == "spaces" else [""] * 5 + OUT_LABELS * 2)
            row(vals, m.revs)
    return L


def td(text, colspan=1, rowspan=1):
    a = ""
    if colspan > 1:
        a += f' colspan="{colspan}"'
    if rowspan > 1:
        a += f' rowspan="{rowspan}"'
    t = htmlmod.escape(text, quote=False) if text != "" else "&nbsp;"
    return f"<td{a}>{t}</td>"


def render_html(m, st, skip=()):
    """Sections 二-四 as HTML lines: [(line, [cells completed])]."""
    L = []

    def add(line, cells=()):
        L.append((line, list(cells)))

    def heading(text):
        add(f"<p><b>{htmlmod.escape(text, quote=False)}</b></p>")
    heading(SEC_HEADS[2])
    if 2 in skip:
        add(f"<p>{htmlmod.escape(skip[2], quote=False)}</p>")
    else:
        add('<table border="1" cellspacing="0">')
        for kind, fields, cells in a20_units(m, st):
            if kind == "head":
                add("<tr>" + td(fields[0], colspan=4) + "</tr>")
            else:
                spans = {4: [1, 1, 1, 1], 3: [1, 1, 2], 2: [1, 3]}[len(fields)]
                add("<tr>" + "".join(td(f, colspan=s) for f, s in zip(fields, spans)) + "</tr>", cells)
        add("</table>")
    heading(SEC_HEADS[3])
    if 3 in skip:
        add(f"<p>{htmlmod.escape(skip[3], quote=False)}</p>")
    else:
        add('<table border="1" cellspacing="0">')
        add("<tr>" + td(SEC3_NOTE if st.note else "", colspan=3, rowspan=3) + td("申请人情况", colspan=7) + "</tr>")
        add("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>")
        add("<tr>" + "".join(td(h) for h in APPLICANT_LABELS[1:6]) + "</tr>")
        n_top = sum(1 for r in m.apps if r[1])
        sub_n = Counter(r[2] for r in m.apps if r[2])
        seen_top, seen_sub = False, set()
        for code, top, sub, label, cells in m.apps:
            lab = ""
            if top:
                if not seen_top:
                    lab += td(top, rowspan=n_top)
                    seen_top = True
                if sub:
                    if sub not in seen_sub:
                        lab += td(sub, rowspan=sub_n[sub])
                        seen_sub.add(sub)
                    lab += td(label)
                else:
                    lab += td(label, colspan=2)
            else:
                lab += td(label, colspan=3)
            add("<tr>" + lab + "".join(td(st.raw(c)) for c in cells) + "</tr>", cells)
        add("</table>")
    heading(SEC_HEADS[4])
    if 4 in skip:
        add(f"<p>{htmlmod.escape(skip[4], quote=False)}</p>")
    else:
        add('<table border="1" cellspacing="0">')
        add("<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>")
        add("<tr>" + "".join(td(h, rowspan=2) for h in OUT_LABELS) + td("未经复议直接起诉", colspan=5)
            + td("复议后起诉", colspan=5) + "</tr>")
        add("<tr>" + "".join(td(h) for h in OUT_LABELS * 2) + "</tr>")
        add("<tr>" + "".join(td(st.raw(c)) for c in m.revs) + "</tr>", m.revs)
        add("</table>")
    return L


def xesc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def w_p(text, bold=False):
    if not text:
        return "<w:p/>"
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{xesc(text)}</w:t></w:r></w:p>'


def w_tc(text, span=1, vmerge=None):
    pr = ""
    if span > 1 or vmerge:
        pr = "<w:tcPr>" + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
        pr += {"restart": '<w:vMerge w:val="restart"/>', "cont": "<w:vMerge/>"}.get(vmerge, "") + "</w:tcPr>"
    if vmerge == "cont":
        return f"<w:tc>{pr}<w:p/></w:tc>"
    return f"<w:tc>{pr}{w_p(text)}</w:tc>"


def render_docx(m, st, skip=()):
    """Sections 二-四 as WordprocessingML body parts."""
    tr = lambda cells: "<w:tr>" + "".join(cells) + "</w:tr>"
    out = [w_p(SEC_HEADS[2], True)]
    if 2 in skip:
        out.append(w_p(skip[2]))
    else:
        t = ["<w:tbl>"]
        for kind, fields, cells in a20_units(m, st):
            if kind == "head":
                t.append(tr([w_tc(fields[0], 4)]))
            else:
                spans = {4: [1, 1, 1, 1], 3: [1, 1, 2], 2: [1, 3]}[len(fields)]
                t.append(tr([w_tc(f, s) for f, s in zip(fields, spans)]))
        out.append("".join(t) + "</w:tbl>")
    out.append(w_p(SEC_HEADS[3], True))
    if 3 in skip:
        out.append(w_p(skip[3]))
    else:
        t = ["<w:tbl>",
             tr([w_tc(SEC3_NOTE if st.note else "", 3, "restart"), w_tc("申请人情况", 7)]),
             tr([w_tc("", 3, "cont"), w_tc("自然人", 1, "restart"), w_tc("法人或其他组织", 5),
                 w_tc("总计", 1, "restart")]),
             tr([w_tc("", 3, "cont"), w_tc("", 1, "cont")] + [w_tc(h) for h in APPLICANT_LABELS[1:6]]
                + [w_tc("", 1, "cont")])]
        seen_top, seen_sub = False, set()
        for code, top, sub, label, cells in m.apps:
            cs = []
            if top:
                cs.append(w_tc(top, 1, "restart") if not seen_top else w_tc("", 1, "cont"))
                seen_top = True
                if sub:
                    cs.append(w_tc(sub, 1, "restart") if sub not in seen_sub else w_tc("", 1, "cont"))
                    seen_sub.add(sub)
                    cs.append(w_tc(label))
                else:
                    cs.append(w_tc(label, 2))
            else:
                cs.append(w_tc(label, 3))
            t.append(tr(cs + [w_tc(st.raw(c)) for c in cells]))
        out.append("".join(t) + "</w:tbl>")
    out.append(w_p(SEC_HEADS[4], True))
    if 4 in skip:
        out.append(w_p(skip[4]))
    else:
        t = ["<w:tbl>", tr([w_tc("行政复议", 5), w_tc("行政诉讼", 10)]),
             tr([w_tc(h, 1, "restart") for h in OUT_LABELS] + [w_tc("未经复议直接起诉", 5), w_tc("复议后起诉", 5)]),
             tr([w_tc("", 1, "cont") for _ in OUT_LABELS] + [w_tc(h) for h in OUT_LABELS * 2]),
             tr([w_tc(st.raw(c)) for c in m.revs])]
        out.append("".join(t) + "</w:tbl>")
    return out


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
                 '.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def zip_bytes(entries):
    """A zip of [(name, bytes)] with fixed times (deterministic bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def docx_from_xml(xml):
    return zip_bytes([("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", RELS.encode()),
                      ("word/document.xml", xml.encode("utf-8"))])


def docx_document(body_parts):
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "".join(body_parts) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    return docx_from_xml(xml)


def replace_docx_xml(data, xml):
    """The .docx `data` with word/document.xml replaced (other parts kept, fixed times)."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            entries.append((info.filename, xml.encode("utf-8") if info.filename == "word/document.xml"
                            else zf.read(info)))
    return zip_bytes(entries)


# ---------------------------------------------------------------------------
# Gold of a transformed document.


def gold_cells(m, removed=(), upto=None):
    """(proactive_disclosure, applications, reviews, procurement) of a Model;
    tables in `removed` (2, 3, 4) are empty; `upto`: the set of id()s of
    cells still printed (a cut document)."""
    keep = (lambda c: True) if upto is None else (lambda c: id(c) in upto)
    pd, ap, rv, pr = [], [], [], []

    def val(c):
        return c.value
    if 2 not in removed:
        for item, rows, cols in m.a20:
            for cat, cells in rows:
                for (metric, _), c in zip(cols, cells):
                    if keep(c):
                        pd.append({"item": item, "category": cat, "metric": metric, "value": val(c), "raw": c.raw})
        if m.proc is not None and keep(m.proc[0]):
            pr.append(m.proc[3])
    if 3 not in removed:
        for code, top, sub, label, cells in m.apps:
            for a, c in zip(APPLICANTS, cells):
                if keep(c):
                    ap.append({"row": code, "applicant": a, "value": val(c), "raw": c.raw})
    if 4 not in removed:
        for (p, o), c in zip([(p, o) for p in PROCS for o in OUTS], m.revs):
            if keep(c):
                rv.append({"proceeding": p, "outcome": o, "value": val(c), "raw": c.raw})
    return pd, ap, rv, pr


def date_forms(d):
    y, mo, da = d[:10].split("-")
    mo_i, da_i = int(mo), int(da)
    return [f"{y}-{mo}-{da}", f"{y}年{mo}月{da}日", f"{y}年{mo_i}月{da_i}日", f"{y}/{mo}/{da}",
            f"{y}-{mo_i}-{da_i}", f"{y}.{mo}.{da}"]


def flat(s):
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", s or ""))


def fix_meta(report, text):
    """Null the metadata a document no longer prints (not scored then)."""
    if not report:
        return report
    r = dict(report)
    ft = flat(text)
    for f in ("title", "organ", "region", "index_number"):
        if r.get(f) and flat(r[f]) not in ft:
            r[f] = None
    if r.get("publish_date"):
        if not any(flat(x) in ft for x in date_forms(r["publish_date"])):
            r["publish_date"] = None
    return r


# ---------------------------------------------------------------------------
# Assembling a re-printed document.


def pre_post(doc):
    """(text before heading 二, text from heading 五) of a document, or None."""
    secs = find_sections(doc.text)
    if secs is None:
        return None
    a = line_start(doc.text, secs[2].start())
    b = line_start(doc.text, secs[5].start())
    return doc.text[:a].rstrip("\n"), doc.text[b:]


def assemble(doc, m, layout, rng, skip=(), cut=False, title=None):
    """(bytes, ext, text for the metadata check, cells printed or None) of the
    document re-printed with sections 二-四 in `layout`; `cut`: end the
    document after a table row drawn at random."""
    pp = pre_post(doc)
    if pp is None:
        return None
    pre, post = pp
    st = Style(rng, layout)
    if layout == "docx":
        body = [w_p(x) for x in pre.split("\n")] + render_docx(m, st, skip) + [w_p(x) for x in post.split("\n")]
        data = docx_document(body)
        return data, "docx", docx_to_text(docx_xml(data)), None
    lines = render_html(m, st, skip) if layout == "html" else render_text(m, st, skip)
    printed = None
    if cut:
        ends = [i for i, (_, cells) in enumerate(lines) if cells]
        if len(ends) < 2:
            return None
        i = rng.choice(ends[:-1])
        lines = lines[:i + 1]
        printed = set(id(c) for _, cells in lines for c in cells)
        post = ""
    if layout == "html":
        title = title or ""
        body = "\n".join(f"<p>{htmlmod.escape(x, quote=False)}</p>" for x in pre.split("\n") if x)
        body += "\n" + "\n".join(x for x, _ in lines)
        if post:
            body += "\n" + "\n".join(f"<p>{htmlmod.escape(x, quote=False)}</p>" for x in post.split("\n") if x)
            body += "\n</body>\n</html>\n"
        page = ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
                f"<title>{htmlmod.escape(title, quote=False)}</title>\n</head>\n<body>\n" + body)
        return page.encode("utf-8"), "html", html_to_text(page), printed
    text = pre + "\n" + "\n".join(x for x, _ in lines) + "\n" + post
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8"), "txt", text, printed


# ---------------------------------------------------------------------------
# Region transforms, in place.


def text_nodes(raw, fmt, fn):
    """Apply fn to the text of `raw` outside markup (HTML tags and entities,
    .docx XML outside <w:t>)."""
    if fmt == "txt":
        return fn(raw)
    if fmt == "html":
        parts = re.split(r"(<[^>]*>|&#?\w+;)", raw)
        return "".join(p if (i % 2) else fn(p) for i, p in enumerate(parts))
    parts = re.split(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)", raw)
    out = []
    for i, p in enumerate(parts):
        out.append(fn(p) if i % 4 == 2 else p)
    return "".join(out)


def in_regions(doc, fn, parts=(2, 3, 4), heads=False):
    """The raw string with fn applied to the text nodes of sections `parts`
    (heading excluded unless `heads`), or None when the headings are not
    found in the raw string."""
    secs = find_sections(doc.raw)
    if secs is None:
        return None
    out, pos = [], 0
    for k in parts:
        a = secs[k].start() if heads else secs[k].end()
        b = secs[k + 1].start()
        out.append(doc.raw[pos:a])
        out.append(text_nodes(doc.raw[a:b], doc.fmt, lambda s, k=k: fn(s, k)))
        pos = b
    out.append(doc.raw[pos:])
    return "".join(out)


def raw_bytes(src, doc, raw):
    """Bytes of a source with its raw string replaced."""
    if doc.fmt == "docx":
        return replace_docx_xml(src.data, raw)
    try:
        return encode(raw, doc.enc)
    except UnicodeEncodeError:
        return raw.encode("utf-8")


def raw_text(doc, raw):
    if doc.fmt == "docx":
        return docx_to_text(raw)
    if doc.fmt == "html":
        return html_to_text(raw)
    return raw


LONG_LABELS = sorted({lab for _, _, cols in A20["gov2019"] + A20["gov2021"] for _, lab in cols}
                     | {"其他对外管理服务事项", "行政事业性收费", "行政规范性文件", "法律服务机构", "社会公益组织"}
                     | {lab for r in rows3("gov2021") + rows3("gov2019") for lab in r[1:] if lab and len(lab) >= 6}
                     | {lab[2:] for r in rows3("gov2021") for lab in r[3:] if lab and lab[1] == "."},
                     key=lambda x: (-len(x), x))


def fw_digits(s):
    s = re.sub(r"(?<=\d)\.(?=\d)", "．", s)
    return s.translate(FW)


def drop_numbering(s, part):
    s = re.sub(r"(?<![0-9０-９.])[1-8][.、．](?=[\u4e00-\u9fff])", "", s)
    s = re.sub(r"(?<!第)[（(][一二三四五六七][）)](?=[\u4e00-\u9fff])", "", s)
    if part == 3:
        s = re.sub(r"(?<![\u4e00-\u9fff])[一二三四][、](?=本年|上年|结转)", "", s)
    return s


def swap_brackets(s, to_half):
    if to_half:
        return s.replace("（", "(").replace("）", ")")
    return s.replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------------------
# Chrome.

CHROME_LINE = re.compile(
    r"^\s*(当前位置|您的位置|首页\s*[>＞]|>>|索\s*引\s*号|发布(时间|日期|机构|单位)|公开(日期|方式)|文号|来源[:：]|"
    r"浏览次数|【字体|字号|分享到|【打印|打印本页|关闭本页|【关闭|标题[:：]|栏目[:：]|原文链接|本地目录|页面链接|=+\s*正文|"
    r"主办[:：]|承办[:：]|版权所有|网站标识码|ICP|相关(文章|链接|阅读)|扫一扫|[^\n]{0,30}\s[>＞]\s[^\n]*[>＞])")


def chrome_block(rng, src, others):
    """(top lines, bottom lines, index number printed, date printed) of added
    page chrome."""
    rep = src.gold.get("report") or {}
    year = rep.get("year") or 2020
    organ = rep.get("organ") or "本机关"
    idx = rep.get("index_number") or (f"{rng.randint(100000000, 999999999)}/{year + 1}-{rng.randint(1, 99999):05d}")
    date = rep.get("publish_date")
    if date:
        dtxt = date[:10]
    else:
        dtxt = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    top = [rng.choice(["当前位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报",
                       "您的位置：首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报 > 正文",
                       "首页 > 政府信息公开 > 年度报告"])]
    # Labels stand before their values after a colon (either width) or,
    # on some sites, only a space.
    sep = rng.choice(["：", "：", ":", " ", "\u3000"])
    dlabel = rng.choice(["发布日期", "发布时间", "发文日期"])
    box = [f"索引号{sep}{idx}", f"发布机构{sep}{organ}", f"{dlabel}{sep}{dtxt}",
           rng.choice([f"公开方式{sep}主动公开", "文号：", f"主题分类{sep}政务公开"])]
    if rng.random() < 0.5:
        top.append("  ".join(box))
    else:
        top += box
    top.append(rng.choice(["【字体：大 中 小】【打印】【关闭】", "字号：大 中 小  打印本页  关闭窗口"]))
    bottom = [rng.choice(["分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页"]),
              "【打印本页】 【关闭本页】"]
    related = ["相关文章："] + [f"· {t}" for t in others]
    foot = [f"主办：{rng.choice(['县', '市', '区'])}人民政府办公室  承办：政务服务数据管理局",
            f"网站标识码：{rng.randint(1000000000, 9999999999)}  ICP备{rng.randint(10000000, 99999999)}号",
            "版权所有 © 政府门户网站"]
    if rng.random() < 0.5:
        top = top + related
        bottom = bottom + foot
    else:
        bottom = bottom + related + foot
    return top, bottom, idx, dtxt


def other_titles(rng, src, pool, k):
    """k titles of other organs' reports of other years."""
    rep = src.gold.get("report") or {}
    organ, year = rep.get("organ"), rep.get("year")
    out = []
    for _ in range(60):
        if len(out) >= k or not pool:
            break
        t, o, y = rng.choice(pool)
        if o == organ or y == year or t in out:
            continue
        if organ and (flat(o) in flat(organ) or flat(organ) in flat(o)):
            continue
        out.append(t)
    while len(out) < k:
        y = rng.choice([y for y in range(2015, 2025) if y != year])
        out.append(f"{rng.choice(['东山镇', '西河乡', '南湖街道', '北岭镇'])}{y}年政府信息公开工作年度报告")
    return out


# ---------------------------------------------------------------------------
# Sentences and notices.


def n(c):
    return 0 if c.value is None else fmt_value(c.value)


def sentences_for(m, part):
    if part == 2:
        cells = {(item, cat): cells for item, rows, cols in m.a20 for cat, cells in rows}
        if m.template == "gov2019":
            r, nd = cells[("20.1", "regulations")], cells[("20.1", "normative_documents")]
            s = (f"本年新制作规章{n(r[0])}件、规范性文件{n(nd[0])}件，新公开规章{n(r[1])}件、规范性文件{n(nd[1])}件，"
                 f"对外公开规章总数{n(r[2])}件、规范性文件总数{n(nd[2])}件。")
            li, os_ = cells[("20.5", "administrative_licensing")], cells[("20.5", "other_administrative_services")]
            pe, co = cells[("20.6", "administrative_penalty")], cells[("20.6", "administrative_coercion")]
            fe = cells[("20.8", "administrative_fees")]
            s += (f"行政许可上一年项目{n(li[0])}项，本年增减{n(li[1])}项，全年处理行政许可{n(li[2])}件，"
                  f"其他对外管理服务事项{n(os_[2])}件；行政处罚{n(pe[2])}件，行政强制{n(co[2])}件。"
                  f"行政事业性收费上一年项目{n(fe[0])}项，本年增减{n(fe[1])}项。")
            if m.proc is not None:
                rec = m.proc[3]
                amt = rec.get("amount_raw") or ""
                if not amt.endswith("元"):
                    amt += {"wan_yuan": "万元", "yuan": "元"}.get(rec.get("amount_unit"), "")
                s += f"全年政府集中采购{rec.get('project_count')}项，采购总金额{amt}。"
            return s
        r, nd = cells[("20.1", "regulations")], cells[("20.1", "normative_documents")]
        return (f"本年制发规章{n(r[0])}件，废止{n(r[1])}件，现行有效{n(r[2])}件；制发行政规范性文件{n(nd[0])}件，"
                f"废止{n(nd[1])}件，现行有效{n(nd[2])}件。全年行政许可{n(cells[('20.5', 'administrative_licensing')][0])}件，"
                f"行政处罚{n(cells[('20.6', 'administrative_penalty')][0])}件，"
                f"行政强制{n(cells[('20.6', 'administrative_coercion')][0])}件，"
                f"收取行政事业性收费{n(cells[('20.8', 'administrative_fees')][0])}万元。")
    if part == 3:
        row = {code: cells for code, _, _, _, cells in m.apps}
        tot = lambda code, i=6: n(row[code][i])
        denied = sum(c[6].value or 0 for code, c in row.items() if code.startswith("denied"))
        unavail = sum(c[6].value or 0 for code, c in row.items() if code.startswith("unavailable"))
        notp = sum(c[6].value or 0 for code, c in row.items() if code.startswith("not_processed"))
        oth = sum(c[6].value or 0 for code, c in row.items() if code.startswith("other"))
        legal = sum((c.value or 0) for c in row["new_received"][1:6])
        return (f"本年新收政府信息公开申请{tot('new_received')}件，其中自然人{tot('new_received', 0)}件，"
                f"法人或其他组织{legal}件；上年结转政府信息公开申请{tot('carried_over')}件。"
                f"本年度办理结果：予以公开{tot('granted')}件，部分公开{tot('partially_granted')}件，"
                f"不予公开{denied}件，无法提供{unavail}件，不予处理{notp}件，其他处理{oth}件，"
                f"总计{tot('total')}件；结转下年度继续办理{tot('carried_forward')}件。")
    r = m.revs
    return (f"全年因政府信息公开工作被申请行政复议{n(r[4])}件，其中结果维持{n(r[0])}件，结果纠正{n(r[1])}件，"
            f"其他结果{n(r[2])}件，尚未审结{n(r[3])}件；未经复议直接起诉的行政诉讼{n(r[9])}件，"
            f"复议后起诉的行政诉讼{n(r[14])}件。")


def notice_for(rng, src):
    """(text, title) of a non-report that quotes a few figures of the report."""
    g = src.gold
    rep = g.get("report") or {}
    organ = rep.get("organ") or "本机关"
    year = rep.get("year") or 2020
    ap = {(c["row"], c["applicant"]): c.get("value") for c in g.get("applications") or []}
    rv = {(c["proceeding"], c["outcome"]): c.get("value") for c in g.get("reviews") or []}
    new = fmt_value(ap.get(("new_received", "total")) or 0)
    granted = fmt_value(ap.get(("granted", "total")) or 0)
    recon = fmt_value(rv.get(("reconsideration", "total")) or 0)
    kind = rng.choice(["notice", "news", "picture"])
    if kind == "notice":
        title = f"关于{year}年度政府信息公开工作年度报告编制发布情况的通报"
        lines = ["当前位置：首页 > 政务公开 > 通知公告", title,
                 f"各镇人民政府、街道办事处，各有关单位：",
                 f"根据《中华人民共和国政府信息公开条例》要求，各单位已于{year + 1}年1月31日前发布{year}年度政府信息公开工作年度报告。"
                 f"现将有关情况通报如下：",
                 f"一、总体情况。{organ}等单位按时发布年度报告，全年共新收政府信息公开申请{new}件，予以公开{granted}件，"
                 f"发生行政复议{recon}件。",
                 "二、存在问题。个别单位年度报告表格数据勾稽关系不符，部分单位未按新版格式编制。",
                 "三、下步要求。请各单位对照年度报告格式要求认真整改，于十个工作日内重新发布。",
                 "特此通报。", "政务公开办公室", f"{year + 1}年3月{rng.randint(1, 28)}日"]
    elif kind == "news":
        title = f"{organ}发布{year}年政府信息公开工作年度报告"
        lines = [title, f"来源：{organ}  发布时间：{year + 1}-02-{rng.randint(10, 28)}",
                 f"近日，{organ}在门户网站发布《{rep.get('title') or organ + str(year) + '年政府信息公开工作年度报告'}》。",
                 f"报告显示，{year}年{organ}共收到政府信息公开申请{new}件，其中予以公开{granted}件；"
                 f"全年行政复议{recon}件。",
                 "报告还对存在的主要问题及改进情况作了说明。下一步，将持续深化政务公开，提升公开质量。",
                 "（记者 王明）"]
    else:
        title = f"一图读懂{year}年{organ}政府信息公开工作年度报告"
        lines = [f"图解：{title}", "政策解读",
                 "收到和处理政府信息公开申请情况",
                 f"本年新收政府信息公开申请数量 {new}件",
                 f"予以公开 {granted}件",
                 "政府信息公开行政复议、行政诉讼情况",
                 f"行政复议 {recon}件",
                 f"原文链接：{rep.get('title') or title}",
                 "相关解读：一图读懂政府信息公开工作"]
    return "\n".join(lines) + "\n", title


def interpretation_for(rng, src):
    """(text, title) of a page that interprets (解读) a report: its figures
    told in sentences, no table. Not the report."""
    g = src.gold
    rep = g.get("report") or {}
    organ = rep.get("organ") or "本机关"
    year = rep.get("year") or 2020
    report = rep.get("title") or f"{organ}{year}年政府信息公开工作年度报告"
    ap = {(c["row"], c["applicant"]): c.get("value") for c in g.get("applications") or []}
    rv = {(c["proceeding"], c["outcome"]): c.get("value") for c in g.get("reviews") or []}
    new = fmt_value(ap.get(("new_received", "total")) or 0)
    granted = fmt_value(ap.get(("granted", "total")) or 0)
    recon = fmt_value(rv.get(("reconsideration", "total")) or 0)
    title = rng.choice([f"关于《{report}》的解读", f"《{report}》解读", f"{report}解读"])
    intro = rng.choice([f"为便于社会公众更好地了解{organ}政府信息公开工作情况，现对《{report}》作如下解读：",
                        f"《{report}》已于近日发布，现将主要内容解读如下：",
                        f"{organ}发布了{year}年政府信息公开工作年度报告，现就有关内容进行如下解读。"])
    lines = [rng.choice(["当前位置：首页 > 政务公开 > 政策解读", "首页 > 政策解读 > 部门解读"]),
             title, f"发布时间：{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}  来源：{organ}",
             intro,
             "一、报告的主要内容",
             f"报告共分六个部分，分别是总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
             f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
             "二、收到和处理政府信息公开申请情况",
             f"{year}年，{organ}共新收政府信息公开申请{new}件，其中予以公开{granted}件。",
             "三、行政复议和行政诉讼情况",
             f"全年发生政府信息公开行政复议{recon}件。",
             "四、下一步工作",
             "我们将继续严格落实《中华人民共和国政府信息公开条例》，不断提升政务公开质量。",
             f"原文链接：{report}"]
    return "\n".join(lines) + "\n", title


def contact_office(organ, rng):
    """An office other than the reporting organ that a report may name as
    its contact: the town's own 党政办公室, or the organ's own 办公室."""
    if "人民政府" in organ:
        base = organ.split("人民政府")[0]
        if not base:
            return None
        return base + rng.choice(["党政办公室", "党政综合办公室"])
    return organ + "办公室"


# ---------------------------------------------------------------------------
# One transform of one source.


def base_gold(src, transform, document):
    g = json.loads(json.dumps({k: v for k, v in src.gold.items() if k not in ("document", "transform", "source")}))
    g["document"] = document
    g["transform"] = transform
    g["source"] = f"{src.corpus}:{src.document}"
    return g


def out_path(transform, src, ext):
    rel = src.rel
    if ext and not rel.lower().endswith("." + ext):
        stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
        rel = f"{stem}.{ext}"
    return f"{transform}/{src.corpus}/{rel}"


def apply(transform, src, rng, ctx):
    """(relative output path, bytes, gold) or None when not applicable."""
    g0 = src.gold
    rep0 = g0.get("report") or {}
    is_report = g0.get("is_report", True)
    has_tables = is_report and all(k in g0 for k in FACT_TABLES) and rep0.get("template") in A20
    if transform == "identity":
        return out_path(transform, src, src.ext), src.data, None
    cached = ctx.get("doc")
    if cached is not None and cached[0] is src:
        doc = cached[1]
    else:
        doc = Doc(src)
        ctx["doc"] = (src, doc)
    if doc.text is None:
        return None

    def finish(data, ext, text, gold):
        if data == src.data:
            return None
        path = out_path(transform, src, ext)
        gold["report"] = fix_meta(gold.get("report"), text) if gold.get("is_report", True) else gold.get("report")
        return path, data, gold

    if transform in ("trad_utf8", "trad_big5"):
        if transform == "trad_big5" and doc.fmt != "txt":
            return None
        cc = converter("s2tw" if transform == "trad_big5" else "s2t")
        if cc is None:
            return None
        names = [rep0.get("organ"), rep0.get("region")]
        raw = trad(cc, doc.raw, names)
        g = base_gold(src, transform, "")
        if g.get("report"):
            g["report"] = dict(g["report"])
            for f in NAME_FIELDS:
                if g["report"].get(f):
                    g["report"][f] = trad(cc, g["report"][f], names)
        for t in FACT_TABLES:
            for c in g.get(t) or []:
                if c.get("raw"):
                    c["raw"] = cc.convert(c["raw"])
        if doc.fmt == "docx":
            return finish(replace_docx_xml(src.data, raw), "docx", docx_to_text(raw), g)
        if doc.fmt == "html":
            raw = re.sub(r"(?i)charset\s*=\s*[\"']?[\w-]+", "charset=utf-8", raw)
            return finish(raw.encode("utf-8"), src.ext or "html", html_to_text(raw), g)
        if transform == "trad_big5":
            raw = raw.replace("\u00a0", " ")
            try:
                data = raw.encode("big5")
            except UnicodeEncodeError:
                try:
                    data = raw.encode("big5hkscs")
                except UnicodeEncodeError:
                    return None
            return finish(data, "txt", raw, g)
        return finish(raw.encode("utf-8"), "txt", raw, g)

    if transform == "chrome_add":
        if doc.fmt not in ("txt", "html"):
            return None
        top, bottom, idx, date = chrome_block(rng, src, other_titles(rng, src, ctx["titles"], rng.randint(3, 6)))
        g = base_gold(src, transform, "")
        if g.get("report") and is_report:
            g["report"] = dict(g["report"])
            g["report"]["index_number"] = idx
            # The box's date is the page's publish date: the source's, or
            # one the source did not print.
            g["report"]["publish_date"] = date
        if doc.fmt == "txt":
            raw = "\n".join(top) + "\n" + doc.raw.rstrip("\n") + "\n" + "\n".join(bottom) + "\n"
            data = raw_bytes(src, doc, raw)
            return finish(data, "txt", raw, g)
        m1 = re.search(r"(?i)<body[^>]*>", doc.raw)
        m2 = re.search(r"(?i)</body\s*>", doc.raw)
        if not m1 or not m2:
            return None
        block = lambda ls: "\n".join(f"<div>{htmlmod.escape(x, quote=False)}</div>" for x in ls)
        raw = doc.raw[:m1.end()] + "\n" + block(top) + "\n" + doc.raw[m1.end():m2.start()] + block(bottom) + "\n" + doc.raw[m2.start():]
        return finish(raw_bytes(src, doc, raw), src.ext, html_to_text(raw), g)

    if transform == "chrome_remove":
        if doc.fmt != "txt":
            return None
        lines = doc.raw.split("\n")
        # The head: lines before section 一's heading (or the first long line).
        head = 0
        while head < len(lines) and not re.match(r"\s*一\s*[、.．]", lines[head]) and len(lines[head]) < 90:
            head += 1
        chrome = lambda x: len(x) < 90 and CHROME_LINE.match(x)
        j = len(lines)
        while j > head and (not lines[j - 1].strip() or chrome(lines[j - 1])):
            j -= 1
        kept = [x for x in lines[:head] if not chrome(x)] + lines[head:j]
        if not any(chrome(x) for x in lines[:head] + lines[j:]):
            return None
        raw = "\n".join(kept).strip("\n") + "\n"
        g = base_gold(src, transform, "")
        return finish(raw_bytes(src, doc, raw), "txt", raw, g)

    if not has_tables:
        return None

    def not_a_report(text, title, notes):
        g = base_gold(src, transform, "")
        g["is_report"] = False
        g["report"] = {"title": title, "organ": None, "region": None, "year": None, "template": None,
                       "publish_date": None, "index_number": None}
        for t in list(FACT_TABLES) + ["procurement"]:
            g.pop(t, None)
        g["notes"] = notes
        return out_path(transform, src, "txt"), text.encode("utf-8"), g

    if transform == "nonreport":
        text, title = notice_for(rng, src)
        return not_a_report(text, title, "not a report: a page that quotes a few figures of a report")

    if transform == "interpretation":
        if not (is_report and rep0.get("organ")):
            return None
        text, title = interpretation_for(rng, src)
        return not_a_report(text, title, "not a report: a page that interprets a report (解读), its figures in sentences")

    if transform == "contact_office":
        organ = rep0.get("organ")
        if not (is_report and organ) or doc.fmt not in ("txt", "html"):
            return None
        office = contact_office(organ, rng)
        if not office or office == organ:
            return None
        phone = f"0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"
        line = rng.choice([f"联系单位：{office}  联系电话：{phone}",
                           f"如对本报告有疑问，请与{office}联系（电话：{phone}）。",
                           f"{office}  地址：政府大院  邮编：{rng.randint(100000, 999999)}"])
        g = base_gold(src, transform, "")
        if doc.fmt == "txt":
            raw = doc.raw.rstrip("\n") + "\n" + line + "\n"
            return finish(raw_bytes(src, doc, raw), "txt", raw, g)
        m2 = re.search(r"(?i)</body\s*>", doc.raw)
        if not m2:
            return None
        raw = doc.raw[:m2.start()] + f"<p>{htmlmod.escape(line, quote=False)}</p>\n" + doc.raw[m2.start():]
        return finish(raw_bytes(src, doc, raw), src.ext, html_to_text(raw), g)

    if transform == "fullwidth":
        raw = in_regions(doc, lambda s, k: fw_digits(s))
        if raw is None:
            return None
        return finish(raw_bytes(src, doc, raw), src.ext, raw_text(doc, raw), base_gold(src, transform, ""))

    if transform.startswith("label_"):
        kind = transform[6:]
        if kind == "brackets":
            region = "".join(doc.raw[a:b] for a, b in [(0, len(doc.raw))])
            to_half = region.count("（") >= region.count("(")
            fn = lambda s, k: swap_brackets(s, to_half)
        elif kind == "norm":
            secs = find_sections(doc.raw)
            if secs is None:
                return None
            part = doc.raw[secs[2].end():secs[3].start()]
            if "行政规范性文件" in part:
                fn = lambda s, k: s.replace("行政规范性文件", "规范性文件") if k == 2 else s
            else:
                fn = lambda s, k: re.sub(r"(?<!行政)规范性文件", "行政规范性文件", s) if k == 2 else s
        elif kind == "total":
            fn = lambda s, k: re.sub(r"([（(]七[）)]\s*)总\s*计", r"\1合计", s) if k == 3 else s
        elif kind == "nonumber":
            fn = drop_numbering
        else:
            br = {"txt": "\n", "html": "<br/>", "docx": '</w:t><w:br/><w:t xml:space="preserve">'}[doc.fmt]
            labels = LONG_LABELS
            r2 = random.Random(rng.random())

            def fn(s, k):
                for lab in labels:
                    if lab in s and r2.random() < 0.5:
                        lead = re.match(r"[（(]?[一二三四五六七八0-9]*[）)、.．]?", lab).end()
                        if len(lab) - lead < 4:
                            continue
                        cut = r2.randint(lead + 2, len(lab) - 2)
                        s = s.replace(lab, lab[:cut] + "\x00" + lab[cut:])
                return s.replace("\x00", br) if doc.fmt != "docx" else s.replace("\x00", "\x01")
        raw = in_regions(doc, fn)
        if raw is None:
            return None
        if doc.fmt == "docx":
            raw = raw.replace("\x01", '</w:t><w:br/><w:t xml:space="preserve">')
        return finish(raw_bytes(src, doc, raw), src.ext, raw_text(doc, raw), base_gold(src, transform, ""))

    if transform.startswith("section_removed_"):
        k = int(transform[-1])
        secs = find_sections(doc.raw)
        if secs is None:
            return None
        a = line_start(doc.raw, secs[k].start()) if doc.fmt == "txt" else secs[k].start()
        b = line_start(doc.raw, secs[k + 1].start()) if doc.fmt == "txt" else secs[k + 1].start()
        raw = doc.raw[:a] + doc.raw[b:]
        g = base_gold(src, transform, "")
        text = raw_text(doc, raw)
        table = {2: "proactive_disclosure", 3: "applications", 4: "reviews"}[k]
        g[table] = []
        if k == 2 and g.get("procurement"):
            p = g["procurement"][0]
            if p.get("source") != "narrative" or flat(p.get("amount_raw") or "") not in flat(text):
                g["procurement"] = []
        return finish(raw_bytes(src, doc, raw), src.ext, text, g)

    m = model_from_gold(g0)
    if m is None:
        return None

    def reprint(layout, skip=(), cut=False, removed=()):
        made = assemble(doc, m, layout, rng, skip, cut, rep0.get("title"))
        if made is None:
            return None
        data, ext, text, printed = made
        g = base_gold(src, transform, "")
        pd, ap, rv, pr = gold_cells(m, removed, printed)
        g["proactive_disclosure"], g["applications"], g["reviews"] = pd, ap, rv
        g["procurement"] = pr
        if 2 in removed and m.template == "gov2019" and m.proc is not None and 2 in skip:
            rec = dict(m.proc[3])
            rec["source"] = "narrative"
            g["procurement"] = [rec]
        return finish(data, ext, text, g)

    if transform.startswith("layout_"):
        return reprint(transform[7:])

    if transform in MARKERS:
        marker = MARKERS[transform]
        layout = rng.choice(DELIMITED if marker == "" else ALL_LAYOUTS)
        p = rng.uniform(0.4, 1.0)
        changed = 0
        for c in m.cells():
            if c.table == "procurement":
                continue
            if (c.value == 0 or c.value is None) and rng.random() < p:
                if c.raw != marker:
                    changed += 1
                c.value, c.raw = None, marker
        if not changed:
            return None
        return reprint(layout)

    if transform == "identity_edit":
        cand = [c for r in m.apps for c in r[4] if c.value is not None] + [c for c in m.revs if c.value is not None]
        if not cand:
            return None
        c = rng.choice(cand)
        delta = -1 if c.value > 0 and rng.random() < 0.3 else rng.randint(1, 3)
        c.value = int(c.value) + delta
        c.raw = str(c.value)
        return reprint(rng.choice(ALL_LAYOUTS))

    if transform == "mixed_header":
        # Item 一 keeps the other template's header (its three columns),
        # the rest of the table its own: the gold follows what is printed.
        other = "gov2019" if m.template == "gov2021" else "gov2021"
        item, rows, _ = m.a20[0]
        m.a20[0] = (item, rows, A20[other][0][2])
        return reprint(rng.choice(ALL_LAYOUTS))

    if transform == "header_notes":
        # The notes name a year and figures (-8): numbers a sentence would
        # hold, in a header.
        # The report's own year, as the provinces' notes name it.
        year = rep0.get("year") or 2020
        notes = {
            "prior_year_count": f"（指{year - 1}年事项数）",
            "change": f"（指{year}年增加或减少的事项数，减用负值表示，如-8）",
            "decisions": f"（指{year}年办件量）",
        }
        for i, (item, rows, cols) in enumerate(m.a20):
            m.a20[i] = (item, rows, [(code, label + notes.get(code, f"（指{year}年数据）"))
                                     for code, label in cols])
        return reprint(rng.choice(ALL_LAYOUTS))

    if transform == "worded_change":
        changes = [c for _, rows, cols in m.a20 for _, cells in rows
                   for (code, _), c in zip(cols, cells)
                   if code == "change" and c.value not in (None, 0) and is_number_text(c.raw, c.value)]
        if not changes:
            return None
        for c in changes:
            c.raw = ("增" if c.value > 0 else "减") + fmt_value(abs(c.value))
        return reprint(rng.choice(ALL_LAYOUTS))

    if transform.startswith("sentences_"):
        k = int(transform[-1])
        return reprint(rng.choice(ALL_LAYOUTS), skip={k: sentences_for(m, k)}, removed=(k,))

    if transform == "cut_mid":
        return reprint(rng.choice(TEXT_LAYOUTS + ["html"]), cut=True)

    raise ValueError(transform)


# ---------------------------------------------------------------------------
# Making the corpus.


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_WORK = {}


def work(task):
    """Worker: apply one transform to one source; returns (path, bytes, gold line) or None."""
    si, transform, seed = task
    src = _WORK["sources"][si]
    rng = random.Random(f"metamorphic:{seed}:{src.corpus}:{src.document}:{transform}")
    try:
        made = apply(transform, src, rng, _WORK)
    except Exception as e:          # a source this script cannot take apart: not applicable
        return ("error", f"{transform} {src.corpus}:{src.document}: {type(e).__name__}: {e}")
    if made is None:
        return None
    path, data, gold = made
    if gold is None:
        gold = base_gold(src, transform, "")
    gold["document"] = path
    return path, data, dumps(gold)


def init_worker(sources, titles):
    _WORK["sources"] = sources
    _WORK["titles"] = titles


def make(corpora, out, seed, limit, transforms, jobs, quiet=False):
    out = Path(out)
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    sources = []
    names = set()
    for c in corpora:
        name = Path(c).resolve().name
        base, k = name, 1
        while name in names:
            k += 1
            name = f"{base}{k}"
        names.add(name)
        sources += load_corpus(c, name)
    titles = sorted({((s.gold.get("report") or {}).get("title"), (s.gold.get("report") or {}).get("organ"),
                      (s.gold.get("report") or {}).get("year"))
                     for s in sources if s.gold.get("is_report", True) and (s.gold.get("report") or {}).get("title")
                     and (s.gold.get("report") or {}).get("organ")}, key=str)
    if any(t.startswith("trad") for t in transforms):
        converter("s2t")
        converter("s2tw")
    rng = random.Random(f"metamorphic-order:{seed}")
    order = list(range(len(sources)))
    rng.shuffle(order)
    # Tasks per transform, in the shuffled source order; with a limit, each
    # transform gets an equal share (what one leaves unused goes to the others).
    per = {t: [(si, t, seed) for si in order] for t in transforms if t != "identity"}
    results = {}
    t0 = time.time()
    pool = None
    if jobs > 1:
        import multiprocessing
        pool = multiprocessing.Pool(jobs, initializer=init_worker, initargs=(sources, titles))
        mapper = lambda tasks: pool.map(work, tasks, chunksize=16)
    else:
        init_worker(sources, titles)
        mapper = lambda tasks: [work(x) for x in tasks]
    errors = []
    if limit is None:
        # Source by source, so that a worker decodes each source once.
        tasks = [(si, t, seed) for si in order for t in per]
        for task, r in zip(tasks, mapper(tasks)):
            if r is not None and r[0] == "error":
                errors.append(r[1])
            elif r is not None:
                results[(task[1], task[0])] = r
    else:
        # Round robin over the transforms, one document each per round, each
        # transform starting at its own place in the shuffled sources; a
        # source's untransformed copy is paid for once, when first used.
        init_worker(sources, titles)
        its = {t: iter(per[t][(3 * i) % max(1, len(order)):] + per[t][:(3 * i) % max(1, len(order))])
               for i, t in enumerate(per)}
        used_sources, budget, active = set(), limit, list(per)
        while active and budget > 0:
            nxt = []
            for t in active:
                for task in its[t]:
                    r = work(task)
                    if r is None:
                        continue
                    if r[0] == "error":
                        errors.append(r[1])
                        continue
                    cost = 1 + (task[0] not in used_sources and "identity" in transforms)
                    if cost <= budget:
                        results[(t, task[0])] = r
                        used_sources.add(task[0])
                        budget -= cost
                        nxt.append(t)
                    break
            active = nxt
    used = sorted({si for _, si in results}) if limit is not None else sorted(
        {si for _, si in results} | set(range(len(sources))))
    if "identity" in transforms:
        tasks = [(si, "identity", seed) for si in used]
        for task, r in zip(tasks, mapper(tasks)):
            if r is not None and r[0] != "error":
                results[("identity", task[0])] = r
    if pool is not None:
        pool.close()
        pool.join()
    lines = []
    for (t, si) in sorted(results, key=lambda k: (TRANSFORMS.index(k[0]), k[1])):
        path, data, line = results[(t, si)]
        p = docs / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        lines.append(line)
    with open(out / "gold.jsonl", "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")
    if errors:
        with open(out / "errors.txt", "w", encoding="utf-8") as fh:
            fh.write("\n".join(errors) + "\n")
    if not quiet:
        c = Counter(t for t, _ in results)
        print(f"wrote {len(lines)} documents from {len(sources)} sources to {out} in {time.time() - t0:.1f}s"
              + (f" ({len(errors)} transform errors, see errors.txt)" if errors else ""), file=sys.stderr)
        print("  " + ", ".join(f"{t} {c[t]}" for t in TRANSFORMS if c[t]), file=sys.stderr)
    return len(lines)


# ---------------------------------------------------------------------------
# Scoring, per document and per transform.


def read_table(build, name):
    import pyarrow.dataset as ds
    for cand in (build / f"{name}.parquet", build / name):
        if cand.exists():
            part = "hive" if cand.is_dir() else None
            return ds.dataset(str(cand), format="parquet", partitioning=part).to_table().to_pylist()
    return None


ORGAN_SUFFIX = re.compile(r"(人民政府|政府|办事处|党政办公室|党政办)$")


def norm_organ(s):
    return ORGAN_SUFFIX.sub("", re.sub(r"\s+", "", s or ""))


def meta_match(field, gold, got):
    """As shared/tools/score.py matches metadata."""
    if gold is None:
        return None
    if got is None:
        return False
    if field == "organ":
        g, p = norm_organ(gold), norm_organ(str(got))
        return bool(g) and bool(p) and (g in p or p in g)
    if field == "title":
        g = unicodedata.normalize("NFKC", re.sub(r"\s+", "", gold))
        p = unicodedata.normalize("NFKC", re.sub(r"\s+", "", str(got)))
        return g == p or g in p or p in g
    if field == "publish_date":
        return str(got)[:10] == str(gold)[:10]
    if field == "year":
        return int(got) == int(gold)
    return str(got).strip() == str(gold).strip()


def same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def score(out, examples=3, gold=None, build=None):
    """Per-transform figures of WORKDIR (gold.jsonl and build/). Documents
    without a `transform` key are grouped by `gen_class` (the generator's
    hard classes), else as `plain`."""
    out = Path(out)
    build = Path(build) if build else out / "build"
    gold = Path(gold) if gold else out / "gold.jsonl"
    golds = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
    reports = read_table(build, "reports") or []
    by_key, dup_of = {}, {}
    for r in reports:
        k = (r.get("source_path") or "").replace("\\", "/")
        if r.get("member"):
            k += "!" + r["member"]
        by_key.setdefault(k, r)
        for d in r.get("duplicate_paths") or []:
            dup_of[d.replace("\\", "/")] = r
    facts = {}
    for t in FACT_TABLES:
        idx = defaultdict(list)
        for r in read_table(build, t) or []:
            idx[r["report_id"]].append(r)
        facts[t] = idx
    proc = defaultdict(list)
    for r in read_table(build, "procurement") or []:
        proc[r["report_id"]].append(r)

    per = defaultdict(Counter)
    ex = defaultdict(lambda: defaultdict(list))
    cellok = {}                    # (source, table, key) -> got it right, for identity documents
    pending = []                   # (transform, source, table, key, gold value, right)

    def example(t, cls, text):
        # One example per document, from different documents.
        doc = text.split(": ", 1)[0]
        if len(ex[t][cls]) < examples and not any(e.split(": ", 1)[0] == doc for e in ex[t][cls]):
            ex[t][cls].append(text)

    for g in golds:
        t = g.get("transform") or g.get("gen_class") or ("plain" if g.get("is_report", True) else "plain non-report")
        if g.get("duplicate_of"):
            continue
        c = per[t]
        c["docs"] += 1
        doc = g["document"]
        rep = by_key.get(doc) or dup_of.get(doc)
        is_report = g.get("is_report", True)
        if rep is None:
            c["unread"] += 1
            if not is_report:
                continue
            example(t, "unread", f"{doc}: no row in reports")
            rep = {}
        rid = rep.get("report_id")
        if not is_report:
            c["nonreports"] += 1
            stray = [(tb, r) for tb in FACT_TABLES for r in facts[tb].get(rid, []) if r.get("value") is not None]
            stray_p = [p for p in proc.get(rid, []) for f in ("project_count", "amount_yuan") if p.get(f) is not None]
            if rep.get("status") in ("not_a_report", "failed") and not stray:
                c["nonreports_rejected"] += 1
            else:
                example(t, "nonreport", f"{doc}: status {rep.get('status')}, {len(stray)} values")
            if stray or stray_p:
                c["false_values"] += len(stray) + len(stray_p)
                tb, r = (stray or [(None, {})])[0]
                example(t, "false", f"{doc}: not a report, wrote {len(stray) + len(stray_p)} values"
                        + (f", e.g. {tb} {tuple(r.get(k) for k in FACT_TABLES[tb])} = {r.get('value')}" if tb else ""))
            continue
        gr = g.get("report") or {}
        for f in META_FIELDS:
            ok = meta_match(f, gr.get(f), rep.get(f))
            if ok is None or ok:
                continue
            given = rep.get(f) not in (None, "unknown")
            if given:
                if f in NAME_FIELDS:
                    c["false_names"] += 1
                    example(t, "name", f"{doc}: {f} gold {gr.get(f)!r}, got {rep.get(f)!r}")
                else:
                    c["false_meta"] += 1
                    example(t, "meta", f"{doc}: {f} gold {gr.get(f)!r}, got {rep.get(f)!r}")
        for tb, keys in FACT_TABLES.items():
            if tb not in g:
                continue
            predicted = defaultdict(list)
            for r in facts[tb].get(rid, []):
                predicted[tuple(r.get(k) for k in keys)].append(r.get("value"))
            seen = set()
            for cell in g[tb]:
                key = tuple(cell.get(k) for k in keys)
                seen.add(key)
                want = cell.get("value")
                got = next((v for v in predicted.get(key, []) if v is not None), None)
                if want is None:
                    if got is not None:
                        c["false_values"] += 1
                        example(t, "false", f"{doc}: {tb} {key} printed blank ({cell.get('raw')!r}), got {got}")
                    continue
                c["gold"] += 1
                right = got is not None and same_number(want, got)
                if got is None:
                    c["missing"] += 1
                elif right:
                    c["correct"] += 1
                else:
                    c["false_values"] += 1
                    example(t, "false", f"{doc}: {tb} {key} want {want}, got {got}")
                if t == "identity":
                    cellok[(g["source"], tb, key)] = (want, right)
                elif "source" in g:
                    pending.append((t, g["source"], tb, key, want, right, doc))
            for key, values in predicted.items():
                if key not in seen and any(v is not None for v in values):
                    c["false_values"] += 1
                    example(t, "false", f"{doc}: {tb} {key} not printed, got {[v for v in values if v is not None]}")
        if "procurement" in g:
            want_p = g["procurement"]
            got_p = proc.get(rid, [])
            for wp in want_p[:1]:
                for f in ("project_count", "amount_yuan"):
                    want = wp.get(f)
                    if want is None:
                        continue
                    got = got_p[0].get(f) if got_p else None
                    c["gold"] += 1
                    if got is None:
                        c["missing"] += 1
                    elif same_number(want, got):
                        c["correct"] += 1
                    else:
                        c["false_values"] += 1
                        example(t, "false", f"{doc}: procurement {f} want {want}, got {got}")
            if not want_p and got_p:
                k = sum(1 for p in got_p for f in ("project_count", "amount_yuan") if p.get(f) is not None)
                c["false_values"] += k
                if k:
                    example(t, "false", f"{doc}: procurement not printed, got {k} values")
    # Paired recall: the cells a transformed document keeps with the same
    # value as its source, read from it and from the untransformed copy.
    for t, src, tb, key, want, right, doc in pending:
        base = cellok.get((src, tb, key))
        if base is None or not same_number(base[0], want):
            continue
        per[t]["paired"] += 1
        per[t]["paired_base"] += int(base[1])
        per[t]["paired_got"] += int(right)
        if base[1] and not right and t not in VALUE_REMOVING:
            example(t, "lost", f"{doc}: {tb} {key} = {want} read from the untransformed copy, not from this one")
    return per, ex


def table(per, ex, examples, file=sys.stdout):
    print(f"{'transform':<22}{'docs':>7}{'cells':>9}{'recall%':>9}{'paired':>9}{'base%':>8}{'Δpp':>8}"
          f"{'false':>7}{'names':>7}{'meta':>6}{'nonrep':>12}", file=file)
    tot = Counter()
    failing = []
    for t in TRANSFORMS + sorted(set(per) - set(TRANSFORMS)):
        c = per.get(t)
        if not c:
            continue
        tot.update(c)
        rec = 100 * c["correct"] / c["gold"] if c["gold"] else float("nan")
        if c["paired"]:
            pb = 100 * c["paired_base"] / c["paired"]
            pg = 100 * c["paired_got"] / c["paired"]
            d = pg - pb
            dtxt, btxt = f"{d:+.2f}", f"{pb:.2f}"
        else:
            d, dtxt, btxt = 0.0, "", ""
        nr = f"{c['nonreports_rejected']}/{c['nonreports']}" if c["nonreports"] else ""
        print(f"{t:<22}{c['docs']:>7}{c['gold']:>9}{rec:>9.2f}{c['paired']:>9}{btxt:>8}{dtxt:>8}"
              f"{c['false_values']:>7}{c['false_names']:>7}{c['false_meta']:>6}{nr:>12}", file=file)
        if c["false_values"] or c["false_names"]:
            failing.append(t)
        if t not in VALUE_REMOVING and t != "identity" and c["paired"] and d < -0.5:
            failing.append(t)
    return tot, sorted(set(failing), key=lambda x: TRANSFORMS.index(x) if x in TRANSFORMS else 99)


def report(out, examples=3, file=sys.stdout, gold=None, build=None):
    per, ex = score(out, examples, gold, build)
    tot, failing = table(per, ex, examples, file)
    if examples:
        print(file=file)
        for t in TRANSFORMS + sorted(set(ex) - set(TRANSFORMS)):
            if t not in ex:
                continue
            for cls, title in (("false", "false values"), ("name", "false names"), ("meta", "false metadata"),
                               ("nonreport", "non-reports taken as reports"), ("unread", "unread"),
                               ("lost", "cells lost")):
                for e in ex[t].get(cls, []):
                    print(f"  {t} [{title}] {e}", file=file)
    drops = []
    for t, c in per.items():
        if t in VALUE_REMOVING or t == "identity" or not c["paired"]:
            continue
        d = 100 * (c["paired_got"] - c["paired_base"]) / c["paired"]
        if d < -0.5:
            drops.append(t)
    summary = {
        "documents": sum(c["docs"] for c in per.values()),
        "cells_gold": tot["gold"], "cells_correct": tot["correct"],
        "false_values": tot["false_values"], "false_names": tot["false_names"],
        "false_metadata": tot["false_meta"], "recall_drops": sorted(drops), "failing": failing,
        "per_transform": {t: dict(c) for t, c in per.items()},
        "examples": {t: {k: v for k, v in e.items()} for t, e in ex.items()},
    }
    Path(out).mkdir(parents=True, exist_ok=True)
    Path(out, "metamorphic.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True),
                                             encoding="utf-8")
    print(f"\nmetamorphic: {summary['documents']} documents, recall {100 * tot['correct'] / max(1, tot['gold']):.2f}% "
          f"({tot['correct']}/{tot['gold']} cells), false values {tot['false_values']}, "
          f"false names {tot['false_names']}, value-keeping recall drops {len(drops)}"
          + (f" ({', '.join(sorted(drops))})" if drops else ""), file=file)
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("make", "run"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", nargs="+", required=True, help="labelled corpus folders")
        p.add_argument("--out", required=True, help="work folder (docs/ and gold.jsonl are replaced)")
        p.add_argument("--limit", type=int, help="at most this many documents written, spread over the transforms")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--transforms", help="comma-separated subset (see `list`); identity is always added")
        p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
        if name == "run":
            p.add_argument("--ogi", required=True, help="the ogi binary to test")
            p.add_argument("--examples", type=int, default=3, help="failures shown per class and transform")
            p.add_argument("--score", help="score.py (default: ../shared/tools/score.py beside the repository)")
    p = sub.add_parser("report", help="figures of an existing WORKDIR (or of --gold and --build)")
    p.add_argument("--out", required=True, help="WORKDIR; metamorphic.json is written there")
    p.add_argument("--gold", help="gold.jsonl (default WORKDIR/gold.jsonl); a generated corpus is grouped by class")
    p.add_argument("--build", help="build folder (default WORKDIR/build)")
    p.add_argument("--examples", type=int, default=3)
    sub.add_parser("list")
    args = ap.parse_args()
    if args.cmd == "list":
        for t in TRANSFORMS:
            print(t + ("  (value-removing)" if t in VALUE_REMOVING else ""))
        return
    if args.cmd == "report":
        s = report(args.out, args.examples, gold=args.gold, build=args.build)
        sys.exit(1 if s["failing"] or s["recall_drops"] else 0)
    transforms = TRANSFORMS if not args.transforms else ["identity"] + [
        t for t in args.transforms.split(",") if t and t != "identity"]
    for t in transforms:
        if t not in TRANSFORMS:
            sys.exit(f"unknown transform {t}: see `metamorphic.py list`")
    if args.limit is not None and args.limit < 2:
        sys.exit("--limit must be at least 2")
    make(args.corpus, args.out, args.seed, args.limit, transforms, max(1, args.jobs))
    if args.cmd == "make":
        return
    out = Path(args.out)
    if (out / "build").exists():
        shutil.rmtree(out / "build")
    t0 = time.time()
    r = subprocess.run([args.ogi, "build", str(out / "docs"), "--out", str(out / "build"), "--quiet"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"ogi build failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    print(f"built in {time.time() - t0:.1f}s", file=sys.stderr)
    score_py = Path(args.score) if args.score else HERE.parent.parent / "shared" / "tools" / "score.py"
    if not score_py.is_file():
        score_py = HERE.parent / ".." / "shared" / "tools" / "score.py"
    if score_py.is_file():
        r = subprocess.run([sys.executable, str(score_py), "--gold", str(out / "gold.jsonl"), "--out",
                            str(out / "build"), "--details", "0", "--json", str(out / "score.json")],
                           capture_output=True, text=True)
        last = [x for x in r.stdout.splitlines() if x.startswith("score:")]
        print("score.py " + (last[-1] if last else f"failed: {r.stderr.strip()}"))
    else:
        print(f"note: {score_py} not found: score.py not run", file=sys.stderr)
    s = report(out, args.examples)
    if score_py.is_file() and (out / "score.json").is_file():
        sj = json.loads((out / "score.json").read_text())
        if sj.get("cells_gold") != s["cells_gold"] or sj.get("cells_correct") != s["cells_correct"]:
            print(f"note: score.py counts {sj.get('cells_correct')}/{sj.get('cells_gold')} cells, "
                  f"this script {s['cells_correct']}/{s['cells_gold']}", file=sys.stderr)
    sys.exit(1 if s["failing"] or s["recall_drops"] else 0)


if __name__ == "__main__":
    main()
