"""Benchmarks: mutation detection (``checker bench mutate``) and speed (``checker bench perf``)."""
