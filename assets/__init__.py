"""Shipped data: lesson texts (lessons/en, lessons/ko) and pretrained weights
(weights/*.json). A package only so that the files install with the code."""

from pathlib import Path

#: this folder, where the files lie (importlib.resources would say the same and add ~5 ms to start-up)
ROOT = Path(__file__).resolve().parent
