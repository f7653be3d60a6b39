"""The stack config every benchmark program reads (``bench:*``), in one place.

``n``: installations; ``integrationSchedule``: the integration's read schedule (change it for a
new revision); ``installSchedule`` and ``changed``: the first ``changed`` installations use
``installSchedule``, the others the default schedule.
"""

from dataclasses import dataclass

import pulumi

DEFAULT_SCHEDULE = "*/30 * * * *"


@dataclass(frozen=True)
class Shape:
    n: int
    integration_schedule: str
    changed: int
    install_schedule: str

    def schedule_of(self, i: int) -> str:
        """The read schedule of installation ``i``."""
        return self.install_schedule if i < self.changed else DEFAULT_SCHEDULE


def read_shape() -> Shape:
    config = pulumi.Config("bench")
    return Shape(
        n=config.require_int("n"),
        integration_schedule=config.get("integrationSchedule") or DEFAULT_SCHEDULE,
        changed=config.get_int("changed") or 0,
        install_schedule=config.get("installSchedule") or DEFAULT_SCHEDULE,
    )
