"""Building the engine's output models without validating them a second time.

The engine produces valid field values by construction (offsets from the text,
ids from the knowledge base, tuples where the models say tuple), so pydantic's
validation would only cost time: about a microsecond per evidence span, a
hundred spans per article.  :func:`construct` is ``model_construct`` for that
case: every field given, in declaration order, already of the validated type.
``tests/enrich/test_enrich_output.py`` checks that it gives what validation gives.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from newsstream.events import Evidence

_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__
_new = object.__new__
# The slots of BaseModel, set through their descriptors (no attribute look-up).
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def construct(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls.model_construct(**values)`` for complete, already valid ``values``."""
    m: _M = _new(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


#: The fields set of every Evidence built here, shared: pydantic copies it before any
#: change (``model_copy``) and the models are frozen.
_EVIDENCE_FIELDS = {"start", "end", "sentence"}


def evidence(start: int, end: int, sentence: str) -> Evidence:
    m = _new(Evidence)
    _set(m, "__dict__", {"start": start, "end": end, "sentence": sentence})
    _set_fields(m, _EVIDENCE_FIELDS)
    _set_extra(m, None)
    _set_private(m, None)
    return m


def evidence_spans(
    spans: list[tuple[int, int]], by_offset: list[int], sentences: list[str]
) -> tuple[Evidence, ...]:
    """Evidence for the distinct ``spans`` in text order (:func:`construct`, inlined:
    this builds most of the objects of an article)."""
    out: list[Evidence] = []
    fields = _EVIDENCE_FIELDS
    for start, end in sorted(set(spans)) if len(spans) > 1 else spans:
        m = _new(Evidence)
        _set(m, "__dict__", {"start": start, "end": end, "sentence": sentences[by_offset[start]]})
        _set_fields(m, fields)
        _set_extra(m, None)
        _set_private(m, None)
        out.append(m)
    return tuple(out)
