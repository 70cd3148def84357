"""Packages are found, never listed by hand: a new subpackage of hooks/ or ci/ ships by itself.

pyproject.toml maps the top-level folders to their import names (`package-dir`): hooks/ installs as
`taskgate.hooks`, ci/ as `taskgate.ci`; schemas/ and task-template/ are data-only packages.
"""

from setuptools import find_packages, setup


def tree(name: str, folder: str) -> list[str]:
    return [name, *(f"{name}.{sub}" for sub in find_packages(folder))]


setup(
    packages=[
        *tree("taskgate", "taskgate"),
        *tree("taskgate.hooks", "hooks"),
        *tree("taskgate.ci", "ci"),
        "taskgate.schemas",
        "taskgate.task_template",
    ]
)
