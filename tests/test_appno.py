import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patentstats.readers.appno import BAD_CHECK, MALFORMED, OTHER_OFFICE, TYPE_CODES, VALID, check_character, decode_appnos


def test_check_character_matches_the_worked_examples():
    # CONTEXT.md: 201710601862 weights to 157, 157 mod 11 = 3; 95115608.X is a valid pre-2004 number.
    assert check_character("201710601862") == "3"
    assert check_character("95115608") == "X"


SAME_PATENT = decode_appnos(pa.array(["2017106018623"])).key[0]


@pytest.mark.parametrize(("written", "status", "patent_type"), [
    ("201710601862.3", VALID, "invention"),
    ("2017106018623", VALID, "invention"),
    ("CN201710601862.3", VALID, "invention"),
    ("ZL 2017 1060 1862.3", VALID, "invention"),
    ("cn201710601862.3", VALID, "invention"),
    ("２０１７１０６０１８６２．３", VALID, "invention"),
    ("zl201720601862.0", BAD_CHECK, "utility_model"),
    ("95115608.x", VALID, "invention"),
    ("201710601862.4", BAD_CHECK, "invention"),
    ("201740601862.3", MALFORMED, None),
    ("20171060186.3", MALFORMED, None),
    ("2017106018A2.3", MALFORMED, None),
    ("20171060186X2.3", MALFORMED, None),
    ("US201710601862.3", OTHER_OFFICE, None),
        ("TW110132167", OTHER_OFFICE, None),
        ("WOIT20000045", OTHER_OFFICE, None),
        ("CN201711214252A", VALID, "invention"),
        ("CN2009101277538A", VALID, "invention"),
        ("CN201711214252", MALFORMED, None),
        ("2014100512565", VALID, "invention"),
        ("CN03826012.3", VALID, "invention"),
    ("201710601862.3 201710601862.3", MALFORMED, None),
    ("abc", MALFORMED, None),
    ("", MALFORMED, None),
])
def test_decode_written_forms(written, status, patent_type):
    decoded = decode_appnos(pa.array([written]))
    assert decoded.status.tolist() == [status]
    if status == VALID:
        assert TYPE_CODES[decoded.type_code[0]] == patent_type
    if status == VALID and patent_type == "invention" and "1862" in written.replace(" ", ""):
        assert decoded.key[0] == SAME_PATENT


def test_missing_numbers_are_malformed():
    assert decode_appnos(pa.array([None, ""], pa.string())).status.tolist() == [MALFORMED] * 2


@given(st.integers(2004, 2026), st.sampled_from("12389"), st.integers(0, 9_999_999))
def test_every_correctly_built_number_passes_and_a_wrong_check_fails(year, kind, serial):
    body = f"{year}{kind}{serial:07d}"
    good = check_character(body)
    wrong = "0" if good != "0" else "1"
    decoded = decode_appnos(pa.array([f"{body}.{good}", f"CN{body}{wrong}", f"ZL{body}.{good}"]))
    assert decoded.status.tolist() == [VALID, BAD_CHECK, VALID]
    assert decoded.key[0] == decoded.key[2] != decoded.key[1]  # one patent, however it is written
