"""Strict YAML: text -> node tree with positions, and a node walker that reports every problem.

A package so that the machinery can be split into modules of one job each; for now all of it is
in `walker`, and this module re-exports its public names.
"""

from __future__ import annotations

from assistant.flows.strict_yaml.walker import (
    ALIAS_TAG,
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    MAP_TAG,
    MAX_BYTES,
    MAX_LISTED,
    MAX_PROBLEMS,
    NULL_TAG,
    SEQ_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    Document,
    NodeWalker,
    Pair,
    Shape,
    TooManyProblems,
    compose_strict,
    describe,
    did_you_mean,
    meant_key,
    quote,
    shape,
    too_large,
)

__all__ = [
    "ALIAS_TAG",
    "BOOL_TAG",
    "FLOAT_TAG",
    "INT_TAG",
    "MAP_TAG",
    "MAX_BYTES",
    "MAX_LISTED",
    "MAX_PROBLEMS",
    "NULL_TAG",
    "SEQ_TAG",
    "STR_TAG",
    "TIMESTAMP_TAG",
    "Document",
    "NodeWalker",
    "Pair",
    "Shape",
    "TooManyProblems",
    "compose_strict",
    "describe",
    "did_you_mean",
    "meant_key",
    "quote",
    "shape",
    "too_large",
]
