# SPDX-License-Identifier: GPL-2.0
"""The documentation cannot fall behind the code that prints messages.

Every sentence the configuration validator (lib/config-check.c,
lib/channel-check.c) can report appears in Documentation/configuration.md;
every message of the prtos command (tools/*.c), of the driver (driver/*.c,
lib/image-check.c) and of the hypervisor's start-up and management calls
appears in Documentation/troubleshooting.md (the tool's also may appear in
Documentation/prtos-command.md). The message formats are taken from the C
sources: the string literals passed to the functions that report them.
A printf conversion (%s, %u, %#llx, ...) matches any placeholder the
documentation writes in its place (N, 0xADDR, NAME, or an example value).

The manual page prtos-config(5) is set from configuration.md by the
Makefile (go-md2man); it must be the generated one, render without
warnings and carry every validator sentence too.

Run with: /usr/bin/python3 -m pytest tests/tool/test_config_doc.py
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "Documentation"
CONFIG_DOC = DOC / "configuration.md"
TROUBLE_DOC = DOC / "troubleshooting.md"
COMMAND_DOC = DOC / "prtos-command.md"
MAN_PAGE = ROOT / "build/man/prtos-config.5"

# One C string literal, and a run of them that the compiler concatenates
# (macros between them are expanded by literal_text()).
STRING = r'"(?:[^"\\\n]|\\.)*"'
CONVERSION = re.compile(
    r"%(?:%|[-#0 +']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?"
    r"[diouxXcsp])")


def c_source(path):
    """The file without comments (strings kept)."""
    text = path.read_text()
    out, i = [], 0
    while i < len(text):
        if text.startswith("/*", i):
            i = text.index("*/", i) + 2
        elif text.startswith("//", i):
            i = text.index("\n", i)
        elif text[i] in "\"'":
            m = re.compile(r"%s(?:[^%s\\\n]|\\.)*%s" % ((text[i],) * 3)
                           ).match(text, i)
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def string_macros():
    """#define NAME "..." of the headers the messages use."""
    macros = {}
    for h in [*ROOT.glob("tools/*.h"), *ROOT.glob("include/prtos/*.h")]:
        for m in re.finditer(r"^#define\s+(\w+)\s+((?:%s\s*)+)$" % STRING,
                             c_source(h).replace("\\\n", " "), re.M):
            macros[m.group(1)] = m.group(2)
    return macros


# The release changes; the documentation writes it as a placeholder.
MACROS = {k: v for k, v in string_macros().items() if k != "PRTOS_VERSION"}
# What a macro or expression the documentation cannot spell stands for.
WILDCARD = "\0"


def unescape(lit):
    return (lit[1:-1].replace('\\"', '"').replace("\\n", "\n")
            .replace("\\t", "\t").replace("\\\\", "\\"))


def literal_text(expr):
    """The text of an argument made of string literals and string macros,
    or None when the argument is not one (a variable, a call)."""
    parts, pos, expr = [], 0, expr.strip()
    token = re.compile(r"\s*(?:(%s)|(TO_STRING\(\w+\))|(\w+))" % STRING)
    while pos < len(expr):
        m = token.match(expr, pos)
        if not m:
            return None
        if m.group(1):
            parts.append(unescape(m.group(1)))
        elif m.group(2):
            parts.append(WILDCARD)
        elif m.group(3) in MACROS:
            parts.append(literal_text(MACROS[m.group(3)]))
        elif m.group(3).isupper() and parts:
            parts.append(WILDCARD)  # PRTOS_VERSION, a number
        else:
            return None
        pos = m.end()
    return "".join(parts) if parts else None


def call_args(src, start):
    """The top-level arguments of the call whose '(' is at @start."""
    depth, args, cur, i = 0, [], [], start
    while True:
        c = src[i]
        if c == '"':
            m = re.compile(STRING).match(src, i)
            cur.append(m.group(0))
            i = m.end()
            continue
        if c == "'":
            m = re.compile(r"'(?:[^'\\]|\\.)*'").match(src, i)
            cur.append(m.group(0))
            i = m.end()
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur))
                return args
        elif c == "," and depth == 1:
            args.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1


def sentences_in(arg):
    """Literal sentences inside an argument that is an expression, such as
    'cond ? "one sentence" : "another"' (short words are left out)."""
    out = []
    for m in re.finditer(r"%s(?:\s*(?:%s|[A-Z][A-Z0-9_]*\b))*" %
                         (STRING, STRING), arg):
        text = literal_text(m.group(0))
        if text and len(text.split()) >= 4:
            out.append(text)
    return out


def messages(paths, func, index, where=None):
    """(file, format) of every call func(...) whose argument @index is a
    message; @where filters on the arguments (e.g. the destination)."""
    found = []
    for path in paths:
        src = c_source(path)
        for m in re.finditer(r"\b%s\s*\(" % func, src):
            if src[:m.start()].rstrip().endswith(("int", "long", "*")):
                continue  # the definition or a prototype
            args = call_args(src, m.end() - 1)
            if where and not where(args) or len(args) <= index:
                continue
            text = literal_text(args[index])
            if text is not None:
                found.append((path.name, text))
            for extra in args[index + 1:] if text is not None else []:
                found += [(path.name, s) for s in sentences_in(extra)]
    return found


def pattern(fmt):
    """A regex that finds @fmt in Markdown, placeholders for conversions."""
    out = []
    for piece in re.split(r"(%s|\0)" % CONVERSION.pattern, fmt.strip()):
        if piece == "%%":
            out.append("%")
        elif piece == WILDCARD or CONVERSION.fullmatch(piece or "-"):
            # %s may be empty ("%srevision"); numbers never are
            out.append(r"[^`\n]*?" if piece in ("%s", WILDCARD)
                       else r"[^`\s]+?")
        elif piece:
            out.append(r"\s+".join(re.escape(w) for w in piece.split()))
            if piece[0].isspace():
                out.insert(-1, r"\s+")
            if piece[-1].isspace() and piece.strip():
                out.append(r"\s+")
    return "".join(out)


def doc_text(path):
    # a | inside a table cell is written \|
    return path.read_text().replace("\\|", "|")


def missing(formats, *docs, excluded=()):
    texts = [doc_text(d) for d in docs]
    return sorted({f"{name}: {fmt.strip()!r}" for name, fmt in formats
                   if fmt.strip() not in excluded
                   and not any(re.search(pattern(fmt), t) for t in texts)})


# -- the validator ---------------------------------------------------------

VALIDATOR = [ROOT / "lib/config-check.c", ROOT / "lib/channel-check.c"]


def validator_messages():
    # cfg_fail(c, err, FORMAT, ...): the one way the validator reports
    formats = messages(VALIDATOR, "cfg_fail", 2)
    # the names of array entries that sentences start with ("memory region
    # %u", "port %u channel name") and what check_name_field() advises
    formats += messages(VALIDATOR, "prtos_snprintf", 2,
                        where=lambda a: a[0].strip() == "what")
    formats += messages(VALIDATOR, "check_name_field", 2)
    return formats


def test_the_validator_has_the_expected_number_of_messages():
    formats = messages(VALIDATOR, "cfg_fail", 2)
    # a cfg_fail() the extraction missed would go unchecked
    calls = sum(len(re.findall(r"\bcfg_fail\s*\(", c_source(p)))
                for p in VALIDATOR) - 1  # its definition
    assert len(formats) == calls, formats
    assert len(formats) > 70


def test_every_validator_message_is_in_configuration_md():
    gaps = missing(validator_messages(), CONFIG_DOC)
    assert not gaps, ("Documentation/configuration.md lacks these validator "
                      "messages:\n  " + "\n  ".join(gaps))


# -- the prtos command -----------------------------------------------------

TOOLS = sorted(ROOT.glob("tools/*.c"))

# Formats that say nothing by themselves: the whole sentence comes from
# elsewhere, and that sentence is checked where it is made.
TOOL_EXCLUDED = {
    # report_refusal(): the driver's or the hypervisor's reason, verbatim
    # (their sentences are checked below)
    "prtos: %s",
    # prtos_port_strerror()'s sentence (tools/libprtos/port.c)
    "prtos: channel '%s': %s",
    "prtos: cannot write channel '%s': %s",
    # parse_one_arg()'s caller passes the sentence ("missing FILE (...)"),
    # which is extracted from the call
    "%s",
}


def tool_messages():
    # every error starts with "prtos: "; the sentences among the other
    # arguments (file_error_text(err, "it is a directory: ...")) too count
    formats = messages(TOOLS, "fprintf", 1,
                       where=lambda a: a[0].strip() == "stderr")
    # wrong command lines: "prtos COMMAND: FORMAT", usage, hint
    formats += messages(TOOLS, "usage_error", 1)
    formats += messages(TOOLS, "parse_one_arg", 3)
    # the problem-and-fix halves of "cannot read FILE: ..." and of invalid
    # configurations the tool recognises itself
    formats += messages(TOOLS, "file_error_text", 1)
    formats += messages(TOOLS, "file_error_text", 2)
    formats += messages([ROOT / "tools/config-file.c"], "snprintf", 2,
                        where=lambda a: a[0].strip() == "reason")
    for path in (ROOT / "tools/files.c", ROOT / "tools/config-file.c"):
        for m in re.finditer(r"\breturn\s+((?:%s\s*)+);" % STRING,
                             c_source(path)):
            formats.append((path.name, literal_text(m.group(1))))
    return formats


def test_every_tool_message_is_documented():
    formats = tool_messages()
    assert len(formats) > 80
    gaps = missing(formats, TROUBLE_DOC, COMMAND_DOC,
                   excluded=TOOL_EXCLUDED)
    assert not gaps, ("Documentation/troubleshooting.md (or "
                      "prtos-command.md) lacks these messages of the prtos "
                      "command:\n  " + "\n  ".join(gaps))


# -- the driver and the hypervisor -----------------------------------------

DRIVER = sorted(ROOT.glob("driver/*.c"))

DRIVER_EXCLUDED = {
    # the kernel-log copy of a reason that is itself checked
    "prtos: %s",
    "prtos: enabling failed: %s",
    # hypervisor console lines copied into the kernel log
    "prtos: %s%s",
    # prtos_cells_busy(): the names of the cells, between two checked parts
    " %s",
    # the hypervisor's reason, copied
    "%s",
}


def reason_arg(args):
    return args[0].strip().startswith(("reason", "buf", "cpu->reason"))


def driver_messages():
    formats = messages(DRIVER, "prtos_fail", 2)
    formats += messages(DRIVER, "snprintf", 2, where=reason_arg)
    formats += messages(DRIVER, "scnprintf", 2, where=reason_arg)
    formats += messages(DRIVER, "pr_err", 0)
    formats += messages([ROOT / "lib/image-check.c"], "prtos_snprintf", 2,
                        where=reason_arg)
    return formats


HYPERVISOR = sorted(ROOT.glob("hypervisor/**/*.c"))


def hypervisor_messages():
    return (messages(HYPERVISOR, "hc_fail", 2)
            + messages(HYPERVISOR, "setup_fail", 1))


def test_every_driver_message_is_in_troubleshooting_md():
    formats = driver_messages()
    assert len(formats) > 40
    gaps = missing(formats, TROUBLE_DOC, excluded=DRIVER_EXCLUDED)
    assert not gaps, ("Documentation/troubleshooting.md lacks these "
                      "messages of the driver:\n  " + "\n  ".join(gaps))


def test_every_hypervisor_reason_is_in_troubleshooting_md():
    formats = hypervisor_messages()
    assert len(formats) > 25
    gaps = missing(formats, TROUBLE_DOC)
    assert not gaps, ("Documentation/troubleshooting.md lacks these "
                      "reasons of the hypervisor:\n  " + "\n  ".join(gaps))


def test_the_extraction_finds_what_it_should():
    # a guard against a regex that silently matches nothing
    assert ("config-check.c", "cell name is empty") in validator_messages()
    tool = tool_messages()
    assert ("device.c", "prtos: the prtos driver is not loaded: run "
            "'modprobe prtos' (or insmod driver/prtos.ko)\n") in tool
    assert any(f.startswith("prtos: the driver does not know this request")
               and WILDCARD in f for _, f in tool)
    assert ("files.c", "no such file: check the path") in tool
    assert re.search(pattern("port %u (channel '%s') at 0x%llx"),
                     "port 0 (channel 'x') at 0x1000")
    assert re.search(pattern("%srevision %u is"), "revision 1 is")
    assert not re.search(pattern("ports %u and %u"), "ports N and")


# -- the manual page prtos-config(5) ----------------------------------------

def generate_page(out):
    r = subprocess.run(["make", "-s", "-C", str(ROOT), f"MAN_BUILD={out}",
                        f"{out}/prtos-config.5"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return out / "prtos-config.5"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    assert shutil.which("go-md2man"), \
        "go-md2man missing: run scripts/install-deps"
    return generate_page(tmp_path_factory.mktemp("man"))


def render(page, device, *extra):
    return subprocess.run(["groff", "-man", f"-T{device}", "-ww", *extra,
                           str(page)],
                          capture_output=True, text=True,
                          env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def test_the_built_page_is_the_generated_one(page):
    assert MAN_PAGE.exists(), "build/man/prtos-config.5 missing: run 'make'"
    assert MAN_PAGE.read_text() == page.read_text()


def test_the_page_renders_without_warnings(page):
    r = render(page, "utf8")
    assert r.returncode == 0 and not r.stderr, r.stderr
    text = re.sub(r".\x08", "", r.stdout).replace("\u2010", "-")
    assert text.startswith("PRTOS-CONFIG(5)")
    for section in ("NAME", "DESCRIPTION", "READING THE MESSAGES",
                    "SYSTEM CONFIGURATION: struct prtos_system",
                    "MEMORY REGIONS: struct prtos_memory",
                    "CHANNELS: struct prtos_channel", "SEE ALSO"):
        assert f"\n{section}\n" in text, section
    assert "prtos-config - PRTOS configuration format" in text
    # the tables became lists of fields
    assert re.search(r"\n {7}phys_start\n {14}host-physical start", text)


def test_the_page_has_every_validator_message(page):
    # without hyphenation; a line may still break after a '-'
    r = render(page, "ascii", "-rHY=0")
    assert r.returncode == 0 and not r.stderr, r.stderr
    text = re.sub(r"-\n\s+", "-", re.sub(r".\x08", "", r.stdout))
    gaps = sorted({fmt for _, fmt in validator_messages()
                   if not re.search(pattern(fmt), text)})
    assert not gaps, "prtos-config(5) lacks:\n  " + "\n  ".join(gaps)
