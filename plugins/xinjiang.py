"""新疆维吾尔自治区: nothing is known to differ from the national format.

Seeds 000 (托里县多拉特乡), 002 (别斯托别乡) and 004 (额敏县额敏镇) are township reports from
新疆. They follow the national 2021 format (国办公开办函〔2021〕30号) with no local rows, labels or
annotations, and no notice of the 自治区 setting its own publication deadline for 乡镇 or 部门 was
found: 条例 第四十九条's defaults apply. So this plugin implements no hook; it exists so that
the list of plugins (``gouji plugins``) says the province was looked at, and where a local
variation is documented later it goes here, with its reference.
"""

__doc_zh__ = "新疆维吾尔自治区：未发现与国家格式不同之处。"
