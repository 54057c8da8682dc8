"""The header vocabulary: a table of words and meanings, matched by simple documented rules."""

import pytest

from patentstats.readers.vocabulary import Vocabulary, match_measure, match_patent_type, normalize_word, vocabulary

KINDS = {"field", "measure", "patent_type", "basis", "comparison", "of_which", "ignore", "total_row", "origin_row",
         "office", "kind_code", "pub_type", "list_title", "unit_prefix", "note_prefix", "meta_prefix", "applicant_kind",
         "kind_column", "stock", "heading", "title_region", "other_title", "legal_status"}


def test_every_kind_in_the_table_is_one_the_readers_use():
    assert set(vocabulary().entries) == KINDS


@pytest.mark.parametrize(("kind", "text", "meaning"), [
    ("basis", "当月累计", "count"), ("basis", "月 累 计", "count"), ("basis", "当年累计", "ytd"), ("basis", "累计", "ytd"),
    ("basis", "月合计", "count"), ("stock", "总累计", "cumulative"), ("stock", "有效发明专利", "in_force"),
    ("kind_column", "职 务/大专院校", "university"), ("kind_column", "非职务", "individual"), ("measure", "申请人", "-"),
    ("ignore", "构成", "share"), ("comparison", "去年 同期", "prev_year"), ("comparison", "发明专利增长率", "yoy"),
    ("of_which", "其 中", "of_which"),
])
def test_longest_word_of_a_kind_wins(kind, text, meaning):
    assert vocabulary().find(kind, text) == meaning


@pytest.mark.parametrize(("text", "field"), [
    ("公开（公告）号", "pubno"), ("公开(公告)号", "pubno"), ("公开(公告)日", "pub_date"), ("公开-公告日", "pub_date"),
    ("申请公布日/授权公告日", "pub_date"), ("授权日", "grant_date"), ("[标]当前申请(专利权)人", "applicant"),
    ("【标】当前申请(专利权)人", "applicant"), ("公开国家/地区代码", "office"), ("中国申请人区县", "region"),
    ("中国申请人地市", "city"), ("申请人地址", "address"), ("Filing Date", "filing_date"), ("申请号", "appno"),
])
def test_whole_header_cells_name_fields(text, field):
    assert vocabulary().whole("field", text) == field


def test_prefixes_need_a_colon_or_digit():
    words = vocabulary()
    assert words.prefix("unit_prefix", "单位：件") == "unit" and words.prefix("unit_prefix", "单位") is None
    assert words.prefix("note_prefix", "注1 数据来源") == "note"
    assert words.prefix("meta_prefix", "制表机关:国家知识产权局") == "form"


def test_measure_and_type_matching():
    assert (match_measure("年专利 授权量累 计"), match_patent_type("实用新型合计")) == ("grants", "utility_model")
    assert normalize_word("公开（公告）号 ") == "公开(公告)号"


def test_first_line_wins_for_a_whole_word_listed_twice():
    words = Vocabulary([("field", "单位", "region"), ("field", "单 位", "unit")])
    assert words.whole("field", "单位") == "region"
