"""重庆: nothing is known to differ from the national format.

Seed 001 (酉阳土家族苗族自治县清泉乡人民政府) is a 重庆 township report in the national 2021 format
(国办公开办函〔2021〕30号), laid out as markdown pipe tables — a layout, not a local template, and
read by the national parser. The only 重庆 rules on annual reports that were found date from
before the 2019 条例 (2014) and do not apply to reports under it, so no deadline layer: 条例
第四十九条's defaults apply. This plugin implements no hook; where a local variation is
documented later it goes here, with its reference.
"""

__doc_zh__ = "重庆：未发现与国家格式不同之处。"
