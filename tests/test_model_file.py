"""The fitted models' file: what bench.tune writes is what the aligner reads back."""

from __future__ import annotations

import json

from aligner.scoring.model import Model, _shipped, models_json


def test_models_json_reads_back_as_the_same_models() -> None:
    models = _shipped()
    text = models_json(models)
    assert text.endswith("}\n")
    assert {name: Model.from_dict(entry) for name, entry in json.loads(text).items()} == models
