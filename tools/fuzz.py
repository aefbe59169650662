"""Fuzz the command line with generated hostile inputs; measure time and peak memory of each run.

Every format the checker reads (txt, md, html, docx, xlsx, pdf, and zip archives through
``checker batch``) gets crafted cases (27+-digit amounts, 4,000-column rows, span and
inflation bombs, odd encodings, formula text, markup in names, nested and traversal zips
…) and random mutations of a real report (byte flips, cuts, duplicated chunks, injected
snippets, edits inside the DOCX/XLSX XML). Each input runs as its own ``checker`` process;
a run fails the fuzz when it prints a traceback, exits with anything but 0/1/2, takes
over 20 s or peaks over 1 GB (the peak includes the per-document child process).

    .venv/bin/python tools/fuzz.py                 # 600 inputs, 2 at a time
    .venv/bin/python tools/fuzz.py -n 1000 -j 2 --seed 3 --json fuzz.json

Exit code 0 when no run failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
FORMATS_DIR = ROOT / "fixtures" / "formats"
CHECKER = [str(Path(sys.executable).parent / "checker")]  # the installed entry point
TIME_LIMIT = 20.0  # a run (one document) over this fails the fuzz
RSS_LIMIT_MB = 1024
DOC_TIMEOUT = 15.0  # the checker's own per-document limit (--timeout) during the fuzz

INJECT = [
    "9" * 40 + ".12 万元",
    "1" * 200 + " 万元",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "[/][bold red]x[/]",
    '<td colspan="9999" rowspan="9999">1</td>' * 20,
    '<w:gridSpan w:val="99999999"/>',
    "\x00\x01\x02\x03",
    "\ufeff\ufffe",
    "\t" * 2000,
    "１２３４．５６万元",
    "合计\t" + "\t".join("1.00" for _ in range(2000)),
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    "<script>alert(1)</script>",
    "一、" * 500,
    "增长" + "9" * 30 + "%",
]


@dataclass
class Case:
    name: str
    suffix: str  # .txt .md .html .docx .xlsx .pdf .zip
    data: bytes


@dataclass
class Run:
    name: str
    suffix: str
    size: int
    exit_code: int
    seconds: float
    rss_mb: float
    traceback: bool
    first_line: str
    wall: float = 0.0  # the whole run (for a zip: the batch of its documents)
    documents: int = 1


# ------------------------------------------------------------------ inputs


def _fixture(ext: str, i: int = 0) -> bytes:
    stem = SEEDS[i % len(SEEDS)].stem
    return (FORMATS_DIR / f"{stem}.{ext}").read_bytes()


def _seed_text(i: int = 0) -> str:
    return SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")


def _package_edit(data: bytes, parts: tuple[str, ...], edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in parts:
                body = edit(body)
            dst.writestr(info.filename, body)
    return out.getvalue()


DOCX_XML = ("word/document.xml",)
XLSX_XML = ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _wide_text(n: int) -> str:
    head = ["科目编码", "科目名称", "合计", *(f"列{i}" for i in range(n))]
    rows = ["\t".join(head)]
    for code, name in (("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行")):
        rows.append("\t".join([code, name, *(f"{i + 1}.25" for i in range(n + 1))]))
    return (
        "一般公共预算财政拨款支出决算表\n单位：万元\n"
        + "\n".join(rows)
        + "\n\n二、情况说明\n支出合计 1.25 万元。\n"
    )


def _huge_number(text: str, digits: int) -> str:
    m = re.search(r"(\d[\d,]*\.\d+)\s*万元", text)
    return text if m is None else text.replace(m.group(1), "7" * digits + ".51", 1)


def crafted() -> list[Case]:
    """The issue's cases and their neighbours, each format."""
    text = _seed_text(0)
    cases: list[Case] = []
    add = lambda name, suffix, data: cases.append(Case(name, suffix, data))  # noqa: E731
    for d in (27, 28, 60, 300):
        add(f"txt-number-{d}-digits", ".txt", _huge_number(text, d).encode())
        add(f"md-number-{d}-digits", ".md", _huge_number(_seed_text(1), d).encode())
    for n in (1000, 4000, 16000):
        add(f"txt-wide-row-{n}", ".txt", _wide_text(n).encode())
    for enc in ("utf-16", "utf-32", "utf-8-sig", "gb18030", "utf-16-le"):
        add(f"txt-{enc}", ".txt", text.encode(enc))
    add("txt-big5", ".txt", text.encode("big5hkscs", errors="replace"))
    add(
        "txt-mojibake",
        ".txt",
        text.encode("big5hkscs", errors="replace").decode("gb18030", "replace").encode(),
    )
    add("txt-not-a-report", ".txt", b"hello\nthis is a shopping list\n" * 50)
    add("txt-binary", ".txt", bytes(range(256)) * 100)
    add("txt-one-long-line", ".txt", ("支出合计 1.00 万元，" * 200_000).encode())
    add("txt-many-tables", ".txt", ("\n表\n单位：万元\n项目\t金额\n合计\t1.00\n" * 3000).encode())
    add("txt-formula-text", ".txt", ("=1+1\n+2\n-3\n@SUM(A1)\n" + text).encode())
    add("md-pipes", ".md", ("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 20000).encode())
    cell = '<td colspan="9999" rowspan="9999">1</td>'
    row = "<tr>" + cell * 10 + "</tr>"
    add(
        "html-span-4k",
        ".html",
        f"<html><body><p>一、部门概况</p><table>{row * 9}</table></body></html>".encode(),
    )
    add(
        "html-span-100k",
        ".html",
        (
            "<html><body><p>一、部门概况</p>" + ("<table>" + row * 10 + "</table>") * 240 + "</body></html>"
        ).encode(),
    )
    add("html-deep-nesting", ".html", ("<div>" * 100_000 + "一、部门概况" + "</div>" * 100_000).encode())
    add(
        "html-nested-tables", ".html", ("<table><tr><td>" * 5000 + "1" + "</td></tr></table>" * 5000).encode()
    )
    page = _fixture("html").decode("utf-8")
    add("html-declares-utf16", ".html", page.replace("<head>", '<head><meta charset="utf-16">', 1).encode())
    add("html-utf16-bom", ".html", page.encode("utf-16"))
    add("html-utf16-no-bom", ".html", page.encode("utf-16-le"))
    add("html-big5", ".html", page.encode("big5hkscs", errors="replace"))
    add(
        "html-script",
        ".html",
        page.replace("<body>", "<body><script>alert(1)</script><img src=x onerror=alert(1)>").encode(),
    )
    docx = _fixture("docx")
    add(
        "docx-gridspan",
        ".docx",
        _package_edit(
            docx, DOCX_XML, lambda x: x.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>')
        ),
    )
    add(
        "docx-number-40-digits",
        ".docx",
        _package_edit(docx, DOCX_XML, lambda x: re.sub(rb"(\d+\.\d\d)", b"9" * 40 + rb".\1", x, count=5)),
    )
    add(
        "docx-xxe",
        ".docx",
        _package_edit(
            docx,
            DOCX_XML,
            lambda x: x.replace(
                b"?>",
                b'?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
                1,
            ).replace(b"<w:t>", b"<w:t>&e;&c;", 3),
        ),
    )
    add(
        "docx-inflate-100mb-part",
        ".docx",
        _package_edit(
            docx, DOCX_XML, lambda x: x.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 17_000_000, 1)
        ),
    )
    add(
        "docx-many-paragraphs",
        ".docx",
        _package_edit(
            docx,
            DOCX_XML,
            lambda x: x.replace(
                b"<w:body>", b"<w:body>" + b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" * 200_000, 1
            ),
        ),
    )
    xlsx = _fixture("xlsx")
    add(
        "xlsx-formulas-and-huge-numbers",
        ".xlsx",
        _package_edit(
            xlsx, XLSX_XML, lambda x: re.sub(rb"<v>(\d+)", rb"<v>99999999999999999999999999999\1", x)
        ),
    )
    add("xlsx-truncated", ".xlsx", xlsx[: len(xlsx) // 2])
    pdf = _fixture("pdf")
    add("pdf-truncated", ".pdf", pdf[: len(pdf) // 3])
    add("pdf-flipped", ".pdf", bytes(b ^ 0x55 if i % 997 == 0 else b for i, b in enumerate(pdf)))
    seed_txt = SEEDS[0].read_bytes()
    inner = _zip({"deep/report.txt": seed_txt})
    add("zip-nested", ".zip", _zip({"inner.zip": inner, "a.txt": seed_txt}))
    add(
        "zip-traversal",
        ".zip",
        _zip({"../../escape.txt": seed_txt, "/abs.txt": seed_txt, "ok.txt": seed_txt}),
    )
    add("zip-markup-names", ".zip", _zip({"a[/]b.txt": seed_txt, "[bold]x[/bold].html": _fixture("html")}))
    add(
        "zip-2000-entries",
        ".zip",
        _zip({f"d/r{i}.txt": f"一、说明\n第{i}份，支出 {i}.00 万元。\n".encode() for i in range(2000)}),
    )
    add("zip-ratio-bomb", ".zip", _zip({"big.txt": b"0" * 30_000_000}))
    add("zip-formats", ".zip", _zip({f"r.{e}": _fixture(e) for e in ("docx", "xlsx", "html", "pdf")}))
    add("zip-identical-copies", ".zip", _zip({f"copy{i}.txt": seed_txt for i in range(5)}))
    return cases


def _mutate(data: bytes, suffix: str, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["flip", "cut", "insert", "dup", "inject", "xml", "xml", "swap"])
        at = rng.randrange(len(out) + 1) if out else 0
        if op == "flip" and out:
            for _ in range(rng.randint(1, 64)):
                out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 512))
        elif op == "dup" and out:
            chunk = bytes(out[at : at + rng.randint(16, 4096)])
            out[at:at] = chunk * rng.randint(2, 200)
        elif op == "inject":
            out[at:at] = rng.choice(INJECT).encode("utf-8")
        elif op == "swap" and len(out) > 2:
            a, b = sorted(rng.sample(range(len(out)), 2))
            out[a:b] = out[a:b][::-1]
        elif op == "xml" and suffix in (".docx", ".xlsx", ".zip"):
            snippet = rng.choice(INJECT).encode("utf-8")

            def edit(x: bytes, s: bytes = snippet) -> bytes:
                k = rng.randrange(len(x) + 1)
                return x[:k] + s + x[k:]

            parts = DOCX_XML if suffix == ".docx" else XLSX_XML
            if suffix == ".zip":
                parts = ("a/report.txt", "b.html")
            try:
                out = bytearray(_package_edit(bytes(out), parts, edit))
            except Exception:  # an already-broken package stays as it is
                pass
        if not out or len(out) > 8 * 1024 * 1024:
            break
    return bytes(out[: 8 * 1024 * 1024])


def mutated(n: int, rng: random.Random) -> list[Case]:
    bases: list[tuple[str, bytes]] = []
    for i in range(len(SEEDS)):
        bases += [(".txt", SEEDS[i].read_bytes()), (".md", SEEDS[i].read_bytes())]
        bases += [(f".{e}", _fixture(e, i)) for e in ("html", "docx", "xlsx", "pdf")]
    seed_txt = SEEDS[0].read_bytes()
    bases.append((".zip", _zip({"a/report.txt": seed_txt, "b.html": _fixture("html")})))
    cases = []
    for k in range(n):
        suffix, data = bases[k % len(bases)]
        cases.append(Case(f"mutated-{k:04d}{suffix}", suffix, _mutate(data, suffix, rng)))
    return cases


# ------------------------------------------------------------------ running


def write_cases(n: int, seed: int, out: Path) -> None:
    """Generate the inputs into ``out`` (run in a child: the runner's own memory stays
    small, so the peak RSS measured for each checker run is the checker's)."""
    rng = random.Random(seed)
    cases = crafted()
    cases += mutated(max(n - len(cases), 0), rng)
    for k, c in enumerate(cases):
        stem = c.name.removesuffix(c.suffix)
        (out / f"{k:04d}__{stem}{c.suffix}").write_bytes(c.data)


def run_one(src: Path, work: Path) -> Run:
    name, suffix = src.name.split("__", 1)[1], src.suffix
    d = Path(tempfile.mkdtemp(prefix="fuzz-", dir=work))
    p = d / f"input{suffix}"
    shutil.copyfile(src, p)
    limit = ["--timeout", str(DOC_TIMEOUT)]
    if suffix == ".zip":
        cmd = [*CHECKER, "batch", str(p), "--db", str(d / "r.sqlite"), "-j", "1", *limit]
    else:
        cmd = [*CHECKER, "check", str(p), "-f", "json", *limit]
    out, err = (d / "stdout").open("wb"), (d / "stderr").open("wb")
    t0 = time.monotonic()
    env = {**os.environ, "CHECKER_LOG_DIR": str(work / "logs")}
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=d, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    secs = time.monotonic() - t0
    out.close()
    err.close()
    stderr = (d / "stderr").read_text(encoding="utf-8", errors="replace")
    stdout = (d / "stdout").read_text(encoding="utf-8", errors="replace")
    first = next((ln for ln in stderr.splitlines() if ln.strip()), "")
    per_doc, n_docs = secs, 1
    if suffix == ".zip" and (d / "r.sqlite").exists():
        con = sqlite3.connect(d / "r.sqlite")
        try:
            n_docs, slowest = con.execute("SELECT count(*), max(seconds) FROM documents").fetchone()
        finally:
            con.close()
        per_doc = slowest or 0.0
    return Run(
        name=name,
        suffix=suffix,
        size=p.stat().st_size,
        exit_code=proc.returncode,
        seconds=round(per_doc, 3),
        rss_mb=round(usage.ru_maxrss / 1024, 1),  # KB on Linux; the largest of the process and its children
        traceback="Traceback (most recent call last)" in stderr + stdout,
        first_line=first[:160],
        wall=round(secs, 3),
        documents=n_docs,
    )


def failed(r: Run) -> bool:
    return r.traceback or r.exit_code not in (0, 1, 2) or r.seconds > TIME_LIMIT or r.rss_mb > RSS_LIMIT_MB


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=600, help="inputs in all (crafted ones included)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="checker-fuzz-") as tmp:
        work = Path(tmp)
        inputs = work / "inputs"
        inputs.mkdir()
        gen = multiprocessing.get_context("spawn").Process(
            target=write_cases, args=(args.n, args.seed, inputs)
        )
        gen.start()
        gen.join()
        files = sorted(inputs.iterdir())
        if gen.exitcode != 0 or not files:
            print("fuzz: generating the inputs failed", file=sys.stderr)
            return 2
        t0 = time.monotonic()
        with ThreadPoolExecutor(args.jobs) as pool:
            runs = list(pool.map(lambda f: run_one(f, work), files))
        wall = time.monotonic() - t0
    by_suffix = Counter(r.suffix for r in runs)
    codes = Counter(r.exit_code for r in runs)
    bad = [r for r in runs if failed(r)]
    print(
        f"inputs {len(runs)} ({', '.join(f'{s} {n}' for s, n in sorted(by_suffix.items()))}); wall {wall:.0f} s"
    )
    print(f"exit codes: {dict(sorted(codes.items()))}")
    stopped = sum("超时" in r.first_line for r in runs)
    zips = [r for r in runs if r.suffix == ".zip"]
    print(
        f"stopped by the per-document limit ({DOC_TIMEOUT:g} s): {stopped}; "
        f"zip batches: {len(zips)} with {sum(r.documents for r in zips)} documents, "
        f"longest batch {max((r.wall for r in zips), default=0):.0f} s"
    )
    print(
        f"tracebacks {sum(r.traceback for r in runs)} · internal (exit 3) {codes.get(3, 0)} · "
        f"over {TIME_LIMIT:g} s {sum(r.seconds > TIME_LIMIT for r in runs)} · "
        f"over {RSS_LIMIT_MB} MB {sum(r.rss_mb > RSS_LIMIT_MB for r in runs)}"
    )
    print(
        f"time: median {sorted(r.seconds for r in runs)[len(runs) // 2]:.2f} s, max {max(r.seconds for r in runs):.2f} s; "
        f"peak RSS: median {sorted(r.rss_mb for r in runs)[len(runs) // 2]:.0f} MB, max {max(r.rss_mb for r in runs):.0f} MB"
    )
    print("slowest:")
    for r in sorted(runs, key=lambda r: -r.seconds)[:5]:
        print(f"  {r.seconds:6.2f} s {r.rss_mb:6.0f} MB  exit {r.exit_code}  {r.name}  {r.first_line[:80]}")
    print("largest peak memory:")
    for r in sorted(runs, key=lambda r: -r.rss_mb)[:5]:
        print(f"  {r.seconds:6.2f} s {r.rss_mb:6.0f} MB  exit {r.exit_code}  {r.name}  {r.first_line[:80]}")
    for r in bad:
        print(
            f"FAILED {r.name}: exit {r.exit_code}, {r.seconds} s, {r.rss_mb} MB, traceback={r.traceback}: {r.first_line}"
        )
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) for r in runs], ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
