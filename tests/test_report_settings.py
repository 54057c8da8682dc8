"""report.yaml: who issues the report, the data source and English glosses of region names."""

import pytest

from patentstats.errors import InputError
from patentstats.output.report_settings import ReportSettings, load_report_settings


def test_settings_sit_beside_the_targets_file(tmp_path):
    (tmp_path / "report.yaml").write_text("issuer: 九江市科学技术局\nenglish_names:\n  永修县: Yongxiu County\n",
                                          encoding="utf-8")
    settings = load_report_settings(tmp_path / "targets.yaml")
    assert settings == ReportSettings("九江市科学技术局", "", {"永修县": "Yongxiu County"})
    assert settings.region_name("永修县", "en") == "永修县 (Yongxiu County)"
    assert settings.region_name("永修县", "zh") == settings.region_name("武宁县", "en").replace("武宁县", "永修县")


def test_no_settings_file_means_empty_settings(tmp_path):
    assert load_report_settings(tmp_path / "targets.yaml") == ReportSettings()


@pytest.mark.parametrize("text", ["issuer: [unclosed", "issuer: x\nsigned_by: y\n", "english_names: [a, b]\n"])
def test_a_wrong_settings_file_is_one_line(tmp_path, text):
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="report.yaml: "):
        load_report_settings(tmp_path / "targets.yaml")


def test_a_key_given_twice_in_report_yaml_is_an_error(tmp_path):
    (tmp_path / "report.yaml").write_text("issuer: 甲局\nsource: 乙\nissuer: 丙局\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"report.yaml: line 3: the key 'issuer' is given twice \(also on line 1\)"):
        load_report_settings(tmp_path / "targets.yaml")
