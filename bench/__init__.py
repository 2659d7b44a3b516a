"""Benchmarks: synthetic data generator, query mix, peers and runner. Never part of a release."""
