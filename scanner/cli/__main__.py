"""python -m tierguard.scanner.cli"""
from . import main

main()
