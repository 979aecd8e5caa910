# SPDX-License-Identifier: GPL-2.0
"""Host-side behaviour of the prtos command (tools/prtos).

Everything here runs without the driver: help and usage, --version,
offline configuration checks, and the messages for a missing driver or
file. The driver's answers (errors with reasons, the console ring) are
played by a small LD_PRELOAD stand-in for ioctl() loaded into a dynamic
build of the same sources, so the error wording can be checked too.

Configuration blobs are written by a C program built against
include/prtos/config.h, so the layout is never copied here.

Run with: /usr/bin/python3 -m pytest tests/tool
"""

import errno
import os
import select
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "prtos"
INCLUDES = ["-I", str(ROOT / "include"), "-I", str(ROOT / "hypervisor/include")]

# Writes one configuration variant (argv[1]) to stdout.
CONFIG_GEN_C = r"""
#include <stdio.h>
#include <string.h>
#include <prtos/config.h>

static struct {
	struct prtos_system sys;
	struct prtos_memory mem[2];
	struct prtos_pio pio[1];
} __attribute__((packed)) sys = {
	.sys = {
		.signature = PRTOS_SYSTEM_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.hypervisor_memory = { .phys_start = 0x3a000000,
				       .size = 0x600000 },
		.debug_console = { .type = PRTOS_CONSOLE_UART_PIO,
				   .address = 0x2f8 },
		.platform = { .pci_mmconfig_base = 0xb0000000,
			      .pci_mmconfig_end_bus = 255,
			      .apic_base = 0xfee00000 },
		.root_cell = {
			.signature = PRTOS_CELL_SIGNATURE,
			.revision = PRTOS_CONFIG_REVISION,
			.name = "linux-root",
			.cpus = { 0xf },
			.num_memory_regions = 2,
			.num_pio = 1,
		},
	},
	.mem = {
		{ 0, 0, 0x3a000000, PRTOS_MEM_RWX | PRTOS_MEM_DMA },
		{ 0x3a600000, 0x3a600000, 0x5a00000,
		  PRTOS_MEM_RWX | PRTOS_MEM_DMA },
	},
	.pio = { { 0, 0x10000 } },
};

static struct {
	struct prtos_cell_desc cell;
	struct prtos_memory mem[1];
} __attribute__((packed)) cell = {
	.cell = {
		.signature = PRTOS_CELL_SIGNATURE,
		.revision = PRTOS_CONFIG_REVISION,
		.name = "tiny",
		.cpus = { 0x8 },
		.num_memory_regions = 1,
	},
	.mem = { { 0x3b000000, 0, 0x100000,
		   PRTOS_MEM_RWX | PRTOS_MEM_LOADABLE } },
};

int main(int argc, char **argv)
{
	const char *v = argv[1];

	if (!strcmp(v, "system")) {
		fwrite(&sys, sizeof(sys), 1, stdout);
	} else if (!strcmp(v, "cell")) {
		fwrite(&cell, sizeof(cell), 1, stdout);
	} else if (!strcmp(v, "bad-flags")) {
		sys.mem[1].flags |= 0x8000;
		fwrite(&sys, sizeof(sys), 1, stdout);
	} else if (!strcmp(v, "truncated")) {
		fwrite(&sys, sizeof(sys) - 8, 1, stdout);
	} else {
		return 2;
	}
	return argc - 2;
}
"""

CONFIG_VARIANTS = ["system", "cell", "bad-flags", "truncated"]

# Plays the driver: answers the prtos ioctls as the FAKE_* variables say.
#   FAKE_ERRNO       errno for enable/disable (0 or unset: success)
#   FAKE_REASON      reason string to return with it
#   FAKE_RECEIVED    file to store the configuration enable was given
#   FAKE_CONSOLE     file whose bytes are the console ring's contents
#   FAKE_CONSOLE_START  ring position of its first byte (older ones lost)
#   FAKE_CONSOLE_ERRNO  errno for console reads
FAKE_DRIVER_C = r"""
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <prtos/ioctl.h>

static int env_int(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

static int fail(char *reason)
{
	const char *r = getenv("FAKE_REASON");

	if (r)
		snprintf(reason, PRTOS_REASON_LEN, "%s", r);
	errno = env_int("FAKE_ERRNO");
	return errno ? -1 : 0;
}

static int console_read(struct prtos_console_args *a)
{
	unsigned long long start = env_int("FAKE_CONSOLE_START"), from;
	const char *path = getenv("FAKE_CONSOLE");
	char ring[65536];
	size_t n = 0;
	FILE *f;

	if (env_int("FAKE_CONSOLE_ERRNO")) {
		errno = env_int("FAKE_CONSOLE_ERRNO");
		return -1;
	}
	if (path && (f = fopen(path, "rb"))) {
		n = fread(ring, 1, sizeof(ring), f);
		fclose(f);
	}
	from = a->pos < start ? start : a->pos;
	a->lost = from - a->pos;
	a->len = 0;
	if (from < start + n) {
		a->len = start + n - from;
		if (a->len > a->size)
			a->len = a->size;
		memcpy((void *)(unsigned long)a->buf, ring + (from - start),
		       a->len);
	}
	a->pos = from + a->len;
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	struct prtos_enable_args *en;
	const char *out;
	va_list ap;
	void *arg;
	FILE *f;

	(void)fd;
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	switch (req) {
	case PRTOS_ENABLE:
		en = arg;
		out = getenv("FAKE_RECEIVED");
		if (out && (f = fopen(out, "wb"))) {
			fwrite((void *)(unsigned long)en->config, 1,
			       en->config_size, f);
			fclose(f);
		}
		return fail(en->reason);
	case PRTOS_DISABLE:
		return fail(((struct prtos_disable_args *)arg)->reason);
	case PRTOS_CONSOLE_READ:
		return console_read(arg);
	}
	errno = ENOTTY;
	return -1;
}
"""


def compile_c(args, what):
    res = subprocess.run(["cc", *args], capture_output=True, text=True)
    if res.returncode:
        pytest.fail(f"building {what} failed:\n{res.stdout}{res.stderr}")


@pytest.fixture(scope="session")
def prtos():
    res = subprocess.run(["make", "-C", str(ROOT / "tools")],
                         capture_output=True, text=True)
    if res.returncode:
        pytest.fail(f"make -C tools failed:\n{res.stdout}{res.stderr}")
    return TOOL


@pytest.fixture(scope="session")
def configs(tmp_path_factory):
    """Paths of the configuration variants, by name, plus 'empty'."""
    d = tmp_path_factory.mktemp("configs")
    gen_c = d / "gen.c"
    gen_c.write_text(CONFIG_GEN_C)
    compile_c([*INCLUDES, "-o", str(d / "gen"), str(gen_c)], "config generator")
    paths = {}
    for v in CONFIG_VARIANTS:
        p = d / f"{v}.cell"
        p.write_bytes(subprocess.run([str(d / "gen"), v], check=True,
                                     capture_output=True).stdout)
        paths[v] = p
    paths["empty"] = d / "empty.cell"
    paths["empty"].write_bytes(b"")
    paths["source"] = d / "gen.c"
    paths["garbage"] = d / "garbage.bin"
    paths["garbage"].write_bytes(bytes(range(256)))
    return paths


@pytest.fixture(scope="session")
def fake_driver(tmp_path_factory, prtos):
    """A dynamic build of the tool and the ioctl stand-in to preload."""
    d = tmp_path_factory.mktemp("fake-driver")
    shim_c = d / "fake-driver.c"
    shim_c.write_text(FAKE_DRIVER_C)
    shim = d / "fake-driver.so"
    compile_c([*INCLUDES, "-shared", "-fPIC", "-o", str(shim), str(shim_c)],
              "fake driver")
    tool = d / "prtos"
    sources = sorted(str(p) for p in (ROOT / "tools").glob("prtos*.c"))
    sources += [str(ROOT / "hypervisor/lib/config-check.c"),
                str(ROOT / "hypervisor/lib/fmt.c")]
    compile_c(["-O2", *INCLUDES, "-o", str(tool), *sources], "dynamic tool")
    return tool, shim


def base_env(tmp_path=None):
    env = dict(os.environ)
    for k in list(env):
        if k.startswith(("PRTOS_", "FAKE_")):
            del env[k]
    # Never touch a real driver, whatever the host has loaded.
    env["PRTOS_DEVICE"] = "/nonexistent/prtos"
    env["PRTOS_SYSFS"] = "/nonexistent/sysfs-prtos"
    env["LC_ALL"] = "C"
    return env


def run(tool, *args, env=None, **extra):
    env = env or base_env()
    env.update({k: str(v) for k, v in extra.items()})
    return subprocess.run([str(tool), *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=30)


def run_fake(fake_driver, *args, **extra):
    tool, shim = fake_driver
    env = base_env()
    env["PRTOS_DEVICE"] = "/dev/null"
    env["LD_PRELOAD"] = str(shim)
    return run(tool, *args, env=env, **extra)


# --- the binary -------------------------------------------------------------

def test_binary_is_static(prtos):
    """The tool runs in a busybox initramfs: no program interpreter."""
    data = prtos.read_bytes()
    assert data[:4] == b"\x7fELF"
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    types = [struct.unpack_from("<I", data, phoff + i * phentsize)[0]
             for i in range(phnum)]
    assert 3 not in types, "PT_INTERP present: tools/prtos is not static"


# --- help and usage ----------------------------------------------------------

@pytest.mark.parametrize("args", [["--help"], ["-h"], ["help"]])
def test_help_lists_every_command(prtos, args):
    r = run(prtos, *args)
    assert r.returncode == 0
    assert r.stdout.startswith("usage: prtos ")
    for cmd in ["enable FILE", "disable", "console [-f|--follow]",
                "config check FILE...", "help"]:
        assert f"  {cmd}" in r.stdout
    assert "prtos enable /" in r.stdout
    assert r.stderr == ""


@pytest.mark.parametrize("cmd", [["enable"], ["disable"], ["console"],
                                 ["config"], ["config", "check"], ["help"]])
def test_every_command_has_help_with_example(prtos, cmd):
    r = run(prtos, *cmd, "--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: prtos " + " ".join(cmd))
    assert "Example" in r.stdout
    assert "\n  prtos " + cmd[0] in r.stdout
    assert run(prtos, "help", *cmd).stdout == r.stdout
    assert run(prtos, *cmd, "-h").stdout == r.stdout


def test_version(prtos):
    r = run(prtos, "--version")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "prtos 0.1.0 (ABI 1)"
    assert "driver: not loaded" in r.stdout
    assert run(prtos, "-V").stdout == r.stdout


def test_version_reads_driver_state(prtos, tmp_path):
    (tmp_path / "enabled").write_text("1\n")
    (tmp_path / "version").write_text("0.1.0 (ABI 1)\n")
    r = run(prtos, "--version", PRTOS_SYSFS=tmp_path)
    assert r.returncode == 0
    assert r.stdout.splitlines() == ["prtos 0.1.0 (ABI 1)",
                                     "driver: loaded, PRTOS enabled",
                                     "hypervisor: 0.1.0 (ABI 1)"]
    (tmp_path / "enabled").write_text("0\n")
    (tmp_path / "version").unlink()
    r = run(prtos, "--version", PRTOS_SYSFS=tmp_path)
    assert r.stdout.splitlines()[1:] == ["driver: loaded, PRTOS not enabled"]


@pytest.mark.parametrize("args, message, hint", [
    ([], "prtos: missing command", "run 'prtos --help'"),
    (["frobnicate"], "prtos: unknown command 'frobnicate'",
     "run 'prtos --help'"),
    (["--frobnicate"], "prtos: unknown option '--frobnicate'",
     "run 'prtos --help'"),
    (["-x"], "prtos: unknown option '-x'", "run 'prtos --help'"),
    (["enable"], "prtos enable: missing FILE", "run 'prtos enable --help'"),
    (["enable", "a", "b"], "prtos enable: too many arguments",
     "run 'prtos enable --help'"),
    (["enable", "--force", "a"], "prtos enable: unknown option '--force'",
     "run 'prtos enable --help'"),
    (["disable", "now"], "prtos disable: unexpected argument 'now'",
     "run 'prtos disable --help'"),
    (["console", "-x"], "prtos console: unknown option '-x'",
     "run 'prtos console --help'"),
    (["console", "--follow=yes"],
     "prtos console: option '--follow' takes no value",
     "run 'prtos console --help'"),
    (["config"], "prtos config: missing subcommand",
     "run 'prtos config --help'"),
    (["config", "lint"], "prtos config: unknown subcommand 'lint'",
     "run 'prtos config --help'"),
    (["config", "check"], "prtos config check: missing FILE",
     "run 'prtos config check --help'"),
    (["help", "frobnicate"], "prtos help: no such command 'frobnicate'",
     "run 'prtos help --help'"),
])
def test_bad_usage(prtos, args, message, hint):
    r = run(prtos, *args)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0].startswith(message)
    assert lines[1].startswith("usage: prtos")
    assert lines[2] == hint


# --- config check ------------------------------------------------------------

def test_config_check_system(prtos, configs):
    r = run(prtos, "config", "check", configs["system"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == (f"{configs['system']}: OK (system configuration, "
                        "root cell 'linux-root', 4 CPUs, "
                        "2 memory regions)\n")


def test_config_check_cell(prtos, configs):
    r = run(prtos, "config", "check", configs["cell"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == (f"{configs['cell']}: OK (cell configuration "
                        "'tiny', 1 CPU, 1 memory region)\n")


@pytest.mark.parametrize("variant, reason", [
    ("bad-flags", "memory region 1 has unknown flags 0x8000"),
    ("truncated", "truncated"),
    ("empty", "the file is empty"),
    ("source", "text file"),
    ("garbage", "not a PRTOS configuration"),
])
def test_config_check_invalid(prtos, configs, variant, reason):
    r = run(prtos, "config", "check", configs[variant])
    assert r.returncode == 1
    assert r.stdout.startswith(f"{configs[variant]}: invalid: ")
    assert reason in r.stdout


def test_config_check_several_files(prtos, configs, tmp_path):
    missing = tmp_path / "missing.cell"
    r = run(prtos, "config", "check", configs["system"], missing,
            configs["bad-flags"], configs["cell"])
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 4
    assert ": OK (system" in lines[0]
    assert lines[1] == f"{missing}: cannot read: no such file: check the path"
    assert ": invalid: " in lines[2]
    assert ": OK (cell" in lines[3]


# --- enable/disable/console without a driver ----------------------------------

def test_enable_without_driver(prtos, configs):
    r = run(prtos, "enable", configs["system"])
    assert r.returncode == 1
    assert r.stderr == ("prtos: the prtos driver is not loaded: run "
                        "'modprobe prtos' (or insmod driver/prtos.ko)\n")


@pytest.mark.parametrize("cmd", [["disable"], ["console"], ["console", "-f"]])
def test_other_commands_without_driver(prtos, cmd):
    r = run(prtos, *cmd)
    assert r.returncode == 1
    assert "the prtos driver is not loaded: run 'modprobe prtos'" in r.stderr


def test_enable_missing_file(prtos):
    r = run(prtos, "enable", "/nonexistent/system.cell")
    assert r.returncode == 1
    assert r.stderr == ("prtos: cannot read /nonexistent/system.cell: "
                        "no such file: check the path\n")


def test_enable_directory(prtos, tmp_path):
    r = run(prtos, "enable", tmp_path)
    assert r.returncode == 1
    assert "is a directory" in r.stderr


@pytest.mark.parametrize("variant, reason", [
    ("empty", "cannot read {}: the file is empty"),
    ("bad-flags", "{}: invalid system configuration: memory region 1 has "
                  "unknown flags"),
    ("cell", "{}: invalid system configuration: this is a cell "
             "configuration"),
    ("garbage", "{}: invalid system configuration: not a PRTOS "
                "configuration"),
])
def test_enable_checks_config_before_driver(prtos, configs, variant, reason):
    r = run(prtos, "enable", configs[variant])
    assert r.returncode == 1
    assert r.stderr.startswith("prtos: " + reason.format(configs[variant]))
    assert "driver" not in r.stderr


def test_no_permission_on_device(prtos, configs, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can open anything")
    dev = tmp_path / "prtos"
    dev.write_bytes(b"")
    dev.chmod(0)
    r = run(prtos, "enable", configs["system"], PRTOS_DEVICE=dev)
    assert r.returncode == 1
    assert "run the command as root" in r.stderr


# --- with a stand-in driver ---------------------------------------------------

def test_enable_passes_config_and_times_it(fake_driver, configs, tmp_path):
    received = tmp_path / "received"
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_RECEIVED=received)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith("PRTOS enabled (took ")
    assert r.stdout.endswith(" s)\n")
    float(r.stdout.split("took ")[1].split(" s)")[0])
    assert received.read_bytes() == configs["system"].read_bytes()


@pytest.mark.parametrize("err, reason, expected", [
    (errno.EBUSY, "", "prtos: PRTOS is already enabled: run 'prtos disable' "
                      "first\n"),
    (errno.ENOENT, "", "prtos: the hypervisor firmware prtos.bin was not "
                       "found in /lib/firmware: install it"),
    (errno.ENODEV, "CPU 0 has no SVM.",
     "prtos: CPU 0 has no SVM: use a CPU with SVM and NPT"),
    (errno.ENODEV, "", "prtos: this machine cannot run PRTOS"),
    (errno.EPERM, "", "prtos: permission denied: run the command as root"),
    (errno.EACCES, "", "prtos: permission denied: run the command as root"),
    (errno.EINVAL, "", "prtos: the driver rejected the system configuration:"
                       " check it with 'prtos config check FILE'"),
    (errno.EINVAL, "CPU 7 is offline",
     "prtos: CPU 7 is offline: check it with 'prtos config check FILE'"),
    (errno.ENOTTY, "", "prtos: the driver does not know this request: use "
                       "the prtos tool and prtos.ko from the same build"),
    (errno.EXDEV, "", "prtos: cannot enable PRTOS: the driver answered EXDEV"
                      " (Invalid cross-device link): see 'dmesg'"),
    (errno.EXDEV, "something odd", "prtos: cannot enable PRTOS: something "
                                   "odd: see 'dmesg'"),
])
def test_enable_errors(fake_driver, configs, err, reason, expected):
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=err, FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected)
    assert "\nprtos: see 'prtos console'" not in r.stderr


def test_enable_error_points_to_console(fake_driver, configs, tmp_path):
    """The hint appears when the hypervisor left messages, once."""
    console = tmp_path / "console"
    console.write_text("PRTOS: root cell: CPU 3 is not online\n")
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=errno.EINVAL,
                 FAKE_REASON="the hypervisor refused the configuration",
                 FAKE_CONSOLE=console)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "prtos: the hypervisor refused the configuration: check it with "
        "'prtos config check FILE' and see 'dmesg'",
        "prtos: see 'prtos console' for the hypervisor's messages",
    ]
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=errno.EIO, FAKE_REASON="CPU 1 failed to enter",
                 FAKE_CONSOLE=console)
    assert r.stderr.splitlines() == [
        "prtos: CPU 1 failed to enter: see 'prtos console' and 'dmesg' for "
        "the details",
    ]


def test_device_node_missing_with_driver_loaded(prtos, configs, tmp_path):
    r = run(prtos, "enable", configs["system"], PRTOS_SYSFS=tmp_path)
    assert r.returncode == 1
    assert "the prtos driver is loaded but /nonexistent/prtos is missing: " \
        "mount devtmpfs" in r.stderr


def test_disable(fake_driver):
    r = run_fake(fake_driver, "disable")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("PRTOS disabled (took ")


@pytest.mark.parametrize("err, reason, expected", [
    (errno.EINVAL, "", "prtos: PRTOS is not enabled: nothing to disable"),
    (errno.EINVAL, "PRTOS is not enabled.",
     "prtos: PRTOS is not enabled: nothing to disable"),
    (errno.EBUSY, "", "prtos: cells other than the root cell still exist: "
                      "destroy them with 'prtos cell destroy' first"),
    (errno.EPERM, "", "prtos: permission denied: run the command as root"),
])
def test_disable_errors(fake_driver, err, reason, expected):
    r = run_fake(fake_driver, "disable", FAKE_ERRNO=err, FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stderr.startswith(expected)


def test_console_prints_ring(fake_driver, tmp_path):
    console = tmp_path / "console"
    text = "".join(f"PRTOS: line {i}\n" for i in range(3000))
    console.write_text(text)
    r = run_fake(fake_driver, "console", FAKE_CONSOLE=console)
    assert r.returncode == 0, r.stderr
    assert r.stdout == text


def test_console_reports_lost_bytes(fake_driver, tmp_path):
    console = tmp_path / "console"
    console.write_text("ine 1\nline 2\n")
    r = run_fake(fake_driver, "console", FAKE_CONSOLE=console,
                 FAKE_CONSOLE_START=1234)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[... 1234 bytes lost ...]\nine 1\nline 2\n"


def test_console_empty(fake_driver):
    r = run_fake(fake_driver, "console")
    assert r.returncode == 0
    assert r.stdout == ""


def test_console_not_enabled(fake_driver):
    r = run_fake(fake_driver, "console", FAKE_CONSOLE_ERRNO=errno.ENODEV)
    assert r.returncode == 1
    assert r.stderr == ("prtos: PRTOS is not enabled, so there is no "
                        "hypervisor console: run 'prtos enable FILE' first\n")


def read_until(proc, text, timeout=10):
    """Read proc's stdout until it contains text; return all of it."""
    out = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in out:
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {text!r}, got {out!r}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"EOF while waiting for {text!r}, got {out!r}"
            out += chunk
    return out.decode()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_console_follow(fake_driver, tmp_path, sig):
    tool, shim = fake_driver
    console = tmp_path / "console"
    console.write_text("first\n")
    env = base_env()
    env.update(PRTOS_DEVICE="/dev/null", LD_PRELOAD=str(shim),
               FAKE_CONSOLE=str(console))
    proc = subprocess.Popen([str(tool), "console", "--follow"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert read_until(proc, "first\n") == "first\n"
        with console.open("a") as f:
            f.write("second\n")
        assert read_until(proc, "second\n") == "second\n"
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert proc.stderr.read() == b""
    finally:
        proc.kill()
        proc.wait()
