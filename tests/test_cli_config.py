"""What the ``showcase`` command takes from ``mkdocs.yml``: the content folder and today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from contentkit import ContentKit
from mkdocs.config import load_config

from showcase.cli import main
from showcase.mkdocs.config import ShowcaseConfig
from showcase.siteconfig import read_site_config


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder; SHOWCASE_TODAY is unset (see conftest.py)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_mkdocs_yml(workdir: Path, text: str) -> Path:
    path = workdir / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """Exit code, stdout lines and stderr of ``showcase ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def rotation_day(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The date ``showcase rotation`` judges by, from the first line of its report."""
    code, out, err = run(capsys, "rotation", *argv)
    assert (code, err) == (0, "")
    heading = out[0]
    assert heading.startswith("Speaker rotation on ")
    return heading.removeprefix("Speaker rotation on ").split(":")[0]


# The content folder -----------------------------------------------------------------------


def test_check_reads_docs_dir_of_mkdocs_yml(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: demo-days\nplugins:\n  - showcase\n")
    kit = ContentKit(workdir / "demo-days").standard()
    kit.talk("typo", "title: T\nspeakers: [ana-lma]\n")

    code, out, _ = run(capsys, "check", "--today", "2026-11-01")

    assert code == 1
    assert out[0].startswith("demo-days/talks/typo/index.md:3:12: error: unknown speaker")


def test_new_writes_into_docs_dir_of_mkdocs_yml(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: demo-days\n")
    ContentKit(workdir / "demo-days").standard()

    code, out, _ = run(
        capsys,
        "new",
        "--title",
        "T",
        "-s",
        "ana-lima",
        "--event",
        "2026-12",
        "--today",
        "2026-11-01",
    )

    assert code == 0
    assert out[0] == "Created demo-days/talks/2026-12-t/index.md"
    assert out[2:4] == ["  showcase check", "  mkdocs serve"], "the archive is found from here"
    assert not (workdir / "content").exists()


def test_rotation_writes_into_docs_dir_of_mkdocs_yml(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: demo-days\n")
    kit = ContentKit(workdir / "demo-days").standard()

    code, out, _ = run(capsys, "rotation", "--write", "--today", "2026-08-01")

    assert code == 0
    assert any(line.startswith("Wrote demo-days/events/2026-10.yml: ") for line in out)
    assert "speakers:" in (kit.root / "events" / "2026-10.yml").read_text(encoding="utf-8")


def test_a_content_dir_argument_wins_over_docs_dir(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: nowhere\n")
    ContentKit(workdir / "elsewhere").standard()

    code, out, _ = run(capsys, "check", "elsewhere", "--today", "2026-11-01")

    assert (code, out) == (0, ["No problems in 0 talks, 3 events, 3 people."])


def test_docs_dir_defaults_to_docs_as_in_mkdocs(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_mkdocs_yml(workdir, "site_name: Demo days\n")
    ContentKit(workdir / "content").standard()

    code, _, err = run(capsys, "check")

    assert code == 2
    assert err == "showcase check: content folder `docs` does not exist (docs_dir in mkdocs.yml)\n"


def test_docs_dir_of_another_config_is_relative_to_it(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "site").mkdir()
    (workdir / "site" / "mkdocs.yml").write_text("docs_dir: demo-days\n", encoding="utf-8")
    ContentKit(workdir / "site" / "demo-days").standard()

    code, out, _ = run(capsys, "check", "--config", "site/mkdocs.yml", "--today", "2026-11-01")

    assert (code, out) == (0, ["No problems in 0 talks, 3 events, 3 people."])


def test_without_mkdocs_yml_the_content_folder_is_content(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ContentKit(workdir / "content").standard()

    code, out, _ = run(capsys, "check", "--today", "2026-11-01")

    assert (code, out) == (0, ["No problems in 0 talks, 3 events, 3 people."])


# Today ------------------------------------------------------------------------------------


SITE_YML = """\
site_name: Demo days
docs_dir: content
plugins:
  - search
  - showcase:
      today: 2026-09-01
"""


@pytest.fixture
def site(workdir: Path) -> Path:
    """``mkdocs.yml`` (docs_dir: content, today: 2026-09-01 unquoted) and its content."""
    ContentKit(workdir / "content").standard()
    return write_mkdocs_yml(workdir, SITE_YML)


@pytest.mark.usefixtures("site")
def test_today_comes_from_the_plugin_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert rotation_day(capsys) == "2026-09-01"


def test_quoted_today_in_the_plugin_options(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site.write_text(site.read_text().replace("2026-09-01", "'2026-09-02'"), encoding="utf-8")

    assert rotation_day(capsys) == "2026-09-02"


@pytest.mark.usefixtures("site")
def test_showcase_today_wins_over_the_plugin_options(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-10-01")

    assert rotation_day(capsys) == "2026-10-01"


@pytest.mark.usefixtures("site")
def test_today_option_wins_over_everything(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-10-01")

    assert rotation_day(capsys, "--today", "2026-11-02") == "2026-11-02"


def test_invalid_today_in_the_plugin_options_is_a_usage_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.write_text(site.read_text().replace("2026-09-01", "soon"), encoding="utf-8")

    code, out, err = run(capsys, "check")

    assert (code, out) == (2, [])
    assert err == (
        "showcase check: mkdocs.yml: showcase plugin: "
        "`today` must be a date written YYYY-MM-DD, got `soon`\n"
    )


def test_read_site_config_takes_a_date_or_a_string(workdir: Path) -> None:
    path = write_mkdocs_yml(workdir, "plugins:\n  showcase:\n    today: 2026-11-24\n")
    assert read_site_config(path).today == date(2026, 11, 24)

    path.write_text("plugins:\n  showcase:\n    today: '2026-11-25'\n", encoding="utf-8")
    assert read_site_config(path).today == date(2026, 11, 25)

    path.write_text("plugins:\n  showcase: {}\n", encoding="utf-8")
    assert read_site_config(path).today is None


# The plugin's ``today`` option ------------------------------------------------------------


def validated(text: str) -> ShowcaseConfig:
    """The plugin's options parsed from YAML as MkDocs does, then validated."""
    config = ShowcaseConfig()
    config.load_dict(yaml.safe_load(text))
    failed, _ = config.validate()
    if failed:
        raise ValueError("; ".join(f"{key}: {error}" for key, error in failed))
    return config


def test_plugin_today_accepts_an_unquoted_date() -> None:
    assert validated("today: 2026-11-24").today == date(2026, 11, 24)


def test_plugin_today_accepts_a_quoted_date() -> None:
    assert validated("today: '2026-11-24'").today == date(2026, 11, 24)


def test_plugin_today_is_unset_by_default() -> None:
    assert validated("{}").today is None


def test_the_build_takes_showcase_today_over_the_plugin_option(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(str(site))
    plugin = config.plugins["showcase"]
    assert plugin.config.today == date(2026, 9, 1)

    monkeypatch.setenv("SHOWCASE_TODAY", "2026-10-01")
    plugin.on_config(config)
    assert plugin.result.archive.today == date(2026, 10, 1)

    monkeypatch.delenv("SHOWCASE_TODAY")
    plugin.on_config(config)
    assert plugin.result.archive.today == date(2026, 9, 1)


@pytest.mark.parametrize("value", ["soon", "2026-11-24 10:00", "[2026-11-24]", "20261124"])
def test_plugin_today_rejects_what_is_not_a_date(value: str) -> None:
    with pytest.raises(ValueError, match=r"today: .*YYYY-MM-DD"):
        validated(f"today: {value}")


def test_unquoted_today_in_a_real_mkdocs_yml(site: Path) -> None:
    config = load_config(str(site))

    assert config.plugins["showcase"].config.today == date(2026, 9, 1)


# Finding the archive ------------------------------------------------------------------------


def test_commands_find_the_archive_from_a_folder_inside_it(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: demo-days\nplugins:\n  - showcase\n")
    kit = ContentKit(workdir / "demo-days").standard()
    kit.talk("typo", "title: T\nspeakers: [ana-lma]\n")
    monkeypatch.chdir(workdir / "demo-days" / "talks" / "typo")

    code, out, err = run(capsys, "check", "--today", "2026-11-01")

    assert (code, err) == (1, "")
    assert out[0].startswith("../../talks/typo/index.md:3:12: error: unknown speaker"), out


def test_new_from_a_folder_inside_the_archive_writes_into_its_content(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_mkdocs_yml(workdir, "docs_dir: my content\n")
    ContentKit(workdir / "my content").standard()
    monkeypatch.chdir(workdir / "my content" / "events")

    code, out, err = run(
        capsys,
        "new",
        "--title",
        "Deep",
        "-s",
        "ana-lima",
        "--event",
        "none",
        "--today",
        "2026-11-01",
    )

    assert (code, err) == (0, "")
    assert (workdir / "my content" / "talks" / "deep" / "index.md").is_file()
    assert out[0] == "Created ../talks/deep/index.md"
    assert out[2:4] == ["  showcase check", "  mkdocs serve -f ../../mkdocs.yml"], out


def test_the_next_hint_quotes_a_folder_with_a_space(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ContentKit(workdir / "my content").standard()

    code, out, _ = run(
        capsys,
        "new",
        "--title",
        "Deep",
        "-s",
        "ana-lima",
        "--event",
        "none",
        "--today",
        "2026-11-01",
        "--content",
        "my content",
    )

    assert code == 0
    assert out[2:4] == ["  showcase check 'my content'", "  mkdocs serve"]


def test_without_an_archive_the_message_says_where_it_looked(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check")

    assert (code, out) == (2, [])
    assert err == (
        f"showcase check: no mkdocs.yml in {workdir.resolve()} or any folder above it, and no "
        "`content` folder here: run this inside an archive, name its content folder, or start "
        "one with `showcase init`\n"
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])

    assert exit_info.value.code == 0
    from importlib.metadata import version

    assert capsys.readouterr().out == f"showcase {version('mkdocs-showcase')}\n"
