# SPDX-License-Identifier: GPL-2.0
"""The --json output of prtos on a running system (guest/json.sh): every
document parses, names the cells and channels that exist, and the counters
of one 'cell stats' snapshot agree with each other while they move."""
import json
import re

from vmtest import run_vm

REASONS = ["hypercall", "cpuid", "msr", "pio", "xapic", "mmio", "violation",
           "management", "other"]


def documents(text):
    """{NAME: [lines]} of everything between JSON-BEGIN/JSON-END NAME."""
    found = {}
    for m in re.finditer(r"^JSON-BEGIN (\S+)\n(.*?)^JSON-END \1$", text,
                         re.M | re.S):
        found[m.group(1)] = m.group(2).splitlines()
    return found


def one(found, name):
    lines = found[name]
    assert len(lines) == 1, f"{name}: {len(lines)} lines"
    doc = json.loads(lines[0])
    assert doc["prtos_json"] == 1
    return doc


def check_stats(doc, name, cpus):
    assert doc["cell"]["name"] == name
    assert [c["cpu"] for c in doc["cpus"]] == cpus
    for c in doc["cpus"]:
        counters = c["counters"]
        assert all(isinstance(v, int) for v in counters.values())
        # one snapshot: every exit counted once, under its reason
        assert counters["vmexits_total"] == sum(counters[r] for r in REASONS), c
    assert doc["total"] == {
        k: sum(c["counters"][k] for c in doc["cpus"])
        for k in doc["cpus"][0]["counters"]}


def test_json_output_of_a_running_system():
    r = run_vm("json.sh", timeout=600)
    assert r.returncode == 0, f"guest failed: {r!r}"
    assert "JSON-OK" in r.text("linux")
    assert "PRTOS PANIC" not in r.text("hv")
    found = documents(r.text("linux"))

    cells = {c["name"]: c for c in one(found, "cell-list")["cells"]}
    assert set(cells) == {"linux-root", "cyclic-demo", "ipc-echo"}
    assert cells["linux-root"]["id"] == 0
    assert cells["cyclic-demo"]["state"] == "running"
    assert cells["cyclic-demo"]["cpus"] == [2]
    assert cells["cyclic-demo"]["cpus_list"] == "2"
    assert cells["ipc-echo"]["cpus"] == [3]
    assert cells["ipc-echo"]["failed_cpus"] == []

    totals = []
    for i in (1, 2, 3):
        doc = one(found, f"cell-stats-{i}")
        assert doc["cell"]["id"] == cells["cyclic-demo"]["id"]
        check_stats(doc, "cyclic-demo", [2])
        totals.append(doc["total"]["vmexits_total"])
    assert totals[0] < totals[1] < totals[2], "the counters did not move"
    check_stats(one(found, "cell-stats-echo"), "ipc-echo", [3])
    root = one(found, "cell-stats-root")
    assert root["cell"] == {"id": 0, "name": "linux-root"}
    assert [c["cpu"] for c in root["cpus"]] == [0, 1]

    watch = one(found, "cell-stats-watch")
    check_stats(watch, "cyclic-demo", [2])
    assert 0.4 <= watch["interval_s"] < 5
    # one EOI per release of a 1000 us period
    assert 300 < watch["total_per_second"]["vmexits_total"] < 2000, watch
    assert watch["total_per_second"] == watch["cpus"][0]["per_second"]

    channels = {c["name"]: c
                for c in one(found, "channel-list")["channels"]}
    assert set(channels) == {"ipc-ping", "ipc-pong", "cyclic-stats",
                             "echo-in", "echo-out"}
    echo_in = channels["echo-in"]
    assert echo_in["kind"] == "queuing"
    assert isinstance(echo_in["size"], int) and echo_in["size"] > 0
    writer, reader = echo_in["ends"]
    assert writer["end"] == "writer" and writer["cell"] == "linux-root"
    assert writer["state"] == "attached"
    assert writer["counters"]["messages"] >= 1
    assert reader == {**reader, "end": "reader", "cell": "ipc-echo",
                      "state": "attached"}
    assert reader["counters"]["received"] >= 1
    stats = channels["cyclic-stats"]
    assert stats["kind"] == "sampling"
    assert stats["ends"][0]["cell"] == "cyclic-demo"
    assert stats["ends"][0]["counters"]["messages"] > 0
    for c in channels.values():
        for end in c["ends"]:
            assert set(end) == {"end", "cell", "state", "counters"}
            assert all(isinstance(v, int) for v in end["counters"].values())

    console = one(found, "console")
    assert console["lost_bytes"] >= 0
    assert any("cyclic-demo" in line for line in console["lines"])
    assert not any("\n" in line for line in console["lines"])
    follow = [json.loads(line) for line in found["console-follow"]]
    assert follow, "console --follow --json printed nothing"
    assert all(d["prtos_json"] == 1 and ("line" in d or "lost_bytes" in d)
               for d in follow)
    followed = [d["line"] for d in follow if "line" in d]
    if not console["lost_bytes"]:
        # the same ring, read again from its oldest byte
        assert followed[:len(console["lines"])] == console["lines"]
