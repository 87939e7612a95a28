"""One typed configuration: TOML files, the command line's --config, -v timings, and clear refusals."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from recoupe.cli import app
from recoupe.config import Config, ConfigError, config_to_toml, load_config

runner = CliRunner()


def test_the_default_configuration_written_as_toml_reads_back_the_same(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(config_to_toml(Config()), encoding="utf-8")
    assert load_config(path) == Config()


def test_a_file_overrides_top_level_settings_and_sections(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("batch_size = 5\n[stories]\nwindow_days = 9\nthreshold = 1\n", encoding="utf-8")
    config = load_config(path)
    assert config.batch_size == 5 and config.stories.window_days == 9
    assert config.stories.threshold == 1.0 and isinstance(config.stories.threshold, float)
    assert config.stories.merge_threshold == Config().stories.merge_threshold  # the rest keeps its default


@pytest.mark.parametrize("text, words", [
    ("batch_sise = 5\n", "unknown setting 'batch_sise'"),
    ("[stories]\nwindow = 3\n", "[stories]: unknown setting 'window'"),
    ("batch_size = 'many'\n", "batch_size: expected int"),
    ("stories = 3\n", "[stories] must be a table"),
    ("batch_size = \n", "not valid TOML"),
])
def test_a_wrong_file_is_refused_with_the_key_and_the_reason(tmp_path, text, words):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_every_setting_of_every_section_is_documented_in_its_class():
    """A tunable without a comment is a constant nobody can tune: each field has one in the source."""
    import inspect

    def check(cls):
        source = inspect.getsource(cls)
        for f in dataclasses.fields(cls):
            line = next(ln for ln in source.splitlines() if ln.strip().startswith(f"{f.name}:"))
            doc = line.partition("#")[2].strip()
            nested = dataclasses.is_dataclass(f.default_factory()) if f.default_factory is not dataclasses.MISSING \
                else False
            assert doc or nested or _documented_above(source, f.name), f"{cls.__name__}.{f.name} has no comment"
            if nested:
                check(type(f.default_factory()))

    check(Config)


def _documented_above(source: str, name: str) -> bool:
    lines = source.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith(f"{name}:"))
    return i > 0 and lines[i - 1].strip().startswith("#")


def test_the_command_line_reads_a_config_file_and_prints_the_effective_configuration(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("batch_size = 3\n[stories]\nwindow_days = 4\n", encoding="utf-8")
    res = runner.invoke(app, ["--config", str(path), "config"])
    assert res.exit_code == 0, res.output
    assert "batch_size = 3" in res.stdout and "window_days = 4" in res.stdout
    assert load_config(_write(tmp_path / "back.toml", res.stdout)).batch_size == 3


def test_a_bad_config_file_is_a_usage_error_in_one_line(tmp_path):
    res = runner.invoke(app, ["--config", str(_write(tmp_path / "c.toml", "nope = 1\n")), "config"])
    assert res.exit_code == 2
    assert "unknown setting 'nope'" in res.output and "Traceback" not in res.output


def test_verbose_run_logs_each_stage_with_its_time(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "a.txt", "Crue de la Lirande\nLa Lirande est sortie de son lit jeudi 6 mars 2025 à Montbrac, "
                          "a indiqué la mairie. Deux routes sont coupées.")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from recoupe.cli import entry; entry()", "-v", "run", str(src),
         "--db", str(tmp_path / "r.db"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for stage in ("stage nlp:", "stage prepare:", "stage copies and stories:", "stage cross-checking:"):
        assert stage in proc.stderr, proc.stderr


def test_missing_evaluation_data_is_one_line_naming_the_folder_not_a_traceback(tmp_path):
    env = {**os.environ, "RECOUPE_SHARED": str(tmp_path / "nowhere"), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-c", "from recoupe.cli import entry; entry()", "eval", "clusters"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert str(tmp_path / "nowhere") in proc.stderr and "RECOUPE_SHARED" in proc.stderr


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
