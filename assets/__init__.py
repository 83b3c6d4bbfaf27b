"""Shipped data: lesson texts (lessons/en, lessons/ko) and pretrained weights
(weights/*.json). A package only so that the files install with the code."""
