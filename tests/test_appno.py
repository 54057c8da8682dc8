import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patentstats.readers.appno import appno_type_codes, check_appnos, check_character, normalize_appnos


def test_check_character_matches_the_worked_examples():
    # CONTEXT.md: 201710601862 weights to 157, 157 mod 11 = 3; 95115608.X is a valid pre-2004 number.
    assert check_character("201710601862") == "3"
    assert check_character("95115608") == "X"


@pytest.mark.parametrize(("written", "normalized", "status", "type_digit"), [
    ("201710601862.3", "2017106018623", 0, "1"),
    ("2017106018623", "2017106018623", 0, "1"),
    ("CN201710601862.3", "2017106018623", 0, "1"),
    ("ZL 2017 1060 1862.3", "2017106018623", 0, "1"),
    ("２０１７１０６０１８６２．３", "2017106018623", 0, "1"),
    ("95115608.x", "95115608X", 0, "1"),
    ("201710601862.4", "2017106018624", 2, "1"),
    ("201740601862.3", "2017406018623", 1, "4"),
    ("20171060186.3", "201710601863", 1, None),
    ("abc", "ABC", 1, None),
])
def test_normalize_and_check(written, normalized, status, type_digit):
    norm = normalize_appnos(pa.array([written]))
    assert norm.to_pylist() == [normalized]
    assert check_appnos(norm).tolist() == [status]
    if type_digit:
        assert appno_type_codes(norm).tolist() == [type_digit]


@given(st.integers(2004, 2026), st.sampled_from("12389"), st.integers(0, 9_999_999))
def test_every_correctly_built_number_passes_and_a_wrong_check_fails(year, kind, serial):
    body = f"{year}{kind}{serial:07d}"
    good = check_character(body)
    wrong = "0" if good != "0" else "1"
    norm = normalize_appnos(pa.array([f"{body}.{good}", f"CN{body}{wrong}"]))
    assert check_appnos(norm).tolist() == [0, 2]
