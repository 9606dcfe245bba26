"""The gazetteer (国家统计局 2023 统计用区划代码, bundled) on the real issuers and on ambiguity."""

from __future__ import annotations

import pytest

from gouji.gazetteer import locate

REAL_ISSUERS = [
    (
        "新源县别斯托别乡人民政府",
        ("新疆维吾尔自治区", "伊犁哈萨克自治州", "新源县", "别斯托别乡"),
        "654025200",
    ),
    ("别斯托别乡", ("新疆维吾尔自治区", "伊犁哈萨克自治州", "新源县", "别斯托别乡"), "654025200"),
    ("托里县多拉特乡", ("新疆维吾尔自治区", "塔城地区", "托里县", "多拉特乡"), "654224200"),
    ("额敏县额敏镇", ("新疆维吾尔自治区", "塔城地区", "额敏县", "额敏镇"), "654221100"),
    (
        "酉阳土家族苗族自治县清泉乡人民政府",
        ("重庆市", "重庆市", "酉阳土家族苗族自治县", "清泉乡"),
        "500242220",
    ),
    ("杏岭子乡", ("山西省", "忻州市", "五寨县", "杏岭子乡"), "140928208"),
    ("淮安市人民政府", ("江苏省", "淮安市", None, None), "3208"),
    ("平潭综合实验区财政金融局", ("福建省", "福州市", "平潭县", None), "350128"),
]


@pytest.mark.parametrize(("name", "place", "code"), REAL_ISSUERS)
def test_real_issuers_are_placed(name, place, code):
    found = locate(name)
    assert (found.province, found.prefecture, found.county, found.township) == place
    assert found.code == code
    assert found.ambiguous == ()


def test_an_alias_states_its_source():
    assert "国务院《平潭综合实验区总体发展规划》" in locate("平潭综合实验区财政金融局").evidence


def test_a_shared_township_name_is_ambiguous_not_guessed():
    found = locate("城关镇人民政府")
    assert found.township is None and found.code is None
    assert len(found.ambiguous) == 88
    assert "无法确定" in found.evidence


def test_a_county_named_beside_it_settles_a_shared_name():
    found = locate("清水河县城关镇人民政府")  # one of the 88, code 150124100
    assert (found.province, found.county, found.township) == ("内蒙古自治区", "清水河县", "城关镇")
    assert found.code == "150124100" and found.ambiguous == ()


def test_unknown_names_give_nothing():
    found = locate("某某单位")
    assert found.code is None and found.province is None
