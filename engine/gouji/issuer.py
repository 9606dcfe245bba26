"""What kind of body issued a report: its place in the 行政区划 and whether it is a government.

The place comes from the official gazetteer (``gouji.gazetteer``): province, prefecture, county
and township found in the issuer's name (title, 落款). Whether it is a government or a department
is grammar: 人民政府 (or a township's own name) is a government; 局/委员会/办公室/厅 … a
department. A government's level is the lowest unit it names; a department's is that of the unit
it belongs to. What cannot be told is ``None`` and the evidence says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .gazetteer import locate
from .model import Report

_DEPARTMENT = re.compile(
    r"(?:局|委员会|委|办公室|办|厅|中心|院|所|站|队|处|署|会|管理处|服务中心|公司)$"
)
_GOVERNMENT = re.compile(r"(?:人民政府|政府|街道办事处|办事处)$")
_LEVELS = (
    ("乡镇", re.compile(r"(?:乡|镇|街道|苏木)$")),
    ("县", re.compile(r"(?:县|区|旗|县级市|特区|林区)$")),
    ("市", re.compile(r"(?:市|州|盟|地区)$")),
    ("省", re.compile(r"(?:省|自治区)$")),
)
_LEVEL_OF_UNIT = {"township": "乡镇", "county": "县", "prefecture": "市", "province": "省"}


@dataclass(frozen=True, slots=True)
class IssuerClass:
    level: str | None
    kind: str | None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    code: str | None = None
    evidence: str = ""


def classify(report: Report) -> IssuerClass:
    name = (report.signed_by or report.issuer or "").strip()
    if not name:
        return IssuerClass(None, None, evidence="报告未写明发布主体")
    if _GOVERNMENT.search(name):
        kind, core = "人民政府", _GOVERNMENT.sub("", name)
    elif _DEPARTMENT.search(name):
        kind, core = "部门", None
    else:
        kind, core = "人民政府", name  # "托里县多拉特乡": a township names itself
    place = locate(name)
    if place.code and not place.ambiguous:
        lowest = next(
            lv
            for lv in reversed(("province", "prefecture", "county", "township"))
            if getattr(place, lv)
        )
        level = _LEVEL_OF_UNIT[lowest]
    else:
        level = (
            next((lv for lv, pattern in _LEVELS if pattern.search(core)), None) if core else None
        )
    return IssuerClass(
        level=level,
        kind=kind if (level or kind == "部门") else None,
        province=place.province,
        prefecture=place.prefecture,
        county=place.county,
        township=place.township,
        code=place.code,
        evidence=place.evidence,
    )


def province_named(name: str) -> str:
    """The gazetteer's full name of a province given as users write it (新疆 → 新疆维吾尔自治区).

    Raises ``ValueError`` for a name that is no province, so a typo in ``--province`` stops the
    run instead of silently matching nothing."""
    place = locate(name)
    # "重庆市" names the province and both of its prefecture-level halves (5001, 5002): the
    # lower levels are ambiguous, the province is not.
    province_code = (place.code or "")[:2]
    if place.province is None or any(c[:2] != province_code for c in place.ambiguous):
        raise ValueError(f"“{name}”不是可识别的省级行政区")
    return place.province


def with_province(issuer: IssuerClass | None, province: str) -> IssuerClass:
    """The classification with its province set by the user (``--province``).

    Lower units found in the name are kept only when they lie in that province: a county of
    another province would make the layer chain contradict itself."""
    base = issuer or IssuerClass(None, None)
    if base.province == province:
        return replace(base, evidence=f"{base.evidence}；省份经指定确认为{province}".lstrip("；"))
    return IssuerClass(
        level=base.level,
        kind=base.kind,
        province=province,
        evidence=f"省份由使用者指定为{province}（名称识别：{base.evidence or '无'}）",
    )
