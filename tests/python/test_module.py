"""Smoke tests: the extension module loads from the package and reports the C++ version."""

import pathlib
import re

import ivcrush


def test_version_matches_cmake_project(repo_root):
    # The same check as tests/core/version_test.cpp, against CMakeLists.txt's project(VERSION).
    text = (repo_root / "CMakeLists.txt").read_text()
    version = re.search(r"VERSION (\d+\.\d+\.\d+)", text).group(1)
    assert ivcrush.__version__ == version


def test_extension_lives_in_the_package():
    assert pathlib.Path(ivcrush._ivcrush.__file__).parent == pathlib.Path(ivcrush.__file__).parent


def test_invalid_input_is_a_value_error():
    assert issubclass(ivcrush.InvalidInput, ValueError)
