# SPDX-License-Identifier: GPL-2.0
"""Host-side behaviour of the prtos command (tools/prtos).

Everything here runs without the driver: help and usage, --version,
offline configuration checks, and the messages for a missing driver or
file. The driver's answers (errors with reasons, the console ring, the
cell requests) are played by a small LD_PRELOAD stand-in for ioctl()
loaded into a dynamic build of the same sources, so the error wording can
be checked too; its sysfs directory is a temporary tree (PRTOS_SYSFS).

Configuration blobs are written by a C program built against
include/prtos/config.h, so the layout is never copied here.

Run with: /usr/bin/python3 -m pytest tests/tool
"""

import errno
import json
import os
import shutil
import tempfile
import select
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "prtos"
INCLUDES = ["-I", str(ROOT / "include"), "-I", str(ROOT / "lib/include"),
            "-I", str(ROOT / "tools/libprtos/include")]

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
	} else if (!strcmp(v, "cell-two-cpus")) {
		strcpy(cell.cell.name, "pair");
		cell.cell.cpus[0] = 0x2c;
		fwrite(&cell, sizeof(cell), 1, stdout);
	} else if (!strcmp(v, "cell-bad-flags")) {
		cell.mem[0].flags |= 0x8000;
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

CONFIG_VARIANTS = ["system", "cell", "cell-two-cpus", "cell-bad-flags",
                   "bad-flags", "truncated"]

# Plays the driver: answers the prtos ioctls as the FAKE_* variables say.
#   FAKE_ERRNO       errno for enable/disable (0 or unset: success)
#   FAKE_REASON      reason string to return with it
#   FAKE_RECEIVED    file to store the configuration enable was given
#   FAKE_CONSOLE     file whose bytes are the console ring's contents
#   FAKE_CONSOLE_START  ring position of its first byte (older ones lost)
#   FAKE_CONSOLE_ERRNO  errno for console reads
# Cell requests use FAKE_ERRNO/FAKE_REASON too, and:
#   FAKE_FAIL_AT     fail only the Nth cell request of the run (1 = first)
#   FAKE_CELL_ID     id that cell create returns
#   FAKE_LOG         file that gets one line per cell request (see log_cell)
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

static int cell_requests;

static FILE *open_log(void)
{
	const char *path = getenv("FAKE_LOG");

	return path ? fopen(path, "a") : NULL;
}

/* "start id=3 name=tiny reserved=0": which cell a request named. */
static void log_cell(FILE *f, const char *what, const struct prtos_cell_id *c)
{
	fprintf(f, "%s id=%u name=%.32s reserved=%u", what, c->id, c->name,
		c->reserved);
}

/* The Nth cell request fails if FAKE_FAIL_AT says so, else every one. */
static int cell_result(char *reason)
{
	int at = env_int("FAKE_FAIL_AT");

	cell_requests++;
	if (at && at != cell_requests)
		return 0;
	return fail(reason);
}

static int cell_request(unsigned long req, void *arg)
{
	struct prtos_cell_create *cr = arg;
	struct prtos_cell_load *ld = arg;
	struct prtos_cell_cmd *cmd = arg;
	const unsigned char *p;
	FILE *f = open_log();
	unsigned long long i;

	switch (req) {
	case PRTOS_CELL_CREATE:
		if (f)
			fprintf(f, "create size=%u\n", cr->config_size);
		if (f)
			fclose(f);
		cr->id = env_int("FAKE_CELL_ID");
		return cell_result(cr->reason);
	case PRTOS_CELL_LOAD:
		if (f) {
			log_cell(f, "load", &ld->cell);
			fprintf(f, " address=0x%llx size=%llu data=",
				(unsigned long long)ld->address,
				(unsigned long long)ld->size);
			p = (const unsigned char *)(unsigned long)ld->image;
			for (i = 0; i < ld->size && i < 64; i++)
				fprintf(f, "%02x", p[i]);
			fputc('\n', f);
			fclose(f);
		}
		return cell_result(ld->reason);
	}
	if (f) {
		log_cell(f, req == PRTOS_CELL_START ? "start" :
			    req == PRTOS_CELL_SHUTDOWN ? "shutdown" : "destroy",
			 &cmd->cell);
		fputc('\n', f);
		fclose(f);
	}
	return cell_result(cmd->reason);
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
	case PRTOS_CELL_CREATE:
	case PRTOS_CELL_LOAD:
	case PRTOS_CELL_START:
	case PRTOS_CELL_SHUTDOWN:
	case PRTOS_CELL_DESTROY:
		return cell_request(req, arg);
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
    sources = sorted(str(p) for p in (ROOT / "tools").glob("*.c"))
    sources += [str(ROOT / "lib/config-check.c"),
                str(ROOT / "lib/channel-check.c"),
                str(ROOT / "lib/channel.c"),
                str(ROOT / "lib/fmt.c"),
                str(ROOT / "lib/image-check.c"),
                str(ROOT / "tools/libprtos/port.c")]
    compile_c(["-O2", *INCLUDES, "-o", str(tool), *sources, "-lfdt"],
              "dynamic tool")
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
                "config check FILE...", "cell create FILE",
                "cell load NAME|ID {IMAGE | -s STRING} [-a ADDRESS]...",
                "cell start NAME|ID",
                "cell shutdown NAME|ID [-t|--timeout SECONDS]",
                "cell destroy NAME|ID", "cell list",
                "cell stats NAME|ID [-w|--watch[=SECONDS]]", "help"]:
        assert f"  {cmd}" in r.stdout
    assert "prtos enable /" in r.stdout
    assert r.stderr == ""


@pytest.mark.parametrize("cmd", [
    ["enable"], ["disable"], ["console"], ["config"], ["config", "check"],
    ["cell"], ["cell", "create"], ["cell", "load"], ["cell", "start"],
    ["cell", "shutdown"], ["cell", "destroy"], ["cell", "list"],
    ["cell", "stats"], ["help"]])
def test_every_command_has_help_with_example(prtos, cmd):
    r = run(prtos, *cmd, "--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: prtos " + " ".join(cmd))
    assert "Example" in r.stdout
    assert "\n  prtos " + " ".join(cmd[:2]) in r.stdout
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
    (["cell"], "prtos cell: missing subcommand", "run 'prtos cell --help'"),
    (["cell", "run"], "prtos cell: unknown subcommand 'run'",
     "run 'prtos cell --help'"),
    (["cell", "create"], "prtos cell create: missing FILE",
     "run 'prtos cell create --help'"),
    (["cell", "create", "a", "b"], "prtos cell create: too many arguments",
     "run 'prtos cell create --help'"),
    (["cell", "start"], "prtos cell start: missing NAME|ID",
     "run 'prtos cell start --help'"),
    (["cell", "shutdown", "a", "b"],
     "prtos cell shutdown: unexpected argument 'b'",
     "run 'prtos cell shutdown --help'"),
    (["cell", "shutdown", "--timeout", "soon", "a"],
     "prtos cell shutdown: invalid timeout 'soon': give a number of seconds "
     "from 0.001 to 600", "run 'prtos cell shutdown --help'"),
    (["cell", "shutdown", "-t", "601", "a"],
     "prtos cell shutdown: invalid timeout '601'",
     "run 'prtos cell shutdown --help'"),
    (["cell", "destroy", "--timeout", "5", "a"],
     "prtos cell destroy: unknown option '--timeout'",
     "run 'prtos cell destroy --help'"),
    (["cell", "destroy", "--force", "a"],
     "prtos cell destroy: unknown option '--force'",
     "run 'prtos cell destroy --help'"),
    (["cell", "list", "all"], "prtos cell list: unexpected argument 'all'",
     "run 'prtos cell list --help'"),
    (["cell", "stats"], "prtos cell stats: missing NAME|ID",
     "run 'prtos cell stats --help'"),
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
    """A user without access to /dev/prtos is told to be root. As root the
    check runs the tool as nobody, so it is exercised in CI too."""
    extra = {}
    base = tmp_path
    if os.geteuid() == 0:
        # pytest's own directory is private to root: use one nobody can enter
        base = Path(tempfile.mkdtemp(prefix="prtos-perm-"))
        base.chmod(0o755)
        extra["user"] = 65534
    try:
        dev = base / "prtos"
        dev.write_bytes(b"")
        dev.chmod(0)
        config = base / "system.cell"
        config.write_bytes(Path(configs["system"]).read_bytes())
        config.chmod(0o644)
        env = base_env()
        env["PRTOS_DEVICE"] = str(dev)
        r = subprocess.run([str(prtos), "enable", str(config)],
                           capture_output=True, text=True, env=env,
                           timeout=30, **extra)
    finally:
        if base != tmp_path:
            shutil.rmtree(base)
    assert r.returncode == 1, r.stderr
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


# The driver's reason says what is wrong and what to do: it is printed as it
# is (the reasons here are the driver's own, from driver/enable.c). Without
# one the tool names the request and the errno and sends to the kernel log.
@pytest.mark.parametrize("err, reason, expected", [
    (errno.EBUSY, "PRTOS is already enabled: run 'prtos disable' first",
     "prtos: PRTOS is already enabled: run 'prtos disable' first\n"),
    (errno.ENOENT, "hypervisor image prtos.bin not found in /lib/firmware "
                   "(error -2)",
     "prtos: hypervisor image prtos.bin not found in /lib/firmware (error "
     "-2)\n"),
    (errno.ENODEV, "CPU 0 has no SVM.", "prtos: CPU 0 has no SVM\n"),
    (errno.ENODEV, "this CPU has no AMD SVM: PRTOS needs AMD-V (QEMU: -cpu "
                   "...,+svm,+npt)",
     "prtos: this CPU has no AMD SVM: PRTOS needs AMD-V (QEMU: -cpu "
     "...,+svm,+npt)\n"),
    (errno.ENOMEM, "", "prtos: cannot enable PRTOS: the driver answered "
                       "ENOMEM (Cannot allocate memory): see 'dmesg'"),
    (errno.EFAULT, "", "prtos: cannot enable PRTOS: the driver answered "
                       "EFAULT (Bad address): see 'dmesg'"),
    (errno.EINVAL, "", "prtos: cannot enable PRTOS: the driver answered "
                       "EINVAL (Invalid argument): see 'dmesg'"),
    (errno.EINVAL, "CPU 7 is online but not in the root cell's CPU set: fix "
                   "the configuration or take the CPU offline",
     "prtos: CPU 7 is online but not in the root cell's CPU set: fix the "
     "configuration or take the CPU offline\n"),
    (errno.ENOTTY, "", "prtos: the driver does not know this request: use "
                       "the prtos tool and prtos.ko from the same build"),
    (errno.EXDEV, "", "prtos: cannot enable PRTOS: the driver answered EXDEV"
                      " (Invalid cross-device link): see 'dmesg'"),
    (errno.EXDEV, "something odd", "prtos: something odd\n"),
])
def test_enable_errors(fake_driver, configs, err, reason, expected):
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=err, FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected)
    assert "\nprtos: see 'prtos console'" not in r.stderr


def test_enable_error_points_to_console(fake_driver, configs, tmp_path):
    """The hint appears when the hypervisor left messages, once, and not
    for the messages of a hypervisor that is running anyway."""
    console = tmp_path / "console"
    console.write_text("PRTOS: root cell: CPU 3 is not online\n")
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=errno.EINVAL,
                 FAKE_REASON="the hypervisor refused the configuration",
                 FAKE_CONSOLE=console)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "prtos: the hypervisor refused the configuration",
        "prtos: see 'prtos console' for the hypervisor's messages",
    ]
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=errno.EIO,
                 FAKE_REASON="CPU 1 failed to enter: see 'prtos console'",
                 FAKE_CONSOLE=console)
    assert r.stderr.splitlines() == [
        "prtos: CPU 1 failed to enter: see 'prtos console'",
    ]
    sysfs = tmp_path / "sysfs"
    sysfs.mkdir()
    (sysfs / "enabled").write_text("1\n")
    r = run_fake(fake_driver, "enable", configs["system"],
                 FAKE_ERRNO=errno.EBUSY,
                 FAKE_REASON="PRTOS is already enabled: run 'prtos disable' "
                             "first",
                 FAKE_CONSOLE=console, PRTOS_SYSFS=sysfs)
    assert r.stderr.splitlines() == [
        "prtos: PRTOS is already enabled: run 'prtos disable' first",
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


# The reasons are the driver's own (driver/enable.c, driver/cell.c).
@pytest.mark.parametrize("err, reason, expected", [
    (errno.ENODEV, "PRTOS is not enabled", "prtos: PRTOS is not enabled\n"),
    (errno.ENODEV, "PRTOS is not enabled.", "prtos: PRTOS is not enabled\n"),
    (errno.EBUSY, "cells still exist: tiny: destroy them first ('prtos cell "
                  "destroy NAME')",
     "prtos: cells still exist: tiny: destroy them first ('prtos cell "
     "destroy NAME')\n"),
    (errno.EFAULT, "", "prtos: cannot disable PRTOS: the driver answered "
                       "EFAULT (Bad address): see 'dmesg'"),
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


def test_console_error(fake_driver):
    """A console read carries no reason: errno and the kernel log it is.
    (Not enabled is no error: the driver returns the kept ring or nothing,
    see test_console_empty.)"""
    r = run_fake(fake_driver, "console", FAKE_CONSOLE_ERRNO=errno.ENOMEM)
    assert r.returncode == 1
    assert r.stderr == ("prtos: cannot read the hypervisor console: the "
                        "driver answered ENOMEM (Cannot allocate memory): "
                        "see 'dmesg' for the driver's messages\n")


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


# --- cells: command line -----------------------------------------------------

def usage_error(r, message, cmd):
    """r is a usage error of 'prtos CMD' whose first line starts so."""
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"prtos {cmd}: {message}"), lines[0]
    assert lines[1].startswith(f"usage: prtos {cmd} ")
    assert lines[2] == f"run 'prtos {cmd} --help'"


@pytest.mark.parametrize("args, message", [
    ([], "missing NAME|ID (the cell)"),
    (["tiny"], "missing IMAGE or -s STRING (what to load)"),
    (["-s", "x", "tiny"], "missing NAME|ID (the cell) before -s"),
    (["tiny", "-a", "0x1000", "img"],
     "-a ADDRESS must follow an IMAGE or -s STRING"),
    (["tiny", "img", "--address=1", "--address=2"],
     "two addresses for one IMAGE or STRING ('2')"),
    (["tiny", "img", "-s"], "option '-s' needs a value"),
    (["tiny", "img", "-a"], "option '-a' needs a value"),
    (["tiny", "img", "--size=3"], "unknown option '--size=3'"),
    (["tiny", "-s", "x" * 4096],
     "string of 4096 characters is too long (at most 4095)"),
    (["", "img"], "empty cell name"),
    (["a" * 32, "img"], "cell name '" + "a" * 32 + "' is longer than 31 "
                        "characters"),
    (["4294967296", "img"], "cell id '4294967296' is out of range"),
    (["0", "img"], "cell 0 is the root cell (Linux itself): name another "
                   "cell"),
])
def test_cell_load_bad_usage(prtos, args, message):
    usage_error(run(prtos, "cell", "load", *args), message, "cell load")


@pytest.mark.parametrize("address", [
    "", "xyz", "0x", "-1", "+5", " 5", "12k", "0x1g", "1.5", "0b101",
    "0x10000000000000000", "18446744073709551616",
])
def test_cell_load_bad_address(prtos, address):
    r = run(prtos, "cell", "load", "tiny", "img", "-a", address)
    usage_error(r, f"invalid address '{address}': give a number, hex with "
                   "0x (e.g. 0xf0000) or decimal", "cell load")


@pytest.mark.parametrize("cmd", ["start", "shutdown", "destroy"])
@pytest.mark.parametrize("arg, message", [
    ("0", "cell 0 is the root cell (Linux itself): name another cell"),
    ("99999999999", "cell id '99999999999' is out of range"),
    ("x" * 40, "cell name '" + "x" * 40 + "' is longer than 31 characters"),
])
def test_cell_command_bad_cell(prtos, cmd, arg, message):
    usage_error(run(prtos, "cell", cmd, arg), message, f"cell {cmd}")


@pytest.mark.parametrize("args, message", [
    (["tiny", "-w", "5"], "too many arguments (write the interval as -w5 "
                          "or --watch=5)"),
    (["tiny", "--watch=0"], "invalid interval '0': give a number of "
                            "seconds from 0.1 to 86400"),
    (["tiny", "--watch=0.05"], "invalid interval '0.05'"),
    (["tiny", "-wabc"], "invalid interval 'abc'"),
    (["tiny", "--watch=-1"], "invalid interval '-1'"),
    (["tiny", "--watch=1e9"], "invalid interval '1e9'"),
    (["tiny", "extra"], "unexpected argument 'extra'"),
])
def test_cell_stats_bad_usage(prtos, args, message):
    usage_error(run(prtos, "cell", "stats", *args), message, "cell stats")


# --- cells: create -------------------------------------------------------------

@pytest.mark.parametrize("variant, expected", [
    ("cell-bad-flags", "prtos: {}: invalid cell configuration: memory "
                       "region 0 has unknown flags 0x8000"),
    ("system", "prtos: {}: invalid cell configuration: this is a system "
               "configuration: use it with 'prtos enable'"),
    ("truncated", "prtos: {}: invalid cell configuration: "),
    ("source", "prtos: {}: invalid cell configuration: this is a text file"),
    ("empty", "prtos: cannot read {}: the file is empty"),
])
def test_cell_create_validates_before_driver(fake_driver, configs, tmp_path,
                                             variant, expected):
    log = tmp_path / "log"
    r = run_fake(fake_driver, "cell", "create", configs[variant],
                 FAKE_LOG=log)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected.format(configs[variant]))
    assert len(r.stderr.splitlines()) == 1
    assert not log.exists(), "the driver was asked despite an invalid file"


def test_cell_create_without_driver(prtos, configs):
    r = run(prtos, "cell", "create", configs["cell"])
    assert r.returncode == 1
    assert r.stderr == ("prtos: the prtos driver is not loaded: run "
                        "'modprobe prtos' (or insmod driver/prtos.ko)\n")


def took(line):
    """The seconds of '... (took 0.001 s)' at the end of line."""
    assert line.endswith(" s)"), line
    return float(line.rsplit("(took ", 1)[1][:-3])


@pytest.mark.parametrize("variant, expected", [
    ("cell", 'Cell "tiny" created (id 3, CPU 3)'),
    ("cell-two-cpus", 'Cell "pair" created (id 3, CPUs 2-3,5)'),
])
def test_cell_create(fake_driver, configs, tmp_path, variant, expected):
    received, log = tmp_path / "received", tmp_path / "log"
    r = run_fake(fake_driver, "cell", "create", configs[variant],
                 FAKE_RECEIVED=received, FAKE_LOG=log, FAKE_CELL_ID=3)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith(expected + " (took ")
    assert took(r.stdout.rstrip("\n")) >= 0
    size = configs[variant].stat().st_size
    assert log.read_text() == f"create size={size}\n"


# The reasons are the driver's own (driver/cell.c) or the hypervisor's.
@pytest.mark.parametrize("err, reason, expected", [
    (errno.ENODEV, "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' "
                   "first",
     "prtos: PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first\n"),
    (errno.ENODEV, "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' "
                   "first.",
     "prtos: PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first\n"),
    (errno.EEXIST, "", 'prtos: cannot create cell "tiny": the driver '
                       "answered EEXIST (File exists): see 'dmesg'"),
    (errno.EEXIST, "a cell named 'tiny' exists already",
     "prtos: a cell named 'tiny' exists already\n"),
    (errno.EBUSY, "CPU 3 belongs to cell 'other'",
     "prtos: CPU 3 belongs to cell 'other'\n"),
    (errno.EBUSY, "memory 0x3b000000-0x3b0fffff overlaps cell \"other\"",
     'prtos: memory 0x3b000000-0x3b0fffff overlaps cell "other"\n'),
    (errno.ENOMEM, "", 'prtos: cannot create cell "tiny": the driver '
                       "answered ENOMEM (Cannot allocate memory): see "
                       "'dmesg'"),
    (errno.EPERM, "", 'prtos: cannot create cell "tiny": the driver '
                      "answered EPERM (Operation not permitted): see "
                      "'dmesg'"),
    (errno.ENOTTY, "", "prtos: the driver does not know this request: use "
                       "the prtos tool and prtos.ko from the same build"),
    (errno.EXDEV, "", 'prtos: cannot create cell "tiny": the driver '
                      "answered EXDEV (Invalid cross-device link): see "
                      "'dmesg'"),
])
def test_cell_create_errors(fake_driver, configs, err, reason, expected):
    r = run_fake(fake_driver, "cell", "create", configs["cell"],
                 FAKE_ERRNO=err, FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected)
    assert len(r.stderr.splitlines()) == 1


# --- cells: load -----------------------------------------------------------------

@pytest.fixture
def images(tmp_path):
    a = tmp_path / "a.bin"
    a.write_bytes(b"\xea\x00\x00\x00\xf0")
    b = tmp_path / "b.bin"
    b.write_bytes(bytes(range(16)))
    return a, b


def load_log(path):
    return [dict(kv.split("=", 1) for kv in line.split()[1:])
            for line in path.read_text().splitlines()]


def test_cell_load_several(fake_driver, images, tmp_path):
    a, b = images
    log = tmp_path / "log"
    r = run_fake(fake_driver, "cell", "load", "tiny", a,
                 "-s", "console=ttyS0", b, "-a", "0x200000",
                 "--string=x", "--address=8192", FAKE_LOG=log)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines() == [
        f'Loaded {a} (5 bytes) at 0xf0000 into cell "tiny"',
        'Loaded string "console=ttyS0" (14 bytes) at 0x1000 into cell '
        '"tiny"',
        f'Loaded {b} (16 bytes) at 0x200000 into cell "tiny"',
        'Loaded string "x" (2 bytes) at 0x2000 into cell "tiny"',
    ]
    assert load_log(log) == [
        {"id": "0", "name": "tiny", "reserved": "0", "address": "0xf0000",
         "size": "5", "data": "ea000000f0"},
        {"id": "0", "name": "tiny", "reserved": "0", "address": "0x1000",
         "size": "14", "data": b"console=ttyS0\0".hex()},
        {"id": "0", "name": "tiny", "reserved": "0", "address": "0x200000",
         "size": "16", "data": bytes(range(16)).hex()},
        {"id": "0", "name": "tiny", "reserved": "0", "address": "0x2000",
         "size": "2", "data": "7800"},
    ]


def test_cell_load_by_id_and_after_dashdash(fake_driver, images, tmp_path):
    a, _ = images
    odd = tmp_path / "-odd.bin"
    odd.write_bytes(b"\x90")
    log = tmp_path / "log"
    env = base_env()
    env.update(PRTOS_DEVICE="/dev/null", LD_PRELOAD=str(fake_driver[1]),
               FAKE_LOG=str(log))
    r = subprocess.run([str(fake_driver[0]), "cell", "load", "7", "-s", "",
                        "--", odd.name], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        'Loaded string "" (1 bytes) at 0x1000 into cell 7',
        "Loaded -odd.bin (1 bytes) at 0xf0000 into cell 7",
    ]
    assert [(e["id"], e["name"], e["data"]) for e in load_log(log)] == [
        ("7", "", "00"), ("7", "", "90")]


def test_cell_load_string_limit(fake_driver, tmp_path):
    log = tmp_path / "log"
    r = run_fake(fake_driver, "cell", "load", "tiny", "-s", "y" * 4095,
                 FAKE_LOG=log)
    assert r.returncode == 0, r.stderr
    assert load_log(log)[0]["size"] == "4096"


@pytest.mark.parametrize("make, expected", [
    (lambda d: d / "missing.bin",
     "prtos: cannot read {}: no such file: check the path\n"),
    (lambda d: d, "prtos: cannot read {}: it is a directory: give the image "
                  "file itself\n"),
    (lambda d: (d / "empty.bin").write_bytes(b"") or d / "empty.bin",
     "prtos: {} is empty: give the inmate's binary image\n"),
])
def test_cell_load_bad_image_loads_nothing(fake_driver, images, tmp_path,
                                           make, expected):
    """Every file is read before the first load: a typo loads nothing."""
    a, _ = images
    bad = make(tmp_path)
    log = tmp_path / "log"
    r = run_fake(fake_driver, "cell", "load", "tiny", a, bad, FAKE_LOG=log)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == expected.format(bad)
    assert not log.exists()


def test_cell_load_past_end_of_address_space(fake_driver, images, tmp_path):
    _, b = images
    r = run_fake(fake_driver, "cell", "load", "tiny", b, "-a",
                 "0xfffffffffffffff8")
    assert r.returncode == 1
    assert r.stderr == (f"prtos: {b} (16 bytes) at 0xfffffffffffffff8 runs "
                        "past the end of the address space: give a lower "
                        "address\n")


def test_cell_load_without_driver(prtos, images):
    r = run(prtos, "cell", "load", "tiny", images[0])
    assert r.returncode == 1
    assert "the prtos driver is not loaded" in r.stderr


# The reasons are the driver's own (driver/cell.c).
@pytest.mark.parametrize("err, reason, expected", [
    (errno.EBUSY, "cell is running.", "prtos: cell is running\n"),
    (errno.EBUSY, "cell 'tiny' is running: shut it down or destroy it first",
     "prtos: cell 'tiny' is running: shut it down or destroy it first\n"),
    (errno.EINVAL, "0x100000-0x100004 is not inside loadable memory of cell "
                   "'tiny'",
     "prtos: 0x100000-0x100004 is not inside loadable memory of cell "
     "'tiny'\n"),
    (errno.EFAULT, "", 'prtos: cannot load {} at 0xf0000 into cell "tiny": '
                       "the driver answered EFAULT (Bad address): see "
                       "'dmesg'"),
    (errno.ENOENT, "there is no cell named 'tiny'",
     "prtos: there is no cell named 'tiny'\n"),
    (errno.ENOENT, "", 'prtos: cannot load {} at 0xf0000 into cell "tiny": '
                       "the driver answered ENOENT"),
    (errno.ENODEV, "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' "
                   "first",
     "prtos: PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first\n"),
    (errno.EXDEV, "", "prtos: cannot load {} at 0xf0000 into cell \"tiny\":"
                      " the driver answered EXDEV"),
])
def test_cell_load_errors(fake_driver, images, err, reason, expected):
    a, _ = images
    r = run_fake(fake_driver, "cell", "load", "tiny", a, FAKE_ERRNO=err,
                 FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected.format(a))


def test_cell_load_stops_at_first_failure(fake_driver, images, tmp_path):
    a, b = images
    log = tmp_path / "log"
    r = run_fake(fake_driver, "cell", "load", "tiny", a, b, "-a", "0x500000",
                 "-s", "never", FAKE_LOG=log, FAKE_FAIL_AT=2,
                 FAKE_ERRNO=errno.EINVAL,
                 FAKE_REASON="0x500000-0x50000f is outside the loadable "
                             'memory of cell "tiny"')
    assert r.returncode == 1
    assert r.stdout == f'Loaded {a} (5 bytes) at 0xf0000 into cell "tiny"\n'
    assert r.stderr.startswith("prtos: 0x500000-0x50000f is outside")
    assert len(load_log(log)) == 2


# --- cells: start, shutdown, destroy -------------------------------------------------

def make_sysfs(d, cells, enabled="1"):
    """A fake /sys/devices/prtos: cells maps id to its attributes."""
    d.mkdir(parents=True, exist_ok=True)
    if enabled is not None:
        (d / "enabled").write_text(enabled + "\n")
    for cell_id, attrs in cells.items():
        c = d / "cells" / str(cell_id)
        c.mkdir(parents=True)
        for name, value in attrs.items():
            (c / name).write_text(value + "\n")
    return d


FAULT_KINDS = ["memory", "port", "msr", "ipi", "ipi_mode", "ioapic",
               "ioapic_dest", "apic_base", "undecodable", "triple_fault",
               "guest_state", "exit"]


def faults_text(restarts=0, window=0, **counts):
    """cells/ID/faults as the driver writes it."""
    return " ".join([f"restarts={restarts}", f"window_restarts={window}"] +
                    [f"{k}={counts.get(k, 0)}" for k in FAULT_KINDS])


ROOT_CELL = {"name": "linux-root", "state": "running",
             "cpus_assigned": "0-1", "cpus_failed": "",
             "faults": faults_text()}
TINY = {"name": "tiny", "state": "running", "cpus_assigned": "3",
        "cpus_failed": "",
        "faults": faults_text(2, 1, memory=3, ipi=1)}


@pytest.mark.parametrize("cmd, done", [("start", "started"),
                                       ("shutdown", "shut down"),
                                       ("destroy", "destroyed")])
def test_cell_commands(fake_driver, tmp_path, cmd, done):
    log = tmp_path / "log"
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL, 3: TINY})
    r = run_fake(fake_driver, "cell", cmd, "tiny", FAKE_LOG=log)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f'Cell "tiny" {done} (took ')
    took(r.stdout.rstrip("\n"))
    r = run_fake(fake_driver, "cell", cmd, "3", FAKE_LOG=log,
                 PRTOS_SYSFS=sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f'Cell "tiny" (id 3) {done} (took ')
    r = run_fake(fake_driver, "cell", cmd, "4", FAKE_LOG=log)
    assert r.stdout.startswith(f"Cell 4 {done} (took ")
    assert log.read_text().splitlines() == [
        f"{cmd} id=0 name=tiny reserved=0",
        f"{cmd} id=3 name= reserved=0",
        f"{cmd} id=4 name= reserved=0",
    ]


@pytest.mark.parametrize("cmd", ["start", "shutdown", "destroy"])
def test_cell_commands_refuse_root_cell_by_name(fake_driver, tmp_path, cmd):
    log = tmp_path / "log"
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL})
    r = run_fake(fake_driver, "cell", cmd, "linux-root", FAKE_LOG=log,
                 PRTOS_SYSFS=sysfs)
    usage_error(r, 'cell "linux-root" is the root cell (Linux itself): '
                   "name another cell", f"cell {cmd}")
    assert not log.exists()


# The reasons are the driver's own (driver/cell.c) or the hypervisor's.
@pytest.mark.parametrize("cmd, err, reason, expected", [
    ("shutdown", errno.EBUSY, "",
     'prtos: cannot shut down cell "tiny": the driver answered EBUSY (Device '
     "or resource busy): see 'dmesg'"),
    ("shutdown", errno.EBUSY,
     "cell refused the shutdown request (it is in a critical phase): try "
     "again later or use 'prtos cell destroy'",
     "prtos: cell refused the shutdown request (it is in a critical phase): "
     "try again later or use 'prtos cell destroy'\n"),
    ("shutdown", errno.ETIMEDOUT,
     "cell 'tiny' did not answer the shutdown request within 3 s: use "
     "'prtos cell destroy'",
     "prtos: cell 'tiny' did not answer the shutdown request within 3 s: "
     "use 'prtos cell destroy'\n"),
    ("shutdown", errno.EINVAL, "the hypervisor refused (error -22)",
     "prtos: the hypervisor refused (error -22)\n"),
    ("start", errno.EBUSY, "", 'prtos: cannot start cell "tiny": the driver '
                               "answered EBUSY (Device or resource busy): "
                               "see 'dmesg'"),
    ("start", errno.EIO, "CPU 3 did not come up",
     "prtos: CPU 3 did not come up\n"),
    ("destroy", errno.ENOENT, "there is no cell named 'tiny'",
     "prtos: there is no cell named 'tiny'\n"),
    ("start", errno.EINVAL, "nothing has been loaded into cell 'tiny': run "
                            "'prtos cell load' first",
     "prtos: nothing has been loaded into cell 'tiny': run 'prtos cell load' "
     "first\n"),
    ("destroy", errno.ENODEV, "PRTOS is not enabled: run 'prtos enable "
                              "SYSTEM.cell' first",
     "prtos: PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first\n"),
    ("destroy", errno.EACCES, "", 'prtos: cannot destroy cell "tiny": the '
                                  "driver answered EACCES (Permission "
                                  "denied): see 'dmesg'"),
    ("destroy", errno.EXDEV, "", 'prtos: cannot destroy cell "tiny": the '
                                 "driver answered EXDEV"),
])
def test_cell_command_errors(fake_driver, cmd, err, reason, expected):
    """Driver reasons, printed as they are, and the fallback without one;
    see also test_cell_reason_with_advice."""
    r = run_fake(fake_driver, "cell", cmd, "tiny", FAKE_ERRNO=err,
                 FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(expected)
    assert len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize("args, err, reason", [
    (["start", "tiny"], errno.EINVAL,
     "nothing has been loaded into cell 'tiny': run 'prtos cell load' first"),
    (["shutdown", "tiny"], errno.ETIMEDOUT,
     "cell 'tiny' did not answer the shutdown request within 3 s: use "
     "'prtos cell destroy'"),
    (["shutdown", "tiny"], errno.EBUSY,
     "cell 'tiny' refused the shutdown request (it is in a critical phase): "
     "try again later or use 'prtos cell destroy'"),
    (["load", "tiny", "-s", "x"], errno.EBUSY,
     "cell 'tiny' is running: shut it down or destroy it first"),
    (["create", "CELL"], errno.EINVAL,
     "PRTOS is not enabled: run 'prtos enable SYSTEM.cell' first"),
])
def test_cell_reason_with_advice(fake_driver, configs, args, err, reason):
    """A reason that already says what to do gets no second advice."""
    args = [configs["cell"] if a == "CELL" else a for a in args]
    r = run_fake(fake_driver, "cell", *args, FAKE_ERRNO=err,
                 FAKE_REASON=reason)
    assert r.returncode == 1
    assert r.stderr == f"prtos: {reason}\n"


@pytest.mark.parametrize("args", [["create", "CELL"], ["load", "3", "-s", ""],
                                  ["start", "tiny"], ["shutdown", "tiny"],
                                  ["destroy", "tiny"]])
def test_cell_request_not_enabled(fake_driver, configs, tmp_path, args):
    """Every cell request gets the driver's answer (driver/cell.c) to the
    user: what is wrong and what to do."""
    args = [configs["cell"] if a == "CELL" else a for a in args]
    sysfs = make_sysfs(tmp_path, {}, enabled="0")
    r = run_fake(fake_driver, "cell", *args, PRTOS_SYSFS=sysfs,
                 FAKE_ERRNO=errno.ENODEV,
                 FAKE_REASON="PRTOS is not enabled: run 'prtos enable "
                             "SYSTEM.cell' first")
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == ("prtos: PRTOS is not enabled: run 'prtos enable "
                        "SYSTEM.cell' first\n")


# --- cells: list and stats ---------------------------------------------------------

def test_cell_list(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path, {
        0: ROOT_CELL,
        10: {"name": "a-longer-name", "state": "shut down",
             "cpus_assigned": "4-5", "cpus_failed": "5"},
        2: {"name": "tiny", "state": "loadable", "cpus_assigned": "3",
            "cpus_failed": ""},
    })
    (sysfs / "cells" / "not-a-cell").mkdir()
    r = run(prtos, "cell", "list", PRTOS_SYSFS=sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "ID  NAME           STATE      CPUS  FAILED CPUS\n"
        "0   linux-root     running    0-1   -\n"
        "2   tiny           loadable   3     -\n"
        "10  a-longer-name  shut down  4-5   5\n")


def test_cell_list_empty(prtos, tmp_path):
    r = run(prtos, "cell", "list", PRTOS_SYSFS=make_sysfs(tmp_path, {}))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "ID  NAME  STATE  CPUS  FAILED CPUS\n"


def test_cell_list_missing_attribute(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path, {1: {"name": "odd"}})
    r = run(prtos, "cell", "list", PRTOS_SYSFS=sysfs)
    assert r.stdout.splitlines()[1].split() == ["1", "odd", "?", "?", "?"]


@pytest.mark.parametrize("cmd", [["list"], ["stats", "tiny"]])
def test_cell_sysfs_not_enabled(prtos, tmp_path, cmd):
    r = run(prtos, "cell", *cmd, PRTOS_SYSFS=make_sysfs(tmp_path, {}, "0"))
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == ("prtos: PRTOS is not enabled, so there are no "
                        "cells: run 'prtos enable SYSTEM.cell' first\n")


@pytest.mark.parametrize("cmd", [["list"], ["stats", "tiny"]])
def test_cell_sysfs_no_driver(prtos, cmd):
    r = run(prtos, "cell", *cmd)
    assert r.returncode == 1
    assert r.stderr == ("prtos: the prtos driver is not loaded: run "
                        "'modprobe prtos' (or insmod driver/prtos.ko)\n")


STATS_LINE = ("cpu {cpu} vmexits_total={t} hypercall={h} cpuid=0 msr=0 pio=2 "
              "xapic={x} mmio=0 violation=0 management=1 other=0")


def stats_text(rows):
    return "".join(STATS_LINE.format(**r) + "\n" for r in rows)


@pytest.fixture
def stats_sysfs(tmp_path):
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL, 3: TINY})
    (sysfs / "cells/3/statistics").write_text(stats_text([
        dict(cpu=2, t=123, h=4, x=116), dict(cpu=3, t=45678, h=0, x=45675)]))
    (sysfs / "cells/0/statistics").write_text(
        "cpu 0 vmexits_total=9 other=9\n\ncpu 1 vmexits_total=1 other=1\n")
    return sysfs


@pytest.mark.parametrize("cell, label", [("tiny", '"tiny" (id 3)'),
                                         ("3", '"tiny" (id 3)')])
def test_cell_stats(prtos, stats_sysfs, cell, label):
    r = run(prtos, "cell", "stats", cell, PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        f"Cell {label}: VM exits since the cell was created\n"
        "COUNTER        CPU 2  CPU 3  TOTAL\n"
        "vmexits_total    123  45678  45801\n"
        "hypercall          4      0      4\n"
        "cpuid              0      0      0\n"
        "msr                0      0      0\n"
        "pio                2      2      4\n"
        "xapic            116  45675  45791\n"
        "mmio               0      0      0\n"
        "violation          0      0      0\n"
        "management         1      1      2\n"
        "other              0      0      0\n"
        "Health monitor: 2 restarts (1 in the current window); "
        "faults: memory=3 ipi=1\n")


def test_cell_stats_root_cell(prtos, stats_sysfs):
    r = run(prtos, "cell", "stats", "0", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1:] == [
        "COUNTER        CPU 0  CPU 1  TOTAL",
        "vmexits_total      9      1     10",
        "other              9      1     10",
        "Health monitor: 0 restarts (0 in the current window); no faults",
    ]


@pytest.mark.parametrize("text", ["restarts", "restarts=x", "memory=-1",
                                  "restarts=1 memory"])
def test_cell_stats_malformed_faults(prtos, stats_sysfs, text):
    (stats_sysfs / "cells/3/faults").write_text(text + "\n")
    r = run(prtos, "cell", "stats", "tiny", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stderr == ('prtos: cannot understand the fault counts of cell '
                        '"tiny" (id 3): use the prtos tool and prtos.ko '
                        'from the same build\n')
    (stats_sysfs / "cells/3/faults").unlink()
    r = run(prtos, "cell", "stats", "tiny", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stderr.startswith('prtos: cannot read the fault counts of cell '
                               '"tiny" (id 3) (No such file or directory)')


@pytest.mark.parametrize("cell, expected", [
    ("nosuch", "prtos: there is no cell named \"nosuch\": run 'prtos cell "
               "list' to see the cells\n"),
    ("42", "prtos: there is no cell with id 42: run 'prtos cell list' to "
           "see the cells\n"),
])
def test_cell_stats_unknown_cell(prtos, stats_sysfs, cell, expected):
    r = run(prtos, "cell", "stats", cell, PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stderr == expected


@pytest.mark.parametrize("text, line", [
    ("cpu 2 vmexits_total=1\nbogus\n", 2),
    ("cpu x vmexits_total=1\n", 1),
    ("cpu 2 vmexits_total=-1\n", 1),
    ("cpu 2 vmexits_total\n", 1),
    ("cpu 2 vmexits_total=12abc\n", 1),
])
def test_cell_stats_malformed(prtos, stats_sysfs, text, line):
    (stats_sysfs / "cells/3/statistics").write_text(text)
    r = run(prtos, "cell", "stats", "tiny", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stderr == (f"prtos: cannot understand line {line} of the "
                        'statistics of cell "tiny" (id 3): use the prtos '
                        "tool and prtos.ko from the same build\n")


def test_cell_stats_missing_file(prtos, stats_sysfs):
    (stats_sysfs / "cells/3/statistics").unlink()
    r = run(prtos, "cell", "stats", "tiny", PRTOS_SYSFS=stats_sysfs)
    assert r.returncode == 1
    assert r.stderr.startswith('prtos: cannot read the statistics of cell '
                               '"tiny" (id 3) (')
    assert r.stderr.endswith("use the prtos tool and prtos.ko from the same "
                             "build\n")


def test_cell_stats_watch(prtos, stats_sysfs):
    """Two readings: first from a FIFO, so the test knows when it happened,
    then from the regular file renamed over it meanwhile."""
    stats = stats_sysfs / "cells/3/statistics"
    later = stats_sysfs / "statistics.later"
    later.write_text(stats_text([dict(cpu=2, t=1100, h=50, x=1050),
                                 dict(cpu=3, t=0, h=0, x=0)]))
    stats.unlink()
    os.mkfifo(stats)
    env = base_env()
    env["PRTOS_SYSFS"] = str(stats_sysfs)
    proc = subprocess.Popen([str(prtos), "cell", "stats", "tiny",
                             "--watch=0.5"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Opening blocks until the tool opens it for its first reading.
        with open(stats, "w") as f:
            f.write(stats_text([dict(cpu=2, t=100, h=0, x=100),
                                dict(cpu=3, t=0, h=0, x=0)]))
        os.rename(later, stats)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, err
    lines = out.splitlines()
    seconds = float(lines[0].split("over ")[1].split(" s")[0])
    assert lines[0] == (f'Cell "tiny" (id 3): VM exits per second over '
                        f"{seconds:.1f} s")
    assert 0.4 <= seconds < 5
    assert lines[1].split() == ["COUNTER", "CPU", "2", "CPU", "3", "TOTAL"]
    rows = {line.split()[0]: [float(v) for v in line.split()[1:]]
            for line in lines[2:]}
    assert rows["vmexits_total"][1] == 0
    assert rows["vmexits_total"][0] == rows["vmexits_total"][2]
    assert 1000 / 5 < rows["vmexits_total"][0] <= 1000 / 0.45
    assert rows["hypercall"][0] == pytest.approx(
        rows["vmexits_total"][0] / 20, abs=0.1)
    assert rows["cpuid"] == [0, 0, 0]


# --- hm log -----------------------------------------------------------------

HM_EVENT = struct.Struct("<QQQQ32sIHBBII")
HM_LOG_LEN = 48


def hm_log_blob(events, total=None):
    """sysfs hm_log: struct prtos_hm_log with @events, oldest first."""
    blob = struct.pack("<QII", len(events) if total is None else total,
                       len(events), 0)
    for e in events:
        blob += HM_EVENT.pack(e["seq"], e["ns"], e["address"], e["rip"],
                              e["cell"].encode(), e["id"], e["cpu"],
                              e["kind"], e["action"], e["restarts"], 0)
    return blob + bytes(HM_EVENT.size * (HM_LOG_LEN - len(events)))


HM_EVENTS = [
    dict(seq=5, ns=41208633000, address=0x3f000000, rip=0xf01a3,
         cell="fault-restart-demo", id=2, cpu=3, kind=0, action=2,
         restarts=1),
    dict(seq=6, ns=41241904000, address=0x3f000000, rip=0xf01a3,
         cell="fault-restart-demo", id=2, cpu=3, kind=0, action=1,
         restarts=1),
    dict(seq=7, ns=50000000000, address=0x3, rip=0xffffffff81000000,
         cell="linux-root", id=0, cpu=0, kind=3, action=0, restarts=0),
]


def test_hm_log(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL})
    (sysfs / "hm_log").write_bytes(hm_log_blob(HM_EVENTS, total=7))
    r = run(prtos, "hm", "log", PRTOS_SYSFS=sysfs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "Health monitor: 7 fault events since 'prtos enable', the oldest 4 "
        "no longer kept",
        "SEQ  TIME (s)   CELL                CPU  FAULT   ACTION       "
        "ADDRESS     RIP",
        "5    41.208633  fault-restart-demo  3    memory  restart (1)  "
        "0x3f000000  0xf01a3",
        "6    41.241904  fault-restart-demo  3    memory  stop         "
        "0x3f000000  0xf01a3",
        "7    50.000000  linux-root          0    ipi     contained    "
        "0x3         0xffffffff81000000",
    ]
    doc = json.loads(run(prtos, "hm", "log", "--json",
                         PRTOS_SYSFS=sysfs).stdout)
    assert doc["events"] == 7 and doc["dropped"] == 4
    assert [(e["seq"], e["cell"], e["fault"], e["action"], e["restarts"])
            for e in doc["log"]] == [
        (5, "fault-restart-demo", "memory", "restart", 1),
        (6, "fault-restart-demo", "memory", "stop", 1),
        (7, "linux-root", "ipi", "contained", 0)]
    assert doc["log"][0]["address"] == 0x3f000000
    assert doc["log"][2]["rip"] == 0xffffffff81000000


def test_hm_log_empty_and_wrong(prtos, tmp_path):
    sysfs = make_sysfs(tmp_path / "sysfs", {0: ROOT_CELL})
    (sysfs / "hm_log").write_bytes(hm_log_blob([]))
    r = run(prtos, "hm", "log", PRTOS_SYSFS=sysfs)
    assert (r.returncode, r.stdout) == (
        0, "Health monitor: 0 fault events since 'prtos enable'\n")
    (sysfs / "hm_log").write_bytes(hm_log_blob([])[:-1])
    r = run(prtos, "hm", "log", PRTOS_SYSFS=sysfs)
    assert r.returncode == 1
    assert r.stderr == (f"prtos: {sysfs}/hm_log has 3855 bytes, not the 3856 "
                        "of this tool's log format: use the prtos tool and "
                        "prtos.ko from the same build\n")
    (sysfs / "hm_log").unlink()
    r = run(prtos, "hm", "log", PRTOS_SYSFS=sysfs)
    assert r.returncode == 1
    assert r.stderr.startswith(f"prtos: cannot read {sysfs}/hm_log: ")
    (sysfs / "enabled").write_text("0\n")
    r = run(prtos, "hm", "log", PRTOS_SYSFS=sysfs)
    assert r.returncode == 1 and "PRTOS is not enabled" in r.stderr
