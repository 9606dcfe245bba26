"""The command line's help in Chinese beside the English: a catalog keyed by the English text.

Policy staff read Chinese; the developers who script gouji read the English that names the
options. Each help text and description stays written once in English where its option is
declared, and this catalog gives its Chinese, as a gettext catalog would; ``bilingual`` then
puts the Chinese line above the English one throughout the parser tree. ``missing`` lists
English texts the catalog lacks, and a test fails on any, so an option cannot be added without
its Chinese.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

from ..render.width import width

ZH: dict[str, str] = {
    # argparse's own
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "positional arguments": "位置参数",
    "options": "选项",
    # commands
    "check reports against the national rules": "对照规则检查报告",
    "read reports into canonical cells and print them": "把报告读成标准单元格并输出",
    "list loaded plugins and the hooks they implement": "列出已加载的插件及其实现的钩子",
    "validate, list, show and test rules": "校验、列出、查看和测试规则",
    "list rulesets; show one with its resolved parameters": "列出规则集；查看某一规则集及其参数",
    "print the JSON Schema of the record (or of a report)": "输出检查记录（或报告）的 JSON Schema",
    "validate rule files (all of the home's when none given)": "校验规则文件（未指定时校验规则目录中的全部文件）",
    "list the rules of every ruleset (or of one)": "列出各规则集（或某一规则集）的规则",
    "a rule's documentation: title, severity, citation, text": "查看规则说明：标题、严重程度、依据、原文",
    "run the rules' examples": "运行规则中的示例",
    "a ruleset and its parameters, with the layer of each": "查看规则集及其参数，以及每个参数来自哪一层",
    # descriptions
    "Check each report (files, or directories searched recursively) against the ruleset for "
    "the format its tables follow.": "按报告表格所用的格式，对照相应规则集检查每份报告（文件，或递归查找的目录）。",
    "Read each report into its sections and canonical table cells.": "把每份报告读成各部分和标准表格单元格。",
    # check
    "report files or directories": "报告文件或目录",
    "what to write to stdout (default: text; xlsx only to a redirected stdout)": "输出到标准输出的格式（默认 text；xlsx 只能输出到重定向的标准输出）",
    "also write FORMAT to FILE, from the same pass (repeatable), e.g. sarif:gouji.sarif": "同一次检查中另将 FORMAT 格式写入 FILE（可重复），如 sarif:gouji.sarif",
    "exit 1 when a finding of this severity or above fails (default: error)": "有此严重程度及以上的发现不通过时退出码为 1（默认 error）",
    "use this ruleset instead of choosing by format": "使用此规则集，而不按格式选择",
    "the issuers' province (新疆, 湖北省 …), overriding what their names give": "发布主体所在省份（新疆、湖北省……），优先于从名称中识别的省份",
    "problems (default): list failing and unassessable findings, passing rules counted once "
    "each with their instances; all: list every rule instance, passes included, in every "
    "format": "problems（默认）：列出不通过和无法判断的发现，通过的规则每条计一次并注明处数；all：在各种格式中列出每一处规则实例，包括通过的",
    "worker processes (default: this process for fewer than 400 files, else one per 200 files "
    "up to one per core; 0: one per core; 1: check in this process); the output is the same "
    "for any N": "工作进程数（默认：少于 400 个文件时在本进程检查，否则每 200 个文件一个进程，最多每核一个；0：每核一个；1：在本进程检查）；任何 N 的输出都相同",
    "time limit per file (default 60; 0: none): a file past it gets an INPUT.LIMIT error "
    "record and the run goes on": "每个文件的时间上限（默认 60 秒；0：不限）：超时的文件记为 INPUT.LIMIT 错误，其余照常检查",
    "memory limit per worker process (default 1024; 0: none); given, a run left to the "
    "default -j is checked in workers however small, so that it holds; not applied with "
    "-j 1": "每个工作进程的内存上限（默认 1024 MB；0：不限）；明确指定时，即使文件很少、未指定 -j，也在工作进程中检查以使上限生效；-j 1 时不适用",
    "accepted failures (default: gouji-baseline.toml in the working directory, if any)": "已接受的不通过项（默认：工作目录中的 gouji-baseline.toml，如有）",
    "ignore gouji-baseline.toml": "忽略 gouji-baseline.toml",
    # rules homes and plugins
    "rules home (default: GOUJI_HOME, the nearest folder with rulesets.toml and rules/ above "
    "the working directory, or the bundled one); a home named here is trusted to run its "
    "plugins": "规则目录（默认：GOUJI_HOME，工作目录及其上级中最近的含 rulesets.toml 和 rules/ 的目录，或内置目录）；此处指定的目录视为可信，运行其插件",
    "run the plugins of a rules home found by walking up from the working directory "
    "(default: only its rule files are used; also GOUJI_TRUST_HOME=1)": "运行从工作目录向上找到的规则目录中的插件（默认只使用其规则文件；也可设 GOUJI_TRUST_HOME=1）",
    "do not load the plugin NAME (as `gouji plugins` names it, e.g. hubei); repeatable; also "
    "GOUJI_DISABLE_PLUGINS=NAME,NAME": "不加载插件 NAME（名称同 gouji plugins 所列，如 hubei）；可重复；也可设 GOUJI_DISABLE_PLUGINS=NAME,NAME",
    # parse
    "report files (.txt, .md, .html, .docx, .pdf)": "报告文件（.txt、.md、.html、.docx、.pdf）",
    "text: tables as grids with Chinese labels; json: one object per report (an array when "
    "several files are given)": "text：以中文标签的网格显示表格；json：每份报告一个对象（多个文件时为数组）",
    "rules home whose plugins teach the parser local templates (default: GOUJI_HOME, the "
    "nearest rulesets.toml above the working directory, or the bundled one)": "规则目录，其插件向解析器提供地方模板（默认：GOUJI_HOME、工作目录及其上级中最近的 rulesets.toml，或内置目录）",
    # rules
    "rule files to validate": "要校验的规则文件",
    "only the rules of this ruleset": "只列出此规则集的规则",
    "text (default), or json: one object per rule, for scripts": "text（默认），或 json：每条规则一个对象，供脚本使用",
    "a rule id, e.g. T3.BALANCE": "规则编号，如 T3.BALANCE",
    "rule ids to test (default: all)": "要测试的规则编号（默认：全部）",
    # rulesets
    "a ruleset id, e.g. gb2021": "规则集编号，如 gb2021",
    "resolve for a province (e.g. 新疆)": "按省份解析参数（如 新疆）",
    "… and a prefecture": "……及地市",
    "… and a county": "……及区县",
    # schema
    "the compliance record (default) or the parsed report": "检查记录（默认）或解析后的报告",
}


class BilingualFormatter(argparse.HelpFormatter):
    """argparse's formatter, keeping the line break between the Chinese and the English, each
    wrapped to the terminal: the English at spaces, the Chinese by display width (a Chinese
    character takes two columns, and argparse's textwrap counts it as one)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        for part in text.split("\n"):
            if _chinese(part):
                lines.extend(_wrap_wide(part, width))
            else:
                lines.extend(super()._split_lines(part, width))
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(
            indent + line for line in self._split_lines(text, max(width - len(indent), 11))
        )


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_TOKENS = re.compile(r"[\x21-\x7e]+|\s+|.")
"""A word of ASCII (never cut: ``sarif:gouji.sarif``), a run of spaces, or one character."""
_NO_LINE_START = "，。；：、）」』”！？"
"""Punctuation a Chinese line does not begin with: it stays at the end of the line before."""


def _wrap_wide(text: str, limit: int) -> list[str]:
    """``text`` cut into lines of at most ``limit`` display columns (a closing mark may run one
    column past, rather than start a line)."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if line and width(line + token) > limit and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line] if line else lines


def _both(english: str) -> str:
    chinese = ZH.get(english)
    return f"{chinese}\n{english}" if chinese else english


def _texts(parser: argparse.ArgumentParser) -> Iterator[tuple[object, str, str]]:
    """``(holder, attribute, English text)`` for every help text and description in the tree:
    argparse offers no public walk of its actions."""
    if parser.description:
        yield parser, "description", parser.description
    for group in parser._action_groups:
        if group.title:
            yield group, "title", group.title
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            yield action, "help", action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield choice, "help", choice.help
            for sub in action.choices.values():
                yield from _texts(sub)


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def bilingual(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with the Chinese of every text in the catalog put above its English (group
    titles side by side), and every (sub)parser formatting both lines."""
    for holder, attribute, english in list(_texts(parser)):
        text = (
            f"{ZH[english]} {english}" if attribute == "title" and english in ZH else _both(english)
        )
        setattr(holder, attribute, text)
    for each in _parsers(parser):
        each.formatter_class = BilingualFormatter
    return parser


def missing(parser: argparse.ArgumentParser) -> list[str]:
    """English help texts and descriptions the catalog has no Chinese for (before
    ``bilingual``; a text that starts in Chinese, like the program's description, is one)."""
    return [
        english
        for _, _, english in _texts(parser)
        if english not in ZH and not _chinese(english[:4])
    ]


def stale() -> list[str]:
    """Catalog entries no option uses any more (checked by the tests)."""
    from ..cli import _parser

    used = {english for _, _, english in _texts(_parser(translate=False))}
    return sorted(set(ZH) - used)
