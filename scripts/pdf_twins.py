#!/usr/bin/env python3
"""Print a generated corpus's HTML and DOCX reports to PDF: a twin corpus
whose gold is the originals' gold, so a build can be scored on PDFs.

Usage:
    pdf_twins.py --corpus DIR --out OUT [--limit N] [--sources] [--formats html,docx]

DIR is a corpus made by gen_corpus.py (DIR/docs, DIR/gold.jsonl). For each
gold document that is a plain .html/.htm/.shtml/.docx file (not an archive
member), OUT/docs/<same path>.pdf is written: HTML printed by headless
Chromium, DOCX converted by LibreOffice. OUT/gold.jsonl holds those
documents' gold lines with `document` rewritten to the PDF's path, and
OUT/twins.tsv one line per twin: pdf path, source path, source format.
With --sources the source files are copied beside their PDFs, so a test
can decode both.

With --shorter SEED, each DOCX is converted with its page made shorter
than A4 by a factor drawn per document (from SEED and its path) between
0.55 and 0.95: the same report broken across pages at other rows, a
layout transform aimed at tables cut by page breaks. With --narrow SEED,
its tables' columns are made narrower by a factor drawn the same way
between 0.6 and 0.95: numbers and labels wrap in their cells where they
did not. The sources copied with --sources are the originals (their text
is the same).

Needs: chromium, soffice (Debian: chromium, libreoffice-writer-nogui) and
fonts-noto-cjk for the Chinese text.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HTML_EXTS = (".html", ".htm", ".shtml")


def chromium_pdf(src, dst):
    profile = tempfile.mkdtemp(prefix="twin-chromium-")
    try:
        subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={dst}",
                "file://" + os.path.abspath(src),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            timeout=180, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return os.path.exists(dst) and os.path.getsize(dst) > 0


def drawn(seed, key, low, high):
    """A factor in [low, high] drawn from seed and key."""
    draw = int.from_bytes(hashlib.sha256(f"{seed}/{key}".encode()).digest()[:4], "big")
    return low + (high - low) * draw / 0xFFFFFFFF


def scaled(text, tag, attr, factor):
    """text with the attribute attr of every element tag scaled by factor."""
    pattern = re.compile(r"(<" + tag + r"\b[^>]*?\b" + attr + r'=")(\d+)(")')
    return pattern.sub(lambda m: f"{m.group(1)}{int(int(m.group(2)) * factor)}{m.group(3)}", text)


def transformed_docx(src, dst, key, shorter=None, narrow=None):
    """Copy the DOCX src to dst with its page made shorter (seed shorter)
    and its tables' columns narrower (seed narrow), factors drawn per key."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                if shorter is not None:
                    text = scaled(text, "w:pgSz", "w:h", drawn(shorter, key, 0.55, 0.95))
                if narrow is not None:
                    factor = drawn(narrow, key, 0.6, 0.95)
                    for tag in ("w:gridCol", "w:tblW", "w:tcW"):
                        text = scaled(text, tag, "w:w", factor)
                data = text.encode("utf-8")
            zout.writestr(item, data)


def soffice_pdfs(pairs):
    """Convert [(src.docx, dst.pdf)] in one LibreOffice run."""
    if not pairs:
        return
    work = tempfile.mkdtemp(prefix="twin-soffice-")
    try:
        names = []
        for i, (src, _) in enumerate(pairs):
            name = os.path.join(work, f"{i:06d}.docx")
            shutil.copyfile(src, name)
            names.append(name)
        out = os.path.join(work, "out")
        os.makedirs(out)
        profile = "file://" + os.path.join(work, "profile")
        for start in range(0, len(names), 50):
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", out] + names[start:start + 50],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=1800, check=False,
            )
        for i, (_, dst) in enumerate(pairs):
            made = os.path.join(out, f"{i:06d}.pdf")
            if os.path.exists(made):
                shutil.move(made, dst)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0, help="at most this many twins")
    ap.add_argument("--sources", action="store_true", help="copy the sources beside the PDFs")
    ap.add_argument("--formats", default="html,docx",
                    help="which sources to convert, comma-separated (default html,docx)")
    ap.add_argument("--shorter", metavar="SEED",
                    help="convert each DOCX with a shorter page, drawn from SEED (see above)")
    ap.add_argument("--narrow", metavar="SEED",
                    help="convert each DOCX with narrower table columns, drawn from SEED")
    args = ap.parse_args()
    formats = set(args.formats.split(","))
    if not formats or not formats <= {"html", "docx"}:
        sys.exit("--formats takes html, docx or both, comma-separated")
    exts = (HTML_EXTS if "html" in formats else ()) + ((".docx",) if "docx" in formats else ())

    for tool, fmt in (("chromium", "html"), ("soffice", "docx")):
        if fmt in formats and shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")

    docs = os.path.join(args.corpus, "docs")
    chosen = []
    with open(os.path.join(args.corpus, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            gold = json.loads(line)
            doc = gold["document"]
            if "!" in doc:
                continue
            ext = os.path.splitext(doc)[1].lower()
            if ext not in exts:
                continue
            if not os.path.isfile(os.path.join(docs, doc)):
                continue
            chosen.append((doc, ext, gold))
            if args.limit and len(chosen) >= args.limit:
                break

    out_docs = os.path.join(args.out, "docs")
    changed_dir = tempfile.mkdtemp(prefix="twin-changed-")
    todo_docx = []
    plan = []
    for doc, ext, gold in chosen:
        src = os.path.join(docs, doc)
        pdf_rel = os.path.splitext(doc)[0] + ".pdf"
        dst = os.path.join(out_docs, pdf_rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if args.sources:
            shutil.copyfile(src, os.path.join(out_docs, doc))
        plan.append((pdf_rel, doc, ext, gold, dst))
        if ext == ".docx":
            if args.shorter is not None or args.narrow is not None:
                changed = os.path.join(changed_dir, f"{len(todo_docx):06d}.docx")
                transformed_docx(src, changed, doc, args.shorter, args.narrow)
                src = changed
            todo_docx.append((src, dst))
    done = 0
    for pdf_rel, doc, ext, gold, dst in plan:
        if ext in HTML_EXTS:
            chromium_pdf(os.path.join(docs, doc), dst)
            done += 1
            if done % 20 == 0:
                print(f"{done} HTML printed", file=sys.stderr)
    try:
        soffice_pdfs(todo_docx)
    finally:
        shutil.rmtree(changed_dir, ignore_errors=True)

    written = 0
    with open(os.path.join(args.out, "gold.jsonl"), "w", encoding="utf-8") as g, \
            open(os.path.join(args.out, "twins.tsv"), "w", encoding="utf-8") as t:
        for pdf_rel, doc, ext, gold, dst in plan:
            if not os.path.exists(dst):
                print(f"not converted: {doc}", file=sys.stderr)
                continue
            gold = dict(gold, document=pdf_rel)
            g.write(json.dumps(gold, ensure_ascii=False, sort_keys=True) + "\n")
            t.write(f"{pdf_rel}\t{doc}\t{ext.lstrip('.')}\n")
            written += 1
    print(f"{written} twins of {len(plan)} written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
