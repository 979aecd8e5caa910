# SPDX-License-Identifier: GPL-2.0
"""scripts/bench's arithmetic, on lines shaped as the guest and the
inmates print them: medians with their spread, per-release exits, the EOI
exit's cost, and the documented keys. (make bench itself boots QEMU for
a quarter of an hour; it is run by hand, its figures go in the notes.)"""
import importlib.machinery
import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_bench():
    path = str(REPO / "scripts" / "bench")
    loader = importlib.machinery.SourceFileLoader("prtos_bench", path)
    spec = importlib.util.spec_from_loader("prtos_bench", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


bench = load_bench()


def total(mode, releases, p50, p99, misses=0):
    return (0.0, f"cyclic-demo: total mode={mode} period=1000us "
            f"releases={releases} lat_ns min=1 avg=2 max={p99 + 5} "
            f"p50={p50} p99={p99} misses={misses}")


def test_totals_and_histograms_are_read_per_run_in_order():
    lines = [total("poll", 100, 19, 29),
             (0.1, "cyclic-demo: histogram lat_ns 0-10:60 10-20:30 "
                   "20-50:10 >=40950:0"),
             total("irq eoi=before", 200, 3000, 9000, 2)]
    runs = bench.cyclic_runs(lines)
    assert [r["mode"] for r in runs] == ["poll", "irq eoi=before"]
    assert runs[0]["bins"] == [(0, 10, 60), (10, 20, 30), (20, 50, 10)]
    assert runs[1]["p99_ns"] == 9000 and runs[1]["misses"] == 2


def test_a_median_carries_its_spread_and_a_single_value_none():
    res = bench.Results()
    res.put("a", [3, 1, 2])
    res.put("b", [7])
    res.put("c", [])
    assert res.d == {"a": 2, "spread.a": [1, 3], "b": 7}
    assert res.text("a") == "2 (1–3)"
    assert res.text("c") == "-"


def test_cell_and_bare_figures_land_under_their_documented_keys():
    res = bench.Results()
    cell = bench.cyclic_runs([total("irq eoi=after", 4000, 500, 900),
                              total("irq eoi=after", 4000, 700, 950)])
    bench.cyclic_figures(res, "cyclic", "cell", cell)
    assert res.d["cyclic.irq.cell.p50_ns"] == 600
    assert res.d["spread.cyclic.irq.cell.p50_ns"] == [500, 700]
    assert "cyclic.poll.cell.p50_ns" not in res.d


def test_first_output_delay_is_measured_from_each_mark():
    lines = [(1.0, "[linux] BENCH-MARK cyclic-start poll"),
             (1.2, "[com3] cyclic-demo: start mode=poll"),
             (5.0, "[linux] BENCH-MARK cyclic-start poll"),
             (5.5, "[com3] other"),
             (5.7, "[com3] cyclic-demo: start mode=poll")]
    got = bench.first_output_delays(lines, "BENCH-MARK cyclic-start poll",
                                    "[com3]", "cyclic-demo: start")
    assert [round(x, 3) for x in got] == [0.2, 0.7]


def expand(pattern):
    """README's `a.{b,c}.d` as the keys it stands for."""
    m = re.search(r"\{([^{}]*)\}", pattern)
    if not m:
        return {pattern}
    return set().union(*(expand(pattern[:m.start()] + alt +
                                pattern[m.end():])
                         for alt in m.group(1).split(",")))


def documented_keys():
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Benchmarks: `make bench`")[1].split("\n## ")[0]
    keys = set()
    for row in re.findall(r"^\| (`.+?`) \|", section, re.M):
        for key in re.findall(r"`([^`]+)`", row):
            keys |= expand(key)
    return keys


MODES = ("poll", "irq eoi=after", "irq eoi=before")


def fake_noisy_guest(runs):
    """What bench-guest.sh noisy prints, with round numbers."""
    out = []
    t = 0.0

    def add(line, dt=0.01):
        nonlocal t
        t += dt
        out.append((t, line))

    for i in range(runs):
        add(f"[linux] BENCH-KV root.cpu_native_s {1.0 + i}")
        add(f"[linux] BENCH-KV root.syscall_native_s {2.0}")
        add("[linux] BENCH-KV time.enable_s 0.2")
        add(f"[linux] BENCH-KV root.cpu_root_s {1.1 + 1.1 * i}")
        add("[linux] BENCH-KV root.syscall_root_s 2.2")
        add("[linux] BENCH-KV root.idle_exits_per_cpu_s 16")
        add("[linux] BENCH-KV hv_memory_used_bytes 225280")
        add("[linux] BENCH-KV time.disable_s 0.09")
    for i in range(runs):
        for k in ("create", "load", "start", "destroy"):
            if k == "start":
                add("[linux] BENCH-MARK cell-start")
                add("[com4] tiny-demo: hello", 0.04)
            add(f"[linux] BENCH-KV time.cell_{k}_s 0.1")
    for i in range(runs):
        for mode in MODES:
            add(f"[linux] BENCH-MARK cyclic-start {mode}")
            add(f"[com3] cyclic-demo: start mode={mode}", 0.03)
            add("[com3] " + total(mode, 4000, 1000, 2000)[1])
            key = mode.replace(" ", "_").replace("=", "-")
            exits = 0 if mode == "poll" else 4004
            add(f"[linux] BENCH-KV exits.{key} {exits}")
    for mode in ("doorbell", "poll"):
        add(f"[linux] BENCH-KV ipc.{mode}.mb_s 2.5")
        add(f"[linux] BENCH-KV ipc.{mode}.exits_per_rt.ping 2")
        add(f"[linux] BENCH-KV ipc.{mode}.exits_per_rt.pong 2")
    for mode in ("doorbell", "poll", "local-ipi", "local-poll"):
        add(f"[com3] ipc-demo: rtt mode={mode} n=10 min=1 avg=100 p99=200 "
            "max=300 lost=0")
    add("[linux] BENCH-KV ipc.doorbell_to_root_poll_s 0.004")
    add("[linux] BENCH-ROOT-STATS cpu 0 vmexits_total=5 hypercall=0 xapic=5")
    return out


def test_a_whole_run_gives_the_documented_keys(monkeypatch, tmp_path):
    runs = 3
    icount_cell = {"poll": 19, "irq eoi=after": 300,
                   "irq eoi=before": 2300}
    icount_bare = {"poll": 19, "irq eoi=after": 90, "irq eoi=before": 190}

    def vm_section(name, guest_args, icount, timeout):
        if not icount:
            return fake_noisy_guest(runs)
        return [(0.0, "[com3] " + total(m, 2000, p, p)[1])
                for m, p in icount_cell.items()]

    def bare_runs(mode, n, icount, duration):
        p50 = icount_bare[mode] if icount else 800
        return bench.cyclic_runs([total(mode, 4000, p50, p50)] * n)

    monkeypatch.setattr(bench, "vm_section", vm_section)
    monkeypatch.setattr(bench, "bare_runs", bare_runs)
    args = type("Args", (), {"runs": runs, "timeout": 1,
                             "icount_timeout": 1})()
    res = bench.Results()
    res.d.update({"runs": runs, "how.cell": "x", "how.bare": "y",
                  "image_bytes": 1})
    bench.noisy(res, args)
    bench.deterministic(res, args)
    d = res.d
    # paired runs: 1.1/1.0, 2.2/2.0, 3.3/3.0
    assert d["root.cpu_bound_ratio"] == 1.1
    assert d["exits.per_release.irq"] == 1.001
    assert d["exits.per_release.poll"] == 0
    assert d["icount.eoi_exit_ns"] == (2300 - 300) - (190 - 90)
    assert d["time.start_to_first_release_s.poll"] == 0.031
    assert d["cyclic.irq.bare.p50_ns"] == 800
    keys = {k for k in d if not k.startswith("spread.")}
    undocumented = keys - documented_keys()
    assert not undocumented, f"not in README.md: {sorted(undocumented)}"
    issue_keys = expand("cyclic.{irq,poll}.{cell,bare}."
                        "{p50_ns,p99_ns,max_ns,misses,releases}") | \
        expand("icount.cyclic.{irq,poll}.{cell,bare}.{p50_ns,p99_ns}") | \
        expand("exits.per_release.{irq,poll}") | \
        expand("time.{enable,disable,cell_create,cell_load,cell_start,"
               "cell_destroy}_s") | \
        expand("time.start_to_first_release_s.{irq,poll}") | \
        {"root.cpu_bound_ratio", "root.syscall_ratio",
         "root.idle_exits_per_cpu_s", "image_bytes", "hv_memory_used_bytes"}
    assert not issue_keys - keys, sorted(issue_keys - keys)
    assert all(k[len("spread."):] in d for k in d if k.startswith("spread."))


def test_the_plot_is_a_png_with_a_panel_per_mode_and_section(tmp_path):
    runs = ([{"mode": m, "bins": [(200, 500, 10), (1000, 2000, 1)]}
             for m in MODES],
            [{"mode": m, "bins": [(50, 100, 10)]} for m in MODES])
    png = tmp_path / "plot.png"
    assert bench.plot(png, runs, runs), "python3-matplotlib missing: " \
        "run scripts/install-deps"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
