"""The small YAML files a user edits (targets.yaml, report.yaml), read so that a mistake or a
hostile file ends in one line: a key given twice, aliases that would expand past a bound (the
'billion laughs'), whole numbers beyond 64 bits, .inf and .nan are errors that name the line."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

__all__ = ["read_settings_yaml", "MAX_VALUES"]

MAX_VALUES = 100_000  # values the file may hold once its aliases are expanded
INT64 = 2**63


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping key given twice (the second would silently win)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise InputError(f"line {key_node.start_mark.line + 1}: the key {str(key)[:60]!r} is given twice "
                                 f"(also on line {seen[key] + 1}); keep one")
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values the node stands for with every alias expanded (shared nodes counted once each
    time they are used), stopping as soon as the bound is passed."""
    if id(node) in sizes:
        return sizes[id(node)]
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = min(size, MAX_VALUES + 1)
    return sizes[id(node)]


def _check_numbers(value: Any, where: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, f"{where} / {key}" if where else str(key))
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{where}: found {value!r}, expected a number")
    elif isinstance(value, int) and not isinstance(value, bool) and not -INT64 <= value < INT64:
        raise InputError(f"{where}: found a number of {len(str(abs(value)))} digits, expected a count")


def read_settings_yaml(path: Path) -> Any:
    """The file's data; InputError (naming the file and the line) for anything unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_StrictLoader)
        if node is not None and _expanded_size(node, {}) > MAX_VALUES:
            raise InputError(f"the file expands to more than {MAX_VALUES:,} values (YAML aliases &/*): "
                             f"write the values out instead")
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except InputError as exc:
        raise InputError(exc.what, file=path.name) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", line {where.line + 1}" if where else ""
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"not valid YAML{line}: {first}", file=path.name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=path.name) from None
    try:
        _check_numbers(data, "")
    except InputError as exc:
        raise InputError(exc.what, file=path.name) from None
    return data
