"""Command line: a thin layer over the library functions in ``checker.pipeline``."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from checker import __version__

if TYPE_CHECKING:  # imported lazily below: `checker --help` starts fast
    from checker.pipeline import CheckOptions

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="部门预算/决算报告一致性检查：核对情况说明中的每个数字与报表是否一致。",
)


class Fmt(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class Extractor(str, Enum):
    rules = "rules"
    llm = "llm"
    hybrid = "hybrid"


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x for x in v.split(",") if x.strip())
    return out


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"checker: {message}", err=True)
    return typer.Exit(code)


def _check_output(output: Path | None) -> None:
    """-o must name a file in an existing directory: say so in one line before any work."""
    if output is None:
        return
    if output.is_dir():
        raise _fail(f"输出路径是一个目录：{output}")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise _fail(f"输出目录不存在：{parent}")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise _fail(f"无法写入 {output}：{e.strerror or e}") from None


def _guarded(fn: Callable[..., None]) -> Callable[..., None]:
    """An unexpected exception becomes one line naming a log with the traceback, exit 3."""

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:
            from checker.internal import internal_message

            raise _fail(internal_message(e, f"checker {fn.__name__}"), 3) from None

    return wrapper


# Options shared by `check` and `batch` (one definition, so both read the same).
SELECT = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，逗号分隔）")
IGNORE = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀，逗号分隔）")
EXTRACTOR = typer.Option(Extractor.rules, "--extractor", help="表述提取方式：rules | llm | hybrid")
MODEL = typer.Option(None, "--model", envvar="CHECKER_MODEL", help="LLM 模型名")
NO_CACHE = typer.Option(False, "--no-cache", help="不使用 LLM 响应缓存")
TIMEOUT = typer.Option(
    None, "--timeout", envvar="CHECKER_TIMEOUT", help="每份报告的时间上限（秒，默认 120；0 = 不限）"
)
MAX_MEMORY = typer.Option(
    None, "--max-memory", envvar="CHECKER_MAX_MEMORY_MB", help="每份报告的内存上限（MB，默认 2048；0 = 不限）"
)


def _options(
    select: list[str] | None,
    ignore: list[str] | None,
    extractor: Extractor,
    model: str | None,
    no_cache: bool,
) -> CheckOptions:
    from checker.pipeline import CheckOptions

    return CheckOptions(
        extractor=extractor.value,
        select=_split(select),
        ignore=_split(ignore),
        model=model,
        use_cache=not no_cache,
    )


@app.command()
@_guarded
def check(
    file: Path = typer.Argument(..., help="报告文件（.txt .md .pdf .docx .xlsx .html）"),
    format: Fmt = typer.Option(Fmt.text, "--format", "-f", help="输出格式"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    select: list[str] | None = SELECT,
    ignore: list[str] | None = IGNORE,
    extractor: Extractor = EXTRACTOR,
    model: str | None = MODEL,
    no_cache: bool = NO_CACHE,
    min_severity: str = typer.Option(
        "info", "--min-severity", help="终端只显示此级别及以上：error | warning | info"
    ),
    timeout: float | None = TIMEOUT,
    max_memory: int | None = MAX_MEMORY,
    exit_zero: bool = typer.Option(
        False, "--exit-zero", help="有错误级别的发现时也以 0 退出（无法读取/未完成核对/内部错误仍为 2/3）"
    ),
) -> None:
    """检查一份报告，列出文字与表格之间、表格之间的每处矛盾。

    退出码：0 无错误；1 有错误级别的发现；2 无法读取输入，或读取了但未能完成核对
    （找不到情况说明、文字层错乱、大部分数字无法核对——原因见输出）；3 检查器内部错误。
    """
    from checker.batch.limits import Limits, run_limited
    from checker.pipeline import check_file

    _check_output(output)
    opts = _options(select, ignore, extractor, model, no_cache)
    # in a child process: a document over its time or memory limit gets its own status
    report = run_limited(str(file), check_file, (file, opts), Limits.from_env(timeout, max_memory))
    if report.status not in ("ok", "unchecked"):  # unchecked: read, so the report is shown
        typer.echo(f"checker: {report.error or report.status}", err=True)
        if format == Fmt.json:
            from checker.report.json_report import render

            _write(render(report), output)
        raise typer.Exit(report.exit_code)
    for w in report.warnings:
        typer.echo(f"checker: 警告：{w}", err=True)
    for r in report.reading:
        typer.echo(f"checker: 未完成核对：{r}", err=True)
    if format == Fmt.json:
        from checker.report.json_report import render

        _write(render(report), output)
    elif format == Fmt.html:
        from checker.report.html import render as render_html

        _write(render_html(report), output)
    else:
        if output is not None:
            # A file or a pipe gets whole lines (no wrapping at an imagined 80 columns).
            try:
                fh = output.open("w", encoding="utf-8")
            except OSError as e:
                raise _fail(f"无法写入 {output}：{e.strerror or e}") from None
            console = Console(file=fh, soft_wrap=True, force_terminal=False)
        else:
            console = Console(soft_wrap=not sys.stdout.isatty())
        from checker.report.terminal import render as render_text

        render_text(report, console, min_severity=min_severity)
    code = report.exit_code
    raise typer.Exit(0 if exit_zero and code == 1 else code)


@app.command()
@_guarded
def tables(
    file: Path = typer.Argument(..., help="报告文件"),
    format: Fmt = typer.Option(Fmt.text, "--format", "-f", help="输出格式：text | json"),
) -> None:
    """显示解析出的表格：类别、列、行（按科目编码）以及每个数值，便于确认解析是否正确。"""
    from checker.document import CheckerError
    from checker.ingest import load
    from checker.tables.parse import parse_tables

    try:
        doc = load(file)
    except CheckerError as e:
        typer.echo(f"checker: {e}", err=True)
        raise typer.Exit(2) from None
    parsed = parse_tables(doc)
    if format == Fmt.json:
        _write(parsed.model_dump_json(indent=2), None)
        return
    from checker.report.tables_view import render as render_tables

    render_tables(parsed, Console(soft_wrap=not sys.stdout.isatty()))


@app.command()
def show(
    file: Path = typer.Argument(..., help="报告文件"),
    full: bool = typer.Option(False, "--full", help="显示完整段落和表格每一行"),
) -> None:
    """按检查器读到的样子显示报告：标题、段落（页码、行号，情况说明已标出）、表格（类别、行列数），
    以及实际核对了多少——用来分辨“没读懂”与“没有问题”。"""
    from checker.document import CheckerError
    from checker.ingest import load
    from checker.pipeline import check_document
    from checker.report.show_view import render as render_show
    from checker.tables.parse import parse_tables

    try:
        doc = load(file)
    except CheckerError as e:
        typer.echo(f"checker: {e}", err=True)
        raise typer.Exit(2) from None
    parsed = parse_tables(doc)
    report = check_document(doc, tables=parsed)
    render_show(doc, parsed, report, Console(soft_wrap=not sys.stdout.isatty()), full=full)


@app.command()
def rules() -> None:
    """列出全部检查规则（代码、名称、说明）。"""
    from checker.checks.registry import all_rules

    console = Console(soft_wrap=not sys.stdout.isatty())
    for r in all_rules():
        console.print(f"[bold]{r.code}[/]  {r.name}  [dim]{r.summary}[/]")


@app.command("rule")
def rule_doc(code: str = typer.Argument(..., help="规则代码，如 T101")) -> None:
    """显示一条规则的完整说明（作用 / 原因 / 示例）。"""
    from checker.checks.registry import all_rules

    match = [r for r in all_rules() if r.code.upper() == code.upper()]
    if not match:
        typer.echo(f"checker: 没有代码为 {code} 的规则（checker rules 列出全部规则）", err=True)
        raise typer.Exit(2)
    r = match[0]
    typer.echo(f"{r.code} {r.name}\n{r.summary}\n\n{r.doc}")


@app.command("eval")
def eval_cmd(
    gold_dir: Path = typer.Argument(..., help="标注目录（每份报告一个 YAML）"),
    docs_dir: Path = typer.Argument(..., help="报告目录"),
    format: Fmt = typer.Option(Fmt.text, "--format", "-f", help="输出格式：text | json"),
) -> None:
    """按标注集评分：必报/应报项的召回、不应报项的违例、未标注发现、（已标注部分的）精确率。"""
    from checker.document import CheckerError
    from checker.eval import evaluate
    from checker.eval.render import render_json, render_text

    try:
        result = evaluate(gold_dir, docs_dir)
    except CheckerError as e:
        typer.echo(f"checker: {e}", err=True)
        raise typer.Exit(2) from None
    _write(render_json(result) if format == Fmt.json else render_text(result), None)


bench_app = typer.Typer(help="基准测试：变异检出率（mutate）与速度（perf）。", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("mutate")
def bench_mutate(
    docs: list[Path] = typer.Argument(..., help="报告文件或目录（.txt .md .pdf .docx .xlsx .html）"),
    seed: int = typer.Option(0, "--seed", help="随机种子（结果可复现）"),
    per_kind: int = typer.Option(15, "--per-kind", help="每份报告每类变异的最大数量"),
    kinds: list[str] = typer.Option(None, "--kinds", help="只运行这些变异类别（逗号分隔）"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="同时处理的报告数（进程数）"),
    format: Fmt = typer.Option(Fmt.text, "--format", help="输出格式：text | json"),
    details: bool = typer.Option(False, "--details", help="列出每个漏检的变异和在别处新增的发现"),
) -> None:
    """向报告注入一处已知矛盾，统计检查器在正确位置检出的比例（按变异类别）。"""
    from checker.bench.mutate import render_details, render_json, render_table, run
    from checker.document import CheckerError

    try:
        result = run(list(docs), seed=seed, per_kind=per_kind, kinds=tuple(_split(kinds)), jobs=jobs)
    except CheckerError as e:
        typer.echo(f"checker: {e}", err=True)
        raise typer.Exit(2) from None
    if format == Fmt.json:
        _write(render_json(result), None)
        return
    _write(render_table(result), None)
    if details:
        _write(render_details(result), None)


@bench_app.command("perf")
def bench_perf(
    files: list[Path] = typer.Argument(..., help="报告文件"),
    repeat: int = typer.Option(5, "--repeat", help="每个文件重复次数"),
) -> None:
    """每份报告的检查耗时（中位数与波动）和吞吐量。"""
    from checker.bench.perf import render, run

    _write(render(run(list(files), repeat=repeat)), None)


@app.command()
def version() -> None:
    """显示版本。"""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


@app.command()
@_guarded
def batch(
    paths: list[Path] = typer.Argument(..., help="目录、报告文件或 .zip 压缩包（递归查找）"),
    db: Path = typer.Option(Path("results.sqlite"), "--db", help="SQLite 结果库"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认 = CPU 核数）"),
    force: bool = typer.Option(False, "--force", help="重新检查已检查过的文件"),
    html: Path | None = typer.Option(None, "--html", help="为每份报告写一个 HTML 页面及索引页到此目录"),
    select: list[str] | None = SELECT,
    ignore: list[str] | None = IGNORE,
    extractor: Extractor = EXTRACTOR,
    model: str | None = MODEL,
    no_cache: bool = NO_CACHE,
    timeout: float | None = TIMEOUT,
    max_memory: int | None = MAX_MEMORY,
) -> None:
    """批量检查目录与压缩包中的全部报告，结果写入 SQLite；可中断后续跑（已完成的不重做）。

    退出码：0 无错误；1 有报告含错误级别的发现；2 有文件无法检查（详情见结果库与汇总）；3 内部错误。
    """
    from checker.batch.cli_view import run_with_progress
    from checker.batch.limits import Limits
    from checker.store.db import StoreError

    if html is not None and html.exists() and not html.is_dir():
        raise _fail(f"--html 需要一个目录，而 {html} 是文件")
    opts = _options(select, ignore, extractor, model, no_cache)
    try:
        code = run_with_progress(
            paths,
            db,
            jobs=jobs or None,
            force=force,
            html_dir=html,
            options=opts,
            limits=Limits.from_env(timeout, max_memory),
        )
    except StoreError as e:
        raise _fail(str(e)) from None
    raise typer.Exit(code)


class ExportFmt(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


@app.command()
@_guarded
def export(
    db: Path = typer.Option(Path("results.sqlite"), "--db", help="SQLite 结果库"),
    format: ExportFmt = typer.Option(ExportFmt.csv, "--format", "-f", help="csv | xlsx | json"),
    output: Path | None = typer.Option(None, "--output", "-o", help="输出文件"),
) -> None:
    """导出结果库中的全部发现：每条发现一行（文件、章节、原文摘录、文中数值、应为、级别…）。"""
    from checker.report.export import export as do_export
    from checker.store.db import StoreError

    if not db.exists():
        raise _fail(f"结果库不存在：{db}")
    if format == ExportFmt.xlsx and output is None:
        raise _fail("xlsx 导出需要用 -o 指定输出文件")
    _check_output(output)
    try:
        text = do_export(db, format.value, output, readonly=True)
    except StoreError as e:
        raise _fail(str(e)) from None
    except OSError as e:
        raise _fail(f"无法写入 {output}：{e.strerror or e}") from None
    if text is not None:
        _write(text, None)
