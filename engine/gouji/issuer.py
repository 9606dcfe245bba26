"""What kind of body issued a report, as far as its name tells without a gazetteer.

Chinese administrative names end in what they are: 乡/镇/街道 are townships, 县/区/旗 counties,
市/州/盟 prefectures, 省/自治区 provinces; 人民政府 (or a township's own name) is a government,
局/委员会/办公室/厅 … a department. That is grammar, not a list of places, so it is done here;
the province needs a gazetteer of 行政区划 and is left ``None`` (the provinces issue adds it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class IssuerClass:
    level: str | None
    kind: str | None
    province: str | None = None


def classify(report: Report) -> IssuerClass:
    name = (report.signed_by or report.issuer or "").strip()
    if not name:
        return IssuerClass(None, None)
    if _GOVERNMENT.search(name):
        kind, core = "人民政府", _GOVERNMENT.sub("", name)
    elif _DEPARTMENT.search(name):
        kind, core = "部门", None
    else:
        kind, core = "人民政府", name  # "托里县多拉特乡": a township names itself
    level = None
    if core is not None:
        level = next((lv for lv, pattern in _LEVELS if pattern.search(core)), None)
    return IssuerClass(level, kind if (level or kind == "部门") else None)
