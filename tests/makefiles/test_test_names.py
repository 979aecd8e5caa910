# SPDX-License-Identifier: GPL-2.0
"""make vm-test collects tests/vm, tests/tool and tests/makefiles in one
pytest run, which imports each test file by its base name: two files with
the same name in different directories stop the whole collection."""

import collections
import pathlib

TESTS = pathlib.Path(__file__).resolve().parent.parent


def test_every_test_file_name_is_unique():
    seen = collections.defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        seen[path.name].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, f"rename one of each: {clashes}"
