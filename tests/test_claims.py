import json

import pytest

from hoplib.claims import ClaimBook
from tools import claims_table


def _book(tmp_path, monkeypatch):
    monkeypatch.setenv("HOPLIB_RESULTS_DIR", str(tmp_path))
    return ClaimBook("99_demo", "smoke", {"N": 10})


def test_passing_claims_are_written_in_the_documented_shape(tmp_path, monkeypatch):
    book = _book(tmp_path, monkeypatch)
    assert book.check("a", "within", theory=1.0, measured=1.05, tolerance=0.1,
                      justification="sampling")
    assert book.check("b", "relative", theory=2.0, measured=2.1, tolerance=0.06,
                      justification="x", comparison="rel")
    assert book.check("c", "bound", theory=0.5, measured=0.4, tolerance=0.0,
                      justification="x", comparison="at_most")
    assert book.check_true("d", "identity", True, justification="sympy")
    path = book.finish()
    data = json.loads(path.read_text())
    assert set(data) == {"notebook", "parameter_set", "parameters", "runtime_s", "claims"}
    assert data["notebook"] == "99_demo" and data["parameter_set"] == "smoke"
    assert [c["passed"] for c in data["claims"]] == [True] * 4
    assert data["claims"][3]["theory"] is None


def test_failed_claim_is_recorded_then_raised(tmp_path, monkeypatch):
    book = _book(tmp_path, monkeypatch)
    assert not book.check("far", "too far", theory=1.0, measured=2.0, tolerance=0.5,
                          justification="x")
    assert not book.check("low", "too low", theory=1.0, measured=0.2, tolerance=0.1,
                          justification="x", comparison="at_least")
    with pytest.raises(AssertionError, match="(?s)2 claim\\(s\\) failed.*far.*low"):
        book.finish()
    data = json.loads((tmp_path / "99_demo.json").read_text())
    assert [c["passed"] for c in data["claims"]] == [False, False]


def test_no_claims_is_a_failure(tmp_path, monkeypatch):
    with pytest.raises(AssertionError, match="checked no claim"):
        _book(tmp_path, monkeypatch).finish()


def test_bad_claims_rejected(tmp_path, monkeypatch):
    book = _book(tmp_path, monkeypatch)
    with pytest.raises(ValueError, match="comparison"):
        book.check("x", "s", theory=1, measured=1, tolerance=0, justification="", comparison="~")
    with pytest.raises(ValueError, match="finite"):
        book.check("x", "s", theory=1, measured=float("nan"), tolerance=0, justification="")
    book.check_true("x", "s", True, justification="")
    with pytest.raises(ValueError, match="already recorded"):
        book.check_true("x", "s", True, justification="")
    with pytest.raises(ValueError, match="parameter_set"):
        ClaimBook("n", "medium", {})


def test_claims_table_reports_failures(tmp_path, monkeypatch, capsys):
    book = _book(tmp_path, monkeypatch)
    book.check("ok", "fine", theory=1.0, measured=1.0, tolerance=0.0, justification="x")
    book.finish()
    assert claims_table.main([str(tmp_path)]) == 0
    assert "99_demo" in capsys.readouterr().out
    bad = ClaimBook("98_bad", "smoke", {})
    bad.check("no", "broken", theory=0.0, measured=1.0, tolerance=0.1, justification="x")
    with pytest.raises(AssertionError):
        bad.finish()
    assert claims_table.main([str(tmp_path)]) == 1
    assert claims_table.main([str(tmp_path / "empty")]) == 1
