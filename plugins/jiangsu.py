"""江苏: nothing is known to differ from the national format that the parser needs to be told.

The 江苏 report in the corpus (淮安市人民政府 2024, tests/data/corpus/huaian-2024.pdf) follows the
national 2021 format (国办公开办函〔2021〕30号). 江苏-style sub-headings inside 六、其他需要报告的事项
("（一）收取信息处理费情况", "（二）…") are tolerated by the national section reader — a sub-heading
inside a section is not a section — which tests/test_province_plugins.py shows, so there is
nothing to add here. No 江苏 deadline different from 条例 第四十九条 was found: no parameter layer.
This plugin implements no hook; where a local variation is documented later it goes here, with
its reference.
"""

__doc_zh__ = "江苏：未发现需要告知解析器的与国家格式不同之处。"
