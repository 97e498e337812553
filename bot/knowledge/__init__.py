"""The fact base: model, loader and validation, normalization and the answerer."""
