"""Texts in Russian and English, loaded from ``data/strings.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol

Lang = Literal["ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("ru", "en")


def load_data_file(name: str) -> dict[str, Any]:
    """Parse one TOML file from ``smm_logic/data``."""
    text = resources.files("smm_logic.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    """Turn nested tables into dotted keys whose leaves are ``{ru, en}`` pairs."""
    flat: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and set(value) <= set(LANGUAGES) and value:
            flat[dotted] = dict(value)
        elif isinstance(value, Mapping):
            flat.update(_flatten(value, dotted + "."))
        else:
            raise ValueError(f"strings.toml: {dotted} must be a table of ru/en texts")
    return flat


@cache
def _string_files() -> tuple[str, ...]:
    folder = resources.files("smm_logic.data")
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(n for n in names if n.startswith("strings") and n.endswith(".toml")))


@cache
def _file_strings(name: str) -> dict[str, dict[str, str]]:
    return _flatten(load_data_file(name))


def _entry(key: str) -> dict[str, str]:
    """A text's ``{ru, en}`` pair, the files read only as far as the key is found: the
    command line needs the messages of ``strings.toml`` only, not the app's eleven files
    (30 ms of TOML on every ``score``)."""
    for name in _string_files():
        found = _file_strings(name).get(key)
        if found is not None:
            return found
    raise KeyError(key)


@cache
def strings() -> dict[str, dict[str, str]]:
    """All texts by dotted key, from every ``data/strings*.toml`` (one file per area); a
    key defined in two files is an error."""
    merged: dict[str, dict[str, str]] = {}
    for name in _string_files():
        for key, value in _file_strings(name).items():
            if key in merged:
                raise ValueError(f"{name}: the key {key} is defined twice")
            merged[key] = value
    return merged


def text(key: str, lang: Lang, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with its placeholders filled."""
    template = _entry(key)[lang]
    return template.format(**params) if params else template


def normalize_lang(value: str | None) -> Lang:
    """``ru``/``ru-RU``/``ru_RU.UTF-8`` → ``ru``; anything else → ``en``."""
    return "ru" if value and value.lower().startswith("ru") else "en"


class Renderable(Protocol):
    """Anything shown in the reader's language: a ``Text``, a ``Message``, a quantity."""

    def render(self, lang: Lang) -> str: ...


@dataclass(frozen=True)
class Text:
    """A text kept in a data file in both languages: a name, a question, a formula, advice.

    The one place where a language picks one of two texts.
    """

    ru: str
    en: str

    def render(self, lang: Lang) -> str:
        return self.ru if lang == "ru" else self.en

    @classmethod
    def of(cls, record: Mapping[str, Any], name: str) -> Text:
        """The ``{name}_ru`` and ``{name}_en`` fields of a data-file record."""
        return cls(record[f"{name}_ru"], record[f"{name}_en"])


def _rendered(value: object, lang: Lang) -> object:
    render = getattr(value, "render", None)
    return render(lang) if callable(render) else value


@dataclass(frozen=True)
class Message:
    """A UI text to show later in either language: a key of ``strings*.toml`` and its
    parameters. A parameter that is itself renderable (a ``Text``, another ``Message``,
    a formatted quantity) is rendered in the same language first."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        params = {name: _rendered(value, lang) for name, value in self.params.items()}
        return text(self.key, lang, **params)
