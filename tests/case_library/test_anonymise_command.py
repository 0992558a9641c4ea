"""`manage.py anonymise FILE [--json] [--redact]`: output and exit status."""

import json

import pytest
from django.core.management import CommandError, call_command


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        call_command("anonymise", *args)
    return exit_info.value.code, capsys.readouterr().out


def test_json_findings_and_exit_1(tmp_path, capsys):
    """--json prints findings with offsets into the file and the redacted text; exit 1."""
    path = tmp_path / "case.txt"
    text = "信访人张建国，手机13812345678，反映欠薪。"
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, str(path), "--json")
    assert code == 1
    data = json.loads(out)
    assert [f["kind"] for f in data["findings"]] == ["person_name", "phone"]
    for f in data["findings"]:
        assert set(f) == {"kind", "text", "start", "end", "replacement"}
        assert text[f["start"] : f["end"]] == f["text"]
    assert data["redacted"] == "信访人张某，手机×××，反映欠薪。"


def test_clean_file_exits_0(tmp_path, capsys):
    """Nothing found: exit status 0 (call_command returns normally), text unchanged."""
    path = tmp_path / "clean.txt"
    path.write_text("大渡口区信访办公室依据《信访工作条例》办理。", encoding="utf-8")
    call_command("anonymise", str(path), "--redact")
    assert capsys.readouterr().out.strip() == "大渡口区信访办公室依据《信访工作条例》办理。"


def test_empty_file_exits_0(tmp_path, capsys):
    """An empty file is fine: no findings, empty redaction."""
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    call_command("anonymise", str(path), "--json")
    assert json.loads(capsys.readouterr().out) == {"findings": [], "redacted": ""}


def test_redact_prints_redacted_text(tmp_path, capsys):
    """--redact prints only the redacted text."""
    path = tmp_path / "case.txt"
    path.write_text("车牌渝B12345的车主李明同志来访。\n", encoding="utf-8")
    code, out = run(capsys, str(path), "--redact")
    assert code == 1
    assert out == "车牌渝B×××××的车主李某同志来访。\n"


def test_html_option_keeps_markup(tmp_path, capsys):
    """--html redacts inside text nodes; offsets index the HTML."""
    path = tmp_path / "case.html"
    markup = "<p>信访人<b>张建国</b>来访。</p>"
    path.write_text(markup, encoding="utf-8")
    code, out = run(capsys, str(path), "--json", "--html")
    data = json.loads(out)
    f = data["findings"][0]
    assert markup[f["start"] : f["end"]] == "张建国"
    assert data["redacted"] == "<p>信访人<b>张某</b>来访。</p>"


def test_missing_file_is_a_command_error(tmp_path):
    """A file that does not exist is a clear error, not a traceback."""
    with pytest.raises(CommandError):
        call_command("anonymise", str(tmp_path / "nope.txt"))


def test_binary_file_is_a_command_error(tmp_path):
    """Bytes that are not UTF-8 are refused clearly."""
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError):
        call_command("anonymise", str(path))
