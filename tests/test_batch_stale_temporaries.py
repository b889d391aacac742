"""A batch killed with kill -9 leaves atomic_write's temporary file in the output folder; the next run
into that folder removes such files, and only them (user test 5)."""

from __future__ import annotations

from cli import main

ZH = "南非医生说奥密克戎多为轻症。\n\n她说病人都已康复。\n"
EN = "South African doctors say Omicron cases are mostly mild.\n\nShe said the patients had recovered.\n"


def test_a_rerun_removes_the_temporary_files_a_killed_run_left(tmp_path, capsys):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    (folder / "w031.zh.txt").write_text(ZH, encoding="utf-8")
    (folder / "w031.en.txt").write_text(EN, encoding="utf-8")
    stale = [out / ".w031.tmx.53fuvjv9.tmp", out / "..zhen-align-done.k_2x9q0a.tmp"]
    kept = [out / ".notes.txt.abcdefgh.tmp", out / ".w031.tmx.short.tmp", out / "w031.tmx.53fuvjv9.tmp",
            out / ".w031.tmx.53fuvjv9.tmp.bak", out / "mine.tmp"]
    for path in stale + kept:
        path.write_text("partial", encoding="utf-8")
    link = out / ".w032.tmx.abcdefgh.tmp"
    link.symlink_to(tmp_path / "elsewhere")
    assert main(["batch", str(folder), "-o", str(out), "--fast", "--no-mt", "--jobs", "1",
                 "--format", "tmx"]) == 0
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if "temporary" in line] == [
        f"zhen-align: {out}: removed 2 temporary files an interrupted run left behind"]
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept) and link.is_symlink()
    assert (out / "w031.tmx").is_file()
    assert main(["batch", str(folder), "-o", str(out), "--fast", "--no-mt", "--jobs", "1",
                 "--format", "tmx"]) == 0
    assert "temporary" not in capsys.readouterr().err
