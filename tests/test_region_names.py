"""A region of the targets file that the data do not hold is a warning with the closest names."""


def test_a_region_of_the_targets_not_in_the_data_is_a_warning_with_the_closest_names(tmp_path):
    from patentstats.table.region_names import unknown_target_regions

    path = tmp_path / "targets.yaml"
    path.write_text("applicant_milestone: 100\n永修:\n  2018:\n    applications:\n      total: 430\n"
                    "武宁县:\n  2018:\n    applications:\n      total: 300\n", encoding="utf-8")
    assert unknown_target_regions(path, ["永修县", "武宁县", "九江市"]) == [
        "targets.yaml: region '永修' is not in the data, so its targets are not used; closest in the data: 永修县"]
    assert unknown_target_regions(tmp_path / "missing.yaml", ["永修县"]) == []
