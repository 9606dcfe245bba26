"""福建: nothing is known to differ from the national format.

The 平潭综合实验区财政金融局 reports of 2018–2024 (tests/data/corpus/pingtan/) use the national
formats of their years (free form for 2018, 国办公开办函〔2019〕60号 for 2019–2020,
国办公开办函〔2021〕30号 from 2021); their run-together cells are a crawler's layout, not a local
template. The 福建 reports that were found (石狮, 平潭) state the national deadlines, so 条例
第四十九条's defaults apply. This plugin implements no hook; where a local variation is
documented later it goes here, with its reference.
"""

__doc_zh__ = "福建：未发现与国家格式不同之处。"
