"""Scoring signals for sentence beads: each turns sentences into per-sentence features whose sums
over a bead's sentences give a similarity in [0, 1]; ``combine`` mixes them into one bead score."""
