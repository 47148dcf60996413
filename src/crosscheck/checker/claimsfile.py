"""The claims file (`claims.yaml`): verified facts, aliases, tolerances and accepted disagreements.

Read with a safe YAML loader, validated by pydantic (unknown keys are errors), and every problem is
reported with the YAML line it sits on.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from crosscheck.errors import CrosscheckError
from crosscheck.models import ClaimKind


class ClaimsFileError(CrosscheckError):
    """The claims file cannot be used; `problems` holds one line per problem."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}:{p}" for p in problems))


class Strict(BaseModel):
    """Frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(Strict):
    """A value written as a range or a hedge: {min: 900, max: 1100}, {about: 1000}, {min: 2024-09-09}."""

    # strict numbers: YAML's yes/no would otherwise read as 1 and 0
    min: StrictFloat | date | None = Field(default=None, description="Lowest value (or first day); none: no bound.")
    max: StrictFloat | date | None = Field(default=None, description="Highest value (or last day); none: no bound.")
    about: StrictFloat | None = Field(default=None, description="About this much: within 10% either way.")
    value: StrictFloat | None = Field(default=None, description="Exactly this much (with a unit).")
    unit: str | None = Field(
        default=None,
        min_length=1,
        description="Currency of a money value (EUR, GBP, ...; USD when left out), or the unit of a measure "
        "(magnitude, km/h, mph, celsius, °F, km2, hectares, point, tonne, MW, mm ...), which it always names.",
    )


ValueForm = StrictInt | StrictFloat | str | date | Range


def _valid_tolerance(value: float | str) -> float | str:
    """A number, or a percentage written as a string: 50, 2.5, '10%'."""
    if isinstance(value, str):
        number = value.strip()
        if not number.endswith("%"):
            raise ValueError("tolerance is a number or a percentage such as '10%'")
        try:
            amount = float(number[:-1])
        except ValueError:
            raise ValueError(f"tolerance {value!r} is not a percentage such as '10%'") from None
    else:
        amount = value
    if not math.isfinite(amount):
        raise ValueError(f"tolerance {value!r} is not a finite number")
    if amount < 0:
        raise ValueError("tolerance cannot be negative")
    return value


Tolerance = Annotated[StrictFloat | str, AfterValidator(_valid_tolerance)]


class VerifiedClaim(Strict):
    """One fact the team has verified."""

    id: str = Field(min_length=1)
    kind: ClaimKind
    subject: str = Field(min_length=1, description="Plain words ('US troops in Niger') or a subject key.")
    subject_key: str | None = Field(default=None, description="An exact subject key from `crosscheck extract`.")
    value: ValueForm
    tolerance: Tolerance | None = Field(default=None, description="Absolute (50) or relative ('10%').")
    severity: Literal["error", "warning"] = "error"
    note: str | None = None
    sources: list[str] = Field(default_factory=list, description="Where it was verified.")

    @model_validator(mode="after")
    def _readable_value(self) -> VerifiedClaim:
        """A value `check` can read for this kind: an amount for a count, an absolute date for a date."""
        from crosscheck.checker.values import value_problem

        problem = value_problem(self.kind, self.value)
        if problem is not None:
            where = "value" + (f".{problem.where}" if problem.where else "")
            raise PydanticCustomError("claim_value", "{message}", {"message": problem.message, "where": where})
        return self


class Accepted(Strict):
    """A known disagreement that does not fail the check."""

    group: str = Field(min_length=1, description="A group's subject key (preferred) or id.")
    reason: str = Field(min_length=1)


class ClaimsFile(Strict):
    """The whole claims file."""

    version: Literal[1]
    articles: list[str] = Field(default_factory=list, description="Folders or files, relative to this file.")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="Canonical name -> other names.")
    tolerances: dict[ClaimKind, Tolerance] = Field(default_factory=dict)
    claims: list[VerifiedClaim] = Field(default_factory=list)
    accepted: list[Accepted] = Field(default_factory=list)


def _duplicate_keys(node: yaml.Node | None) -> list[str]:
    """Problems for keys written twice in one mapping (YAML would silently keep the last)."""
    problems: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(f"{key.start_mark.line + 1}: duplicate key {key.value!r}")
            seen.add(key.value)
            problems.extend(_duplicate_keys(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(item))
    return problems


def _unbuildable_scalars(node: yaml.Node | None) -> list[str]:
    """Problems for scalars YAML reads but cannot build: a date such as 2024-02-30 (no such day)."""
    problems: list[str] = []
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            problems.append(f"{node.start_mark.line + 1}: {node.value!r} cannot be read: {exc}")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            problems.extend(_unbuildable_scalars(key) + _unbuildable_scalars(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_unbuildable_scalars(item))
    return problems


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """1-based line of the YAML node at a pydantic error location (or the nearest parent)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if found is None:
                key = next((k for k, _v in node.value if getattr(k, "value", None) == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _message(error: Any) -> str:
    loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith(("function-", "lax-", "union")))
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key {loc!r}"
    if kind == "missing":
        return f"missing key {loc!r}"
    return f"{loc}: {error['msg']}"


def parse_claims_file(text: str, path: str = "claims.yaml") -> ClaimsFile:
    """Validate claims-file text; raise ClaimsFileError listing every problem with its line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # a reader error (control character, bad encoding) knows only its offset
        line = mark.line + 1 if mark is not None else text[: getattr(exc, "position", 0)].count("\n") + 1
        problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc)
        raise ClaimsFileError(path, [f"{line}: not valid YAML: {' '.join(problem.split())}"]) from None
    unbuildable = _unbuildable_scalars(node)
    if unbuildable:
        raise ClaimsFileError(path, unbuildable)
    data = yaml.safe_load(text)
    duplicates = _duplicate_keys(node)
    if duplicates:
        raise ClaimsFileError(path, duplicates)
    if not isinstance(data, dict):
        raise ClaimsFileError(path, ["1: the claims file must be a mapping with 'version: 1' and 'claims:'"])
    try:
        parsed = ClaimsFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen = set()
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not str(p).startswith(("function-", "lax-")))
            if error["type"] == "claim_value":  # the claim's own check of its value names the key at fault
                where = loc + tuple(error["ctx"]["where"].split("."))
                problems.append(f"{_line_of(node, where)}: {'.'.join(map(str, where))}: {error['msg']}")
                continue
            if len(loc) >= 3 and loc[0] == "claims" and loc[2] == "value" and error["type"] != "missing":
                # a union reports every branch; say once what a value may be
                where = loc[:3]
                if where in seen:
                    continue
                seen.add(where)
                extra = [e["loc"][-1] for e in exc.errors() if e["type"] == "extra_forbidden" and e["loc"][:3] == where]
                detail = f"unknown key {extra[0]!r} in value; " if extra else ""
                problems.append(
                    f"{_line_of(node, where)}: claims.{loc[1]}.value: {detail}give a number (1000), a date (2023-07),"
                    " a string, or a mapping with min/max or about"
                )
                continue
            if loc in seen:
                continue
            seen.add(loc)
            problems.append(f"{_line_of(node, loc)}: {_message(error)}")
        raise ClaimsFileError(path, sorted(set(problems), key=lambda p: (int(p.split(":")[0]), p))) from None
    seen_ids: set[str] = set()
    repeated = []
    for index, claim in enumerate(parsed.claims):
        if claim.id in seen_ids:
            repeated.append(f"{_line_of(node, ('claims', index, 'id'))}: duplicate claim id {claim.id!r}")
        seen_ids.add(claim.id)
    if repeated:
        raise ClaimsFileError(path, repeated)
    return parsed


def load_claims_file(path: Path) -> ClaimsFile:
    """Read and validate a claims file from disk."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ClaimsFileError(
            str(path), ["1: no such file (create one with `crosscheck freeze ARTICLES > claims.yaml`)"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimsFileError(str(path), [f"1: cannot be read: {exc}"]) from None
    return parse_claims_file(text, str(path))
