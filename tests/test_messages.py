"""Messages in the user's language: the zh_CN catalog covers every message Babel extracts, the
compiled .mo is the .po, and a Chinese user sees Chinese from ingest, status, report and --help."""

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from patentstats import i18n
from patentstats.cli import main
from patentstats.limits import LIMIT_HELP

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "patentstats" / "locale" / "zh_CN" / "LC_MESSAGES"
PO, MO = LOCALE / "patentstats.po", LOCALE / "patentstats.mo"
TARGETS = ROOT / "data" / "targets.yaml"


def extracted() -> dict[tuple[str | None, str], object]:
    """(context, msgid) -> msgid as Babel extracts them with the project's babel.cfg (what
    `make messages` does); a plural's msgid is its (singular, plural) pair."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(str(ROOT), method_map, options_map,
                                                                          keywords=DEFAULT_KEYWORDS):
        key = message[0] if isinstance(message, tuple) else message
        found[(context, key)] = message
    return found


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def test_every_extracted_message_has_a_chinese_translation(catalog):
    found = extracted()
    assert len(found) > 300  # the extraction did look at the package
    untranslated = []
    for (context, _key), message in found.items():
        entry = catalog.get(message[0] if isinstance(message, tuple) else message, context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry and entry.string,)
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(message)
    assert untranslated == [], "run `make messages` and translate these in " + str(PO.relative_to(ROOT))


def test_the_catalog_holds_no_message_the_code_no_longer_has(catalog):
    found = {(context, message[0] if isinstance(message, tuple) else message) for (context, _), message in
             extracted().items()}
    stale = [(m.context, m.id) for m in catalog if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0])
             not in found]
    assert stale == []


def test_the_compiled_catalog_is_the_po(catalog):
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    with MO.open("rb") as handle:
        shipped = read_mo(handle)
    ours = read_mo(compiled)

    def entries(cat):
        return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)): m.string for m in cat if m.id}

    assert entries(shipped) == entries(ours), "the .mo is older than the .po: run `make messages`"


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdrifgexXc%])")


def placeholders(text: str) -> list[str]:
    """The named fields of str.format and the %-placeholders of a message, sorted (conversions
    and format specs aside: '{value!r}' may become '"{value}"' in Chinese)."""
    fields = [f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    percent = [f"%({name})" if name else f"%{kind}" for name, kind in _PERCENT.findall(text) if kind != "%"] \
        if "%" in text else []
    return sorted(fields + percent)


def test_placeholders_in_translations_match_the_msgid(catalog):
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            if placeholders(translated) != placeholders(ids[-1]):
                wrong.append((ids[-1], translated))
    assert wrong == []


def test_placeholders_tell_apart_what_they_should():
    assert placeholders('读到 "{value}"，应为1至12的月份') == placeholders("found {value!r}, expected a month")
    assert placeholders("{a} {b:,}") != placeholders("{a}")
    assert placeholders("%(prog)s: error: %(message)s\n") == ["%(message)", "%(prog)"]
    assert placeholders("90%% chance %s") == ["%s"]


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins, as for gettext
    ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"PATENTSTATS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"PATENTSTATS_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
])
def test_the_language_comes_from_patentstats_lang_then_the_locale(environ, expected):
    assert i18n.language_from_environment(environ) == expected


@pytest.fixture(params=["LANG", "PATENTSTATS_LANG"])
def chinese(request, monkeypatch):
    """A Chinese user's shell: LANG=zh_CN.UTF-8 and nothing else said, or PATENTSTATS_LANG=zh in
    an English locale."""
    for name in ("PATENTSTATS_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "LANG":
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    else:
        monkeypatch.setenv("LANG", "en_US.UTF-8")
        monkeypatch.setenv("PATENTSTATS_LANG", "zh")


def bad_month_folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "extra.csv").write_text("地区,年份,月份,指标,类型,数量\n永修县,2016,13,申请,发明,1\n", encoding="utf-8")
    return raw


EXPECTED_ERROR = 'patentstats ingest: 错误：extra.csv 第2行 "月份" 列：读到 "13"，应为1至12的月份'


def test_ingest_error_in_chinese_with_the_locale(tmp_path, capsys, chinese):
    assert main(["ingest", str(bad_month_folder(tmp_path)), "--out", str(tmp_path / "out.parquet")]) == 2
    assert capsys.readouterr().err.strip() == EXPECTED_ERROR


def test_ingest_error_in_chinese_with_patentstats_lang(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("PATENTSTATS_LANG", "zh")  # a child process, so the language goes through its environment
    run = subprocess.run([sys.executable, "-m", "patentstats", "ingest", str(bad_month_folder(tmp_path)), "--out",
                          str(tmp_path / "out.parquet")], capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr.strip()) == (2, "", EXPECTED_ERROR)


def test_english_stays_the_default_and_an_explicit_lang_wins(tmp_path, capsys, monkeypatch):
    folder, out = str(bad_month_folder(tmp_path)), str(tmp_path / "out.parquet")
    monkeypatch.delenv("PATENTSTATS_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert main(["ingest", folder, "--out", out]) == 2
    english = "patentstats ingest: error: extra.csv, row 2, column '月份': found '13', expected a month between 1 and 12"
    assert capsys.readouterr().err.strip() == english
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["--lang", "en", "ingest", folder, "--out", out]) == 2
    assert capsys.readouterr().err.strip() == english
    monkeypatch.setenv("PATENTSTATS_LANG", "en")
    assert main(["--lang", "zh", "ingest", folder, "--out", out]) == 2
    assert capsys.readouterr().err.strip() == EXPECTED_ERROR
    assert i18n.language() == "en"  # the command's language ends with it


# What Chinese output may still spell in Latin letters: the names of file formats and tools, and
# the values typed on the command line.
ALLOWED = {"CSV", "Excel", "WPS", "Parquet", "PDF", "JSON", "YAML", "HTML", "XML", "UTF", "GBK", "BOM", "Pango",
           "WeasyPrint", "Jupyter", "JupyterLab", "CNIPA", "latest", "all", "monthly", "ytd", "patentstats",
           "ingest", "status", "report", "batch", "summary", "applicants", "backtest", "targets", "suggest",
           "doctor", "init", "paths", "floor", "plan", "stretch"}


def english_words(text: str) -> list[str]:
    """Latin words of three letters or more, once file names, paths, option names and upper-case
    placeholders (REGION, YYYY-MM, NAME=N) are taken out."""
    text = re.sub(r"\S*[/\\]\S*|\S*\.(csv|xlsx|xls|parquet|json|yaml|ipynb|pdf)\b", " ", text)
    text = re.sub(r"--?[\w-]+|\b[A-Z][A-Z_=\d-]*\b|\b[a-z\d]+_[a-z\d_]+\b", " ", text)  # snake_case: keys typed
    text = re.sub(rf"\b(?:{'|'.join(LIMIT_HELP)})\b", " ", text)  # --limit NAME=N's names
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED]


def test_english_words_finds_english():
    assert english_words("patentstats ingest: error: no such file") == ["error", "such", "file"]
    assert english_words("读取 data/raw/ 和 永修县.csv，--out OUT，格式 CSV") == []


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from patentstats.table.ingest import ingest, write_outputs

    out = tmp_path_factory.mktemp("processed") / "counts.parquet"
    write_outputs(ingest([ROOT / "data" / "raw"]), out)
    return out


def test_ingest_and_status_on_the_sample_speak_chinese(tmp_path, capsys, chinese, data):
    assert main(["ingest", str(ROOT / "data" / "raw"), "--out", str(tmp_path / "counts.parquet")]) == 0
    said = capsys.readouterr()
    assert "统计总表：" in said.out and "数据质量：" in said.out
    assert english_words(said.out + said.err) == []
    for extra in ([], ["--text"], ["--month", "6"]):
        assert main(["status", "--region", "永修县", "--year", "2018", "--data", str(data), "--targets", str(TARGETS),
                     *extra]) == 0
        said = capsys.readouterr()
        assert english_words(said.out + said.err) == []


@pytest.mark.parametrize(("args", "expected"), [
    (["status", "--region", "永修", "--year", "2018"],
     "patentstats status: 错误：数据中没有地区“永修”：现有地区：武宁县、永修县"),
    (["status", "--region", "永修县", "--year", "2018", "--month", "11"],
     "patentstats status: 错误：永修县 2018-11 没有数据：2018年有数据的月份：1、2、3、4、5、6、7、8、9（最近为9月）"),
    (["report", "--region", "永修县", "--year", "2018", "--data", "missing.parquet"],
     "patentstats report: 错误：missing.parquet: 这里没有统计总表：请先运行 `patentstats ingest`"),
])
def test_errors_of_status_and_report_in_chinese(capsys, chinese, data, args, expected):
    assert main([*args, "--data", str(data)] if "--data" not in args else args) == 2
    err = capsys.readouterr().err
    assert err.strip() == expected.replace("missing.parquet: ", "missing.parquet：")
    assert english_words(err) == []


@pytest.mark.parametrize(("args", "expected"), [
    (["status", "--region", "永修县"], "patentstats status: 错误：缺少必需的参数：--year"),
    (["report", "--region", "永修县", "--year", "2018", "--month", "13"],
     "patentstats report: 错误：参数 --month：应为1至12的月份或 'latest'，而不是 \"13\""),
])
def test_argparse_errors_in_chinese(capsys, chinese, args, expected):
    with pytest.raises(SystemExit):
        main(args)
    err = capsys.readouterr().err
    assert err.startswith("用法：") and err.strip().endswith(expected)


@pytest.mark.parametrize("command", ["ingest", "status", "report"])
def test_help_has_no_english_under_zh(capsys, chinese, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    said = capsys.readouterr().out
    assert said.startswith("用法：")
    assert english_words(said) == []


def test_top_level_help_lists_the_commands_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    said = capsys.readouterr().out
    assert "读取原始报表和专利清单，生成统计总表" in said and english_words(said) == []


def test_no_message_hides_where_babel_cannot_extract_it():
    """_("...") inside an f-string, or _(f"...") itself, never reaches the catalog."""
    import ast

    hidden = []
    for path in sorted((ROOT / "src" / "patentstats").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and getattr(n.func, "id", "") in ("_", "N_")]
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.name}:{c.lineno}" for c in calls if c.args and isinstance(c.args[0], ast.Constant)]
            elif isinstance(node, ast.Call) and node in calls and node.args and isinstance(node.args[0], ast.JoinedStr):
                hidden.append(f"{path.name}:{node.lineno}")
    assert hidden == []
