"""Maps the fixed repository layout onto the installed namespace tierguard.*.

scanner/ -> tierguard.scanner, rules/ -> tierguard.rules, reports/ -> tierguard.reports.
Everything else (metadata, dependencies, entry point) is in pyproject.toml.
"""
from setuptools import find_packages, setup

TOP_LEVEL = ("scanner", "rules", "reports")

packages = [
    f"tierguard.{name}"
    for top in TOP_LEVEL
    for name in find_packages(include=[top, f"{top}.*"])
]

setup(
    packages=packages,
    package_dir={f"tierguard.{top}": top for top in TOP_LEVEL},
    package_data={
        "tierguard.scanner": ["data/*.json", "demo/**/*"],
        "tierguard.reports": ["templates/*"],
    },
)
