"""bench.textberg reads Text+Berg's test part whole and scores Bertalign's released output as published."""

from bench import textberg
from tests.conftest import shared_path


def test_test_part_is_read_whole_with_its_gold() -> None:
    docs = textberg.load_tests(shared_path("eval", "textberg-de-fr"))
    assert len(docs) == 7
    assert sum(len(d.zh) for d in docs) == 991 and sum(len(d.en) for d in docs) == 1011
    for doc in docs:  # Bleualign's gold is out of order, names a line twice, misses a few (as published)
        for side, lines in (("zh", doc.zh), ("en", doc.en)):
            named = {i for b in doc.gold for i in getattr(b, side)}
            assert named <= set(range(len(lines))) and len(lines) - len(named) <= 3


def test_bertalign_output_scores_as_the_data_readme_recomputed_it() -> None:
    root = shared_path("eval", "textberg-de-fr")
    row = textberg.bertalign_row(textberg.load_tests(root), root)
    assert round(row.scores.strict_f1, 3) == 0.939  # README: recomputed here .938 / .941 / .939
    assert (round(row.scores.strict_p, 3), round(row.scores.strict_r, 3)) == (0.938, 0.941)
