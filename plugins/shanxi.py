"""山西: nothing is known to differ from the national format.

Seed 003 (杏岭子乡) is a 山西 township report in the national 2021 format (国办公开办函〔2021〕30号);
its defects (a 表三 that lost its first rows) are the report's, not a local template's. The 山西
deadline rule that was found (3月31日, 2008) was set under the 2007 条例 and does not carry over to
reports under the 2019 条例, whose 第四十九条 defaults apply. This plugin implements no hook; where a
local variation is documented later it goes here, with its reference.
"""

__doc_zh__ = "山西：未发现与国家格式不同之处。"
