"""Scenarios 1-4 in their CI-fast forms: rate limits, server errors, ambiguous creates and a
killed ``pulumi up``, each through the real CLI against the emulator's fault injection.

Every test prints its random seed (``[reliability] scenario=... random_seed=...``); replay one with
``RELIABILITY_RANDOM_SEEDS=<random_seed> pytest tests/reliability -k <name>``. The long loops are
``make soak`` (scripts/soak.py), which runs the same scenario functions over many random seeds.
"""

from __future__ import annotations

import pytest

from tests.reliability.scenarios import (
    Fleet,
    random_seeds_from_env,
    repair_interrupted_checkpoint,
    run_ambiguous_creates,
    run_interruption,
    run_rate_limits,
    run_server_errors,
)
from tests.support.stacks import Project


def test_rate_limited_up_honours_every_wait_and_creates_each_object_once(
    project: Project,
) -> None:
    """1 integration + 20 installations, every 3rd request a 429 (Retry-After: 1, or only a
    problem body with retryAfter): the up succeeds, each retry came no sooner than asked, each
    object was created once, and nothing secret is at rest."""
    fleet = Fleet(project, groups=20)
    outcome = run_rate_limits(fleet)
    assert outcome.converged_in == 1
    assert fleet.committed_creates().most_common(1)[0][1] == 1
    assert fleet.conflicts() == 0
    assert (outcome.duplicates, outcome.orphans, outcome.missing) == (0, 0, 0)
    assert outcome.secret_hits == []


@pytest.mark.parametrize("random_seed", random_seeds_from_env([11, 12]))
def test_server_errors_converge_with_no_duplicates_or_orphans(
    project: Project, random_seed: int
) -> None:
    """30% of requests answer 500/503: the up succeeds or fails with this package's errors
    only; at most two more ups converge to exactly the declared objects, and a preview then
    proposes nothing."""
    fleet = Fleet(project, groups=4)
    outcome = run_server_errors(fleet, random_seed)
    assert outcome.converged_in in (1, 2, 3), outcome
    assert (outcome.duplicates, outcome.orphans, outcome.missing) == (0, 0, 0), outcome
    assert outcome.secret_hits == []


@pytest.mark.parametrize("mode", ["drop", "slow"])
def test_creates_whose_answer_is_lost_are_found_not_repeated(project: Project, mode: str) -> None:
    """The integration's create and about half of the installations' creates commit, then the
    connection drops (or the answer comes after the client's timeout): the up still succeeds
    in one go, every object was created exactly once, and no create hit a 409."""
    fleet = Fleet(project, groups=4)
    (random_seed,) = random_seeds_from_env([21])
    outcome = run_ambiguous_creates(fleet, random_seed, mode)
    assert outcome.converged_in == 1
    assert (outcome.duplicates, outcome.orphans, outcome.missing) == (0, 0, 0), outcome
    assert outcome.secret_hits == []


@pytest.mark.parametrize("random_seed", random_seeds_from_env([31, 34]))
def test_killed_up_recovers_with_the_documented_steps(project: Project, random_seed: int) -> None:
    """kill -9 of `pulumi up` after a seeded number of API calls; (the empty metadata file
    removed if the kill landed while the state was saved), cancel, refresh
    --clear-pending-creates, up (and one up with adopt=True when an interrupted create had
    been made) converge with no duplicates and no orphans."""
    fleet = Fleet(project, groups=4)
    outcome = run_interruption(fleet, random_seed)
    assert outcome.converged_in in (1, 2), outcome
    assert (outcome.duplicates, outcome.orphans, outcome.missing) == (0, 0, 0), outcome
    assert outcome.secret_hits == []


def test_an_empty_stack_metadata_file_is_repaired_by_the_documented_step(
    project: Project,
) -> None:
    """Step 0 of the recovery: a CLI killed while saving leaves the stack's ``.json.attrs``
    empty and every command fails with ``failed to load checkpoint: EOF``; removing the empty
    file restores the stack as it was saved."""
    fleet = Fleet(project, groups=1)
    fleet.write()
    assert fleet.run("up").ok
    saved = project.stack.export()
    assert repair_interrupted_checkpoint(fleet) is False
    stacks = project.state_dir / "backend" / ".pulumi" / "stacks"
    (attrs,) = stacks.rglob("dev.json.attrs")
    attrs.write_bytes(b"")
    broken = fleet.cli("stack", "export")
    assert not broken.ok and "failed to load checkpoint: EOF" in broken.output, broken.output
    assert repair_interrupted_checkpoint(fleet) is True
    assert project.stack.export() == saved
    assert fleet.run("preview", expect_no_changes=True).ok
