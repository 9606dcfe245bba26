"""What the prose states about 表二 (主动公开政府信息情况): documents issued, repealed and in force,
and the decisions on 行政许可、行政处罚、行政强制.

Prose counts many things that only look like 表二's: information items on web sites
("主动公开规范性文件 4 条", "行政许可类信息 2 条"), everything published in a year ("主动公开市政府
规章 13 件（含新制定 5 件，修改 4 件，废止 4 件）"), other units' documents ("部门行政规范性文件
58 条"), 文件/公文/政策性文件 that are not 规范性文件. So a count is read only where the sentence
names a 表二 row and this year's count of the same thing:

- 制发/制定/出台/印发 … (行政)规范性文件|规章 N 件 (or N 件 … before the document), "未制发规章
  及行政规范性文件" → 本年制发件数 (2019 format: 本年新制作数量); 发布 … is a notice (it may mean
  publishing);
- 废止 … N 件, 现行有效 … N 件 naming the document → 本年废止件数, 现行有效件数 (2021 format); with
  the document left out ("清理废止文件 0 件", "现行有效件数 14 件") it is taken from earlier in the
  sentence, as a notice;
- 作出/办理/实施/处理 … 行政许可|行政处罚|行政强制 (决定) N 件, "行政处罚决定 N 件", "未产生行政
  许可、行政处罚等相关处理决定" → 本年处理决定数量; cases (案件) or a count without a verb are
  notices; anything published (公开、公示、发布、信息) is not read;
- 2019 format: "上年度行政许可 N 项，本年增加 M 项，处理决定 K 件" → 上一年项目数量, 本年增/减,
  处理决定数量.

Units other than 件/部/个/份 (条, 项, 次) are not counts of documents or decisions.
"""

from __future__ import annotations

import re

from .claims import AGGREGATE, COMPARISON, FUTURE, Claim, distinct, loosen, other_year
from .numerals import CHINESE, NUMBER, number_value
from .prefilter import holds, trigger
from .sentences import Sentence

_D = f"\\d{CHINESE}"
_DOC = r"(?P<doc>(?:行政)?规范性文件|(?:政府)?规章(?!制度))"
_DOCS = {"规范性文件": "normative_docs", "规章": "regulations"}
_N = rf"(?P<num>{NUMBER})\s*(?:件|部|个|份)(?!次|条|项)"
_ISSUE = r"(?P<verb>制定出台|制定发布|新制定|制发|制定|出台|印发|发布)"
_MID = rf"(?P<mid>[^，。；{_D}]{{0,10}}?)"
_ISSUED = (
    re.compile(rf"{_ISSUE}(?:了)?{_MID}{_DOC}[^，。；{_D}]{{0,4}}?{_N}"),
    re.compile(rf"{_ISSUE}(?:了)?\s*{_N}(?:的)?{_MID}{_DOC}"),
)
_MORE = re.compile(rf"[、，,及和与]\s*(?:市政府|县政府|区政府|本级)?{_DOC}\s*{_N}")
_NOT_ISSUED = re.compile(
    r"(?:未|没有|无)(?:制发|制定|出台|印发)(?:任何)?(?P<docs>(?:(?:行政)?规范性文件|规章)"
    r"(?:(?:及|和|、|与)(?:(?:行政)?规范性文件|规章))?)"
)
_BAD_MID = re.compile(r"公开|公布|解读|意见|审查|备案|清理|废止|修订|征求|目录|库")
_REPEALED = re.compile(
    rf"废止(?:了)?(?P<mid>[^，。；{_D}]{{0,8}}?){_DOC}?[^，。；{_D}]{{0,4}}?{_N}"
)
_IN_FORCE = re.compile(rf"现行有效(?:的)?{_DOC}?(?P<mid>[^，。；{_D}]{{0,6}}?){_N}")
_ROW = r"(?P<row>行政许可|行政处罚|行政强制|其他对外管理服务事项)"
_ROWS = {"行政许可": "licensing", "行政处罚": "penalty", "行政强制": "coercion",
         "其他对外管理服务事项": "other_services"}  # fmt: skip
_DECISIONS = re.compile(
    rf"{_ROW}(?P<noun>决定|案件|事项)?(?:数量|数)?(?:共|为|达)?\s*(?P<num>{NUMBER})\s*件(?!次)"
)
_NO_DECISIONS = re.compile(
    r"(?:未|没有|无)(?:产生|作出|办理|发生)(?:任何)?(?P<rows>(?:行政许可|行政处罚|行政强制)"
    r"(?:(?:、|和|及|与)(?:行政许可|行政处罚|行政强制))*)(?:等)?(?:相关)?(?:的)?(?:处理)?决定"
)
_CONTEXT = re.compile(
    r"(?P<deciding>作出|办理|实施|下达|处理)|(?P<publishing>公开|公示|公布|发布|信息|网站|平台|清单|目录)"
)
_PREVIOUS = re.compile(
    rf"(?:上(?:一)?年(?:度)?)?{_ROW}(?:项目)?(?:数量)?(?:为|共)?\s*(?P<num>{NUMBER})\s*项"
)
_DELTA = re.compile(rf"本年(?:度)?(?P<dir>增加|新增|减少|增|减)\s*(?P<num>{NUMBER})\s*项")
_DECIDED_2019 = re.compile(rf"处理决定(?:数量)?(?:为|共)?\s*(?P<num>{NUMBER})\s*件")
_T2_WORDS = trigger("规范性文件", "规章", *_ROWS)
"""What every count needs: a document (``_DOC``; a 废止/现行有效 count without one takes it from
earlier in the sentence) or a row (``_ROW``, which ``_NO_DECISIONS`` and the 2019 row need too)."""
_T2_FIGURES = trigger(rf"[{_D}]\s*[件部个份项]", "未", "没有", "无")
"""What every count needs besides: a number and its unit (``_N``, ``_DECISIONS``, the 2019 row's
项 and 件), or a denial (``_NOT_ISSUED``, ``_NO_DECISIONS``). A crawler dump's flattened 表二
("规章000行政规范性文件6126第二十条…") names the rows but has neither."""


def read_t2(sentence: Sentence, year: int | None, edition: str) -> list[Claim]:
    """Every 表二 count the sentence states, as claims whose quantity is the cell key."""
    text = sentence.text
    if year is None or len(text) > 600 or not holds(_T2_WORDS, text):
        return []
    if not holds(_T2_FIGURES, text):  # rows named, but no figure and no denial
        return []
    out: list[Claim] = []
    for start, segment in _segments(text):
        if FUTURE.search(segment) or other_year(segment, year):
            continue
        if edition == "2019":  # "本年增加 138 项" is the table's 增/减, not a comparison
            out += _restated_2019(sentence, start, segment)
        if COMPARISON.search(segment):
            continue
        out += _documents(sentence, start, segment, edition)
        out += _decisions(sentence, start, segment, edition)
    if AGGREGATE.search(text):
        out = [loosen(c, "句中所述可能是本地区各单位的合计") if c.exact else c for c in out]
    return distinct(out)


def _segments(text: str) -> list[tuple[int, str]]:
    """The sentence cut at ；: each part states one row's figures."""
    out, start = [], 0
    for m in re.finditer(r"[；;]", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def _doc_key(doc: str) -> str:
    return _DOCS["规范性文件" if "规范性文件" in doc else "规章"]


def _documents(sentence: Sentence, at: int, segment: str, edition: str) -> list[Claim]:
    out: list[Claim] = []
    issued = "made" if edition == "2019" else "issued"
    for pattern in _ISSUED:
        for m in pattern.finditer(segment):
            value = number_value(m["num"])
            if value is None or _BAD_MID.search(m["mid"]):
                continue
            exact = m["verb"] != "发布"
            why = "" if exact else "“发布”可能指公开而非制发"
            key = f"t2.{_doc_key(m['doc'])}.{issued}"
            out.append(Claim(key, value, sentence, at + m.start(), at + m.end(), exact, False, why))
            end = m.end()  # "制定规章 2 件、行政规范性文件 5 件": the verb governs the list
            while more := _MORE.match(segment, end):
                if (value := number_value(more["num"])) is not None:
                    key = f"t2.{_doc_key(more['doc'])}.{issued}"
                    out.append(Claim(key, value, sentence, at + more.start(), at + more.end(), exact, False, why))  # fmt: skip
                end = more.end()
    for m in _NOT_ISSUED.finditer(segment):
        for doc in re.findall(r"规范性文件|规章", m["docs"]):
            key = f"t2.{_doc_key(doc)}.{issued}"
            out.append(Claim(key, 0, sentence, at + m.start(), at + m.end()))
    if edition == "2019":
        return out
    for pattern, column in ((_REPEALED, "repealed"), (_IN_FORCE, "in_force")):
        for m in pattern.finditer(segment):
            value = number_value(m["num"])
            if value is None or re.search(r"信息|解读|政策性|公文", m["mid"]):
                continue
            doc, exact, why = m["doc"], True, ""
            if doc is None:
                named = re.findall(r"规范性文件|规章(?!制度)", sentence.text[: at + m.start()])
                if len(set(named)) != 1:
                    continue
                doc, exact, why = named[-1], False, "句中未重复写明是哪类文件，按前文推定"
            key = f"t2.{_doc_key(doc)}.{column}"
            out.append(Claim(key, value, sentence, at + m.start(), at + m.end(), exact, False, why))
    return out


def _decisions(sentence: Sentence, at: int, segment: str, edition: str) -> list[Claim]:
    out: list[Claim] = []
    for m in _NO_DECISIONS.finditer(segment):
        for row in re.findall(r"行政许可|行政处罚|行政强制", m["rows"]):
            out.append(
                Claim(f"t2.{_ROWS[row]}.decisions", 0, sentence, at + m.start(), at + m.end())
            )
    for m in _DECISIONS.finditer(segment):
        value = number_value(m["num"])
        context = [c for c in _CONTEXT.finditer(segment[: m.start()])]
        last = context[-1] if context else None  # the nearest verb says what is counted
        if value is None or (last is not None and last["publishing"]):
            continue
        deciding = last is not None and last["deciding"]
        if m["noun"] == "决定" or (deciding and m["noun"] is None):
            exact, why = True, ""
        elif m["noun"] == "案件":
            exact, why = False, "案件数不一定等于处理决定数"
        else:
            exact, why = False, "句中未说明是作出的处理决定"
        key = f"t2.{_ROWS[m['row']]}.decisions"
        out.append(Claim(key, value, sentence, at + m.start(), at + m.end(), exact, False, why))
    return out


def _restated_2019(sentence: Sentence, at: int, segment: str) -> list[Claim]:
    """ "上年度行政许可 N 项，本年增加 M 项，处理决定 K 件": the 2019 table's row in words."""
    m = _PREVIOUS.search(segment)
    if m is None:
        return []
    row = f"t2.{_ROWS[m['row']]}"
    rest = segment[m.end() :]
    if not (_DELTA.search(rest) or _DECIDED_2019.search(rest)):
        return []  # "行政许可 23 项" alone is a list of matters, not the table's row
    out = []
    value = number_value(m["num"])
    if value is not None:
        out.append(Claim(f"{row}.prev_items", value, sentence, at + m.start(), at + m.end()))
    if (d := _DELTA.search(rest)) and (change := number_value(d["num"])) is not None:
        sign = -1 if "减" in d["dir"] else 1
        s, e = at + m.end() + d.start(), at + m.end() + d.end()
        out.append(Claim(f"{row}.delta", sign * change, sentence, s, e))
    if (k := _DECIDED_2019.search(rest)) and (decided := number_value(k["num"])) is not None:
        s, e = at + m.end() + k.start(), at + m.end() + k.end()
        out.append(Claim(f"{row}.decisions", decided, sentence, s, e))
    return out
