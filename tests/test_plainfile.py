"""Files read from an untrusted folder: a link anywhere on the way is refused, whether
each path is resolved whole or its folders are remembered (``Folders``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from showcase.plainfile import Folders, read_plain


@pytest.fixture(params=["resolved", "remembered"])
def folders(request: pytest.FixtureRequest) -> Folders | None:
    return Folders() if request.param == "remembered" else None


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "cache"
    (root / "ab").mkdir(parents=True)
    (root / "ab" / "entry.json").write_bytes(b"kept")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "entry.json").write_bytes(b"secret")
    return root, outside


def _real(root: Path, *parts: str) -> str:
    return os.path.join(os.path.realpath(root), *parts)


def test_a_plain_file_is_read(tmp_path: Path, folders: Folders | None) -> None:
    root, _ = _tree(tmp_path)
    path = root / "ab" / "entry.json"
    assert read_plain(path, _real(root, "ab", "entry.json"), folders) == b"kept"
    assert read_plain(path, _real(root, "ab", "other.json"), folders) is None


def test_a_folder_that_is_a_link_is_refused(tmp_path: Path, folders: Folders | None) -> None:
    root, outside = _tree(tmp_path)
    (root / "cd").symlink_to(outside)
    path = root / "cd" / "entry.json"
    for _ in range(2):  # and again, once the folder has been looked at
        assert read_plain(path, _real(root, "cd", "entry.json"), folders) is None


def test_a_file_that_is_a_link_is_refused(tmp_path: Path, folders: Folders | None) -> None:
    root, outside = _tree(tmp_path)
    (root / "ab" / "link.json").symlink_to(outside / "entry.json")
    assert read_plain(root / "ab" / "link.json", _real(root, "ab", "link.json"), folders) is None


def test_a_folder_made_a_link_after_a_miss_is_still_refused(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    folders = Folders()
    path = root / "cd" / "entry.json"
    assert read_plain(path, _real(root, "cd", "entry.json"), folders) is None  # not there
    (root / "cd").symlink_to(outside)
    assert read_plain(path, _real(root, "cd", "entry.json"), folders) is None


def test_the_configured_folder_itself_may_be_a_link(tmp_path: Path) -> None:
    root, _ = _tree(tmp_path)
    (tmp_path / "alias").symlink_to(root)
    path = tmp_path / "alias" / "ab" / "entry.json"
    assert read_plain(path, _real(root, "ab", "entry.json"), Folders()) == b"kept"


def test_inside_resolves_links_within_the_content_and_refuses_those_leading_out(
    tmp_path: Path, folders: Folders | None
) -> None:
    from showcase.symlinks import inside

    content, outside = _tree(tmp_path)
    (content / "ab" / "alias.json").symlink_to("entry.json")
    (content / "ab" / "out.json").symlink_to(outside / "entry.json")
    (content / "cd").symlink_to(outside)
    real = Path(os.path.realpath(content / "ab" / "entry.json"))
    assert inside(content / "ab" / "entry.json", content, folders) == real
    assert inside(content / "ab" / "alias.json", content, folders) == real
    assert inside(content / "ab" / "out.json", content, folders) is None
    assert inside(content / "cd" / "entry.json", content, folders) is None
    assert inside(content / "ab" / "missing.json", content, folders) is None
    assert inside(content / "ab", content, folders) is None, "a folder is no file"
