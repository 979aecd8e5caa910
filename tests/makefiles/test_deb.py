# SPDX-License-Identifier: GPL-2.0
"""make deb builds the Debian packages with Debian's tools and leaves the
tree as git has it; each package holds what it should where it should;
lintian finds nothing but the explained overrides; the packages install
into an empty root; and dkms builds prtos.ko from the installed sources,
which proves that the DKMS tree is complete."""
import os
import pathlib
import re
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DEBDIR = REPO / "build/deb"
ENV = {**os.environ, "LC_ALL": "C"}


def run(*args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, env=ENV,
                       timeout=600, **kw)
    assert r.returncode == 0, f"{args}: {r.stdout}{r.stderr}"
    return r.stdout


def version():
    text = (REPO / "include/prtos/version.h").read_text()
    return re.search(r'#define PRTOS_VERSION\s+"(.*)"', text).group(1)


def git_status():
    r = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"],
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


@pytest.fixture(scope="session")
def debs():
    before = git_status()
    run("make", "-C", str(REPO), "deb")
    assert git_status() == before, "make deb changed the source tree"
    v = version()
    found = {p.name.split("_")[0]: p for p in DEBDIR.glob(f"*_{v}_*.deb")}
    assert {"prtos", "prtos-dkms", "libprtos-port-dev"} <= set(found), found
    return found


def contents(deb):
    # "-rw-r--r-- root/root 123 2026-01-01 00:00 ./usr/sbin/prtos"
    return {line.split()[5].removeprefix(".")
            for line in run("dpkg-deb", "-c", str(deb)).splitlines()}


def field(deb, name):
    return run("dpkg-deb", "-f", str(deb), name).strip()


def test_prtos_holds_the_tool_firmware_configs_and_inmates(debs):
    files = contents(debs["prtos"])
    for f in ["/usr/sbin/prtos", "/lib/firmware/prtos.bin",
              "/usr/share/prtos/configs/qemu-q35.c",
              "/usr/share/prtos/configs/qemu-q35.cell",
              "/usr/share/prtos/configs/cyclic-demo.cell",
              "/usr/share/prtos/inmates/cyclic-demo.bin",
              "/usr/share/prtos/inmates/ipc-demo.bin",
              "/usr/share/doc/prtos/copyright",
              "/usr/share/doc/prtos/prtos-command.md.gz",
              "/usr/share/man/man8/prtos.8.gz",
              "/usr/share/man/man5/prtos-config.5.gz",
              "/usr/share/bash-completion/completions/prtos"]:
        assert f in files, f"{f} not in prtos: {sorted(files)}"
    # the module comes from prtos-dkms, the development files from -dev
    assert not [f for f in files if f.endswith(".ko") or
                f.startswith(("/usr/include/", "/usr/src/"))]
    assert field(debs["prtos"], "Architecture") == "amd64"
    assert "prtos-dkms" in field(debs["prtos"], "Recommends")


def test_prtos_dkms_holds_the_module_source_and_dkms_conf(debs):
    deb = debs["prtos-dkms"]
    src = f"/usr/src/prtos-{version()}"
    files = contents(deb)
    for f in ["dkms.conf", "Kbuild", "driver/Kbuild", "driver/main.c",
              "driver/trampoline.S", "lib/config-check.c",
              "lib/include/prtos-lib/config-check.h",
              "include/prtos/version.h"]:
        assert f"{src}/{f}" in files, f"{src}/{f} not in prtos-dkms"
    # only what the driver needs: no tests, no tool, no hypervisor
    assert not [f for f in files if f.startswith(src) and
                re.search(r"/(tests|tools|hypervisor)/|\.ko$|\.o$", f)]
    assert field(deb, "Architecture") == "all"
    assert re.search(r"\bdkms\b", field(deb, "Depends"))
    conf = run("sh", "-c", f"dpkg-deb --fsys-tarfile {deb} | "
               f"tar -xO .{src}/dkms.conf")
    assert f'PACKAGE_VERSION="{version()}"' in conf
    assert 'PACKAGE_NAME="prtos"' in conf
    kbuild = run("sh", "-c", f"dpkg-deb --fsys-tarfile {deb} | "
                 f"tar -xO .{src}/Kbuild")
    assert "driver/" in kbuild and "tests" not in kbuild
    # dh_dkms's scripts: dkms add/build/install, and remove
    ctrl = run("dpkg-deb", "-I", str(deb), "postinst") + \
        run("dpkg-deb", "-I", str(deb), "prerm")
    assert "/usr/lib/dkms/common.postinst" in ctrl
    assert "dkms remove" in ctrl


def test_libprtos_port_dev_holds_headers_library_and_example(debs):
    files = contents(debs["libprtos-port-dev"])
    for f in ["/usr/include/prtos/port.h", "/usr/include/prtos/ioctl.h",
              "/usr/include/prtos-lib/channel.h",
              "/usr/lib/x86_64-linux-gnu/libprtos-port.a",
              "/usr/lib/x86_64-linux-gnu/pkgconfig/prtos-port.pc",
              "/usr/share/doc/libprtos-port-dev/examples/port-echo.c"]:
        assert f in files, f"{f} not in libprtos-port-dev: {sorted(files)}"


def overrides():
    """The tags of debian/*.lintian-overrides, each checked to follow a
    comment that gives its reason."""
    tags = set()
    for p in (REPO / "debian").glob("*.lintian-overrides"):
        prev = ""
        for line in p.read_text().splitlines():
            if line and not line.startswith("#"):
                assert prev.startswith("#"), f"{p.name}: no reason: {line}"
                tags.add(line.split()[1])
            prev = line
    return tags


def test_lintian_finds_nothing_but_the_explained_overrides(debs):
    changes = next(DEBDIR.glob(f"prtos_{version()}_*.changes"))
    r = subprocess.run(["lintian", "--show-overrides", str(changes)],
                       capture_output=True, text=True, env=ENV, timeout=300)
    tags = [line for line in r.stdout.splitlines()
            if re.match(r"[EWIPXO]: ", line)]
    assert not [t for t in tags if t.startswith(("E:", "W:"))], r.stdout
    # every override is still needed
    used = {t.split()[2] for t in tags if t.startswith("O:")}
    assert used == overrides(), r.stdout


@pytest.fixture(scope="session")
def root(debs, tmp_path_factory):
    """The packages installed into an empty root with a dpkg database of its
    own. --unpack runs no maintainer script (none has a preinst), so nothing
    runs chrooted into a root without a shell. prtos and libprtos-port-dev
    have no scripts and are configured; prtos-dkms stays unpacked, as its
    postinst would run dkms on this machine's kernels (its dependency on
    dkms is forced for the same reason): the dkms test below does its build
    in temporary trees instead."""
    r = tmp_path_factory.mktemp("root")
    for d in ["var/lib/dpkg/info", "var/lib/dpkg/updates"]:
        (r / d).mkdir(parents=True)
    (r / "var/lib/dpkg/status").touch()
    dpkg = ["dpkg", f"--root={r}", f"--log={r}/dpkg.log", "--force-not-root"]
    run(*dpkg, "--force-depends", "--unpack",
        *(str(debs[p]) for p in ["prtos", "prtos-dkms", "libprtos-port-dev"]))
    run(*dpkg, "--configure", "prtos", "libprtos-port-dev")
    return r


def test_the_packages_install_into_an_empty_root(root):
    status = run("dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W",
                 "-f", "${Package} ${db:Status-Abbrev}\n")
    assert sorted(status.split("\n")[:-1]) == [
        "libprtos-port-dev ii ", "prtos ii ", "prtos-dkms iU "], status
    for f in ["usr/sbin/prtos", "lib/firmware/prtos.bin",
              "usr/share/prtos/configs/qemu-q35.cell",
              f"usr/src/prtos-{version()}/dkms.conf",
              "usr/include/prtos/port.h"]:
        assert (root / f).is_file(), f
    assert os.access(root / "usr/sbin/prtos", os.X_OK)
    r = subprocess.run([str(root / "usr/sbin/prtos"), "--help"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "usage" in r.stdout.lower(), r.stdout


def kernel():
    """The kernel the driver is built against, when its headers are here."""
    ko = REPO / "driver/prtos.ko"
    if not ko.exists():
        pytest.skip("driver/prtos.ko is not built: run 'make'")
    kver = run("modinfo", "-F", "vermagic", str(ko)).split()[0]
    if not pathlib.Path(f"/lib/modules/{kver}/build").is_dir():
        pytest.skip(f"no kernel headers for {kver}")
    return kver


def test_dkms_builds_the_module_from_the_installed_source(root, tmp_path):
    kver = kernel()
    (tmp_path / "dkms").mkdir()
    # dkms signs what it builds; the key it makes goes here, not into
    # /var/lib/dkms (framework.conf's variables, taken from the environment)
    env = {**ENV, "mok_signing_key": str(tmp_path / "mok.key"),
           "mok_certificate": str(tmp_path / "mok.pub")}
    r = subprocess.run(
        ["dkms", "build", "-m", "prtos", "-v", version(), "-k", kver,
         "--sourcetree", str(root / "usr/src"),
         "--dkmstree", str(tmp_path / "dkms")],
        capture_output=True, text=True, env=env, timeout=300)
    log = list(tmp_path.glob("dkms/prtos/*/build/make.log"))
    assert r.returncode == 0, r.stdout + r.stderr + \
        (log[0].read_text() if log else "")
    # prtos.ko, or prtos.ko.xz where the kernel compresses its modules
    ko = list(tmp_path.glob(
        f"dkms/prtos/{version()}/{kver}/x86_64/module/prtos.ko*"))
    assert ko, r.stdout
    assert run("modinfo", "-F", "vermagic", str(ko[0])).split()[0] == kver
