"""bench.tune's leave-one-document-out estimate: each document decoded by a fit that never saw it."""

from types import SimpleNamespace

from aligner.beads import Bead
from bench import tune


def _doc(name: str, right: bool) -> SimpleNamespace:
    """A stand-in tuned document: two gold 1-1 beads; its decode finds them only when ``right``, and
    says which constants it was decoded with."""
    gold = [Bead((0,), (0,)), Bead((1,), (1,))]
    wrong = [Bead((0, 1), (0, 1))]
    return SimpleNamespace(name=name, doc=SimpleNamespace(gold=gold),
                           decode=lambda model: gold if (right and model != "all") else wrong)


def test_each_document_is_decoded_by_a_fit_without_it(monkeypatch) -> None:
    seen = []

    def fake_search(start, sets, names, log=print):
        seen.append({k: [d.name for d in v] for k, v in sets.items()})
        return "without", 0.0

    monkeypatch.setattr(tune, "coordinate_search", fake_search)
    sets = {"mac-dev": [_doc("a", True), _doc("b", True), _doc("c", False)], "aca": [_doc("x", True)]}
    out = tune.leave_one_document_out("start", "all", sets, "mac-dev", ("length",), log=lambda _m: None)
    assert seen == [{"mac-dev": ["b", "c"], "aca": ["x"]}, {"mac-dev": ["a", "c"], "aca": ["x"]},
                    {"mac-dev": ["a", "b"], "aca": ["x"]}]
    assert out["per_document"] == [1.0, 1.0, 0.0]
    assert out["fitted_on_all"] == 0.0           # the all-sets constants decode every document wrong here
    assert 0.0 < out["fitted_without_each"] < 1.0  # pooled over the three held-out documents
