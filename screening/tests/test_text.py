"""Documents as they arrive: Traditional characters with stray pinyin readings come out as clean Simplified
text, and real parentheses stay."""

import re
from pathlib import Path

from screening.figures import extract, problems
from screening.text import clean_document, normalise, to_simplified

# Excerpts of seeds 001 (临汾新闻网, 2016-11-24, as scraped: Traditional with pinyin readings) and 002.
DATA = Path(__file__).resolve().parent / "data"
READING = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def test_stray_readings_go_and_real_parentheses_stay():
    assert clean_document("楊波出席動(dòng)員會(huì)並講話") == "杨波出席动员会并讲话"
    kept = "电话(0357-2069124)，进驻期间(2016年11月23日-12月23日)，见（广东环境保护）和(记者 邱睿)"
    assert clean_document(kept) == kept
    # A Latin word in parentheses that is not a reading of the character before it stays too.
    assert clean_document("检测VOCs(voc)浓度") == "检测VOCs(voc)浓度"
    assert normalise("ＡＢＣ１２３　工厂") == "abc123 工厂"


def test_seed_001_comes_out_clean():
    raw = (DATA / "seed_001_excerpt.txt").read_text(encoding="utf-8")
    assert READING.search(raw)
    clean = clean_document(raw)
    assert not READING.search(clean)
    assert to_simplified(clean) == clean  # nothing Traditional left
    for kept in ("(记者 邱睿)", "(0357-2069124)", "(2016年11月23日-12月23日)", "(山西省临汾市12369信箱)"):
        assert kept in clean
    assert "当地环境质量改善情况" in clean and "?" not in clean
    assert clean.startswith("杨波岳普煜出席动员会并讲话 刘予强主持")


def test_seed_002_figures_are_extracted():
    clean = clean_document((DATA / "seed_002_excerpt.txt").read_text(encoding="utf-8"))
    texts = [f.text for f in extract(clean)]
    assert any("2017年4月6日至5月6日" in t for t in texts)
    assert any(t.startswith("60个具体问题") for t in texts)
    assert any("省委第三环境保护督察组" in t for t in texts)


def test_a_feedback_report_gives_its_numbered_problems_with_their_heading():
    text = """一、总体情况
1. 这一段不是问题。
二、主要问题
（一）突出环境问题整改不力
1. 城区黑臭水体整治滞后，6条中仍有4条未达标。
2. 白沙河沿河89家养殖场粪污直排。
（二）基础设施滞后
3. 东区污水处理厂超负荷运行。
三、整改要求
在30个工作日内报送整改方案。"""
    found = problems(text)
    assert [p.text for p in found] == [
        "城区黑臭水体整治滞后，6条中仍有4条未达标。",
        "白沙河沿河89家养殖场粪污直排。",
        "东区污水处理厂超负荷运行。",
    ]
    assert found[0].category == "突出环境问题整改不力" and found[2].category == "基础设施滞后"
