# SPDX-License-Identifier: GPL-2.0
#
# PRTOS top-level build. 'make' builds everything; 'make test' and
# 'make demo' first install what is missing (Debian packages, as root).

# The kernel the VM boots, and the headers the driver is built against.
KVER = $(shell ls /boot/vmlinuz-*-amd64 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
KDIR = /lib/modules/$(KVER)/build
PYTHON := /usr/bin/python3
CC := gcc
QUIET_DIR :=
include scripts/quiet.mk

CONFIGS := $(patsubst %.c,%.cell,$(wildcard configs/x86/*.c))
TEST_CONFIGS := $(patsubst %.c,%.cell,$(wildcard tests/configs/*.c))

all: hypervisor driver configs tools inmates man

hypervisor:
	$(Q)$(MAKE) -C hypervisor

driver:
	@test -d "$(KDIR)" || { echo "no kernel headers in '$(KDIR)': run 'make deps'"; exit 1; }
	$(Q)$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(Q)$(MAKE) -C tools

inmates:
	$(Q)$(MAKE) -C inmates

configs: $(CONFIGS) $(TEST_CONFIGS)

# A configuration is C data; its object's .rodata is the binary format.
%.cell: %.c include/prtos/config.h
	$(call quiet,CFG,$@)
	$(Q)$(CC) -c -O1 -Wall -Werror -D__PRTOS_FREESTANDING__ -Iinclude \
		-fno-pic -fno-common -o $*.cfg.o $<
	$(Q)objcopy -O binary -j .rodata $*.cfg.o $@
	$(Q)rm -f $*.cfg.o

# Manual pages set from the Markdown documents, their one source
# (scripts/md2man-prep, then go-md2man); prtos(8) is made in tools/.
MAN_BUILD ?= build/man
MAN_PAGES := $(MAN_BUILD)/prtos-config.5

man: $(MAN_PAGES)

$(MAN_BUILD)/prtos-config.5: Documentation/configuration.md scripts/md2man-prep \
		include/prtos/version.h
	@command -v go-md2man >/dev/null || \
		{ echo "go-md2man is missing: run 'make deps'"; exit 1; }
	$(call quiet,MAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)printf '%% PRTOS-CONFIG 5 "" "PRTOS $(VERSION)"\n\n' > $@.md
	$(Q)scripts/md2man-prep --name prtos-config $< >> $@.md
	$(Q)go-md2man -in $@.md -out $@.tmp && mv $@.tmp $@ && rm -f $@.md

deps:
	scripts/install-deps

unit-test:
	$(Q)$(MAKE) -C tests/unit run

# Every C file as .clang-format says; 'scripts/check-format --fix' fixes.
check-format:
	scripts/check-format

vm-test:
	$(PYTHON) -m pytest -v tests/vm tests/tool tests/makefiles

# Replay the fuzz corpus and fuzz each parser briefly; 'make fuzz' for long.
fuzz-check:
	$(Q)$(MAKE) -C tests/fuzz check

fuzz: deps
	$(Q)$(MAKE) -C tests/fuzz fuzz

# Each step in its own make so that variables read the installed system.
test: deps
	$(MAKE) check-format
	$(MAKE) all
	$(MAKE) unit-test
	$(MAKE) fuzz-check
	$(MAKE) vm-test

demo: deps
	$(MAKE) all
	scripts/demo

bench: deps
	$(MAKE) all
	scripts/bench

# The long versions of the stress tests (hours, not minutes).
soak: deps
	$(MAKE) all
	PRTOS_SOAK=1 $(PYTHON) -m pytest -v tests/vm/test_handover.py -k stress

# Installation on the machine PRTOS is to run on (or into DESTDIR, for a
# package). The module and the firmware go where modprobe and
# request_firmware look, whatever the prefix; the rest under prefix. The
# library and its .pc go to libdir (Debian's is /usr/lib/<multiarch>).
prefix ?= /usr/local
libdir ?= $(prefix)/lib
DESTDIR ?=
VERSION := $(shell sed -n 's/^\#define PRTOS_VERSION[ \t]*"\(.*\)"/\1/p' \
	include/prtos/version.h)
MODDIR = $(DESTDIR)/lib/modules/$(KVER)/updates
FWDIR = $(DESTDIR)/lib/firmware
SHAREDIR = $(DESTDIR)$(prefix)/share/prtos
INCDIR = $(DESTDIR)$(prefix)/include
LIBDIR = $(DESTDIR)$(libdir)
MANDIR = $(DESTDIR)$(prefix)/share/man
COMPLETIONDIR = $(DESTDIR)$(prefix)/share/bash-completion/completions
ABI_HEADERS := $(wildcard include/prtos/*.h) tools/libprtos/include/prtos/port.h
LIB_HEADERS := $(addprefix lib/include/prtos-lib/,channel.h compat.h string.h)
DEMO_INMATES := $(wildcard inmates/demos/x86/*.bin)
EXAMPLES := tools/libprtos/examples/port-echo.c

# Fails, naming the first missing file, unless all of $(1) are built.
need_built = @for f in $(1); do \
		test -f $$f || { echo "$$f is not built: run 'make' first"; exit 1; }; \
	done

# install-module: the prebuilt driver; install-files: all the rest (what a
# package whose module DKMS builds ships). install checks both sets first,
# so that a tree missing any part installs nothing.
MODULE_PARTS := driver/prtos.ko
FILE_PARTS = hypervisor/prtos.bin tools/prtos tools/prtos.8 $(MAN_PAGES) \
	tools/libprtos/libprtos-port.a \
	$(CONFIGS) $(DEMO_INMATES)

install:
	$(call need_built,$(MODULE_PARTS) $(FILE_PARTS))
	$(Q)$(MAKE) install-module install-files

install-module:
	$(call need_built,$(MODULE_PARTS))
	$(call quiet,INSTALL,module into $(or $(DESTDIR),/))
	$(Q)install -D -m 644 driver/prtos.ko $(MODDIR)/prtos.ko
	$(Q)$(if $(DESTDIR),,depmod -a $(KVER))

install-files:
	$(call need_built,$(FILE_PARTS))
	$(call quiet,INSTALL,into $(or $(DESTDIR),/) (prefix $(prefix)))
	$(Q)install -D -m 644 hypervisor/prtos.bin $(FWDIR)/prtos.bin
	$(Q)install -D -m 755 tools/prtos $(DESTDIR)$(prefix)/sbin/prtos
	$(Q)install -D -m 644 tools/prtos.8 $(MANDIR)/man8/prtos.8
	$(Q)install -D -m 644 $(MAN_BUILD)/prtos-config.5 \
		$(MANDIR)/man5/prtos-config.5
	$(Q)install -D -m 644 tools/completion/prtos $(COMPLETIONDIR)/prtos
	$(Q)install -d $(SHAREDIR)/configs $(SHAREDIR)/inmates \
		$(INCDIR)/prtos $(INCDIR)/prtos-lib $(LIBDIR)/pkgconfig \
		$(DESTDIR)$(prefix)/share/doc/prtos/examples
	$(Q)install -m 644 $(CONFIGS) $(CONFIGS:.cell=.c) $(SHAREDIR)/configs
	$(Q)install -m 644 $(DEMO_INMATES) $(SHAREDIR)/inmates
	$(Q)install -m 644 $(ABI_HEADERS) $(INCDIR)/prtos
	$(Q)install -m 644 $(LIB_HEADERS) $(INCDIR)/prtos-lib
	$(Q)install -m 644 tools/libprtos/libprtos-port.a $(LIBDIR)
	$(Q)sed -e 's|@prefix@|$(prefix)|' -e 's|@libdir@|$(libdir)|' \
		-e 's|@version@|$(VERSION)|' tools/libprtos/prtos-port.pc.in \
		> $(LIBDIR)/pkgconfig/prtos-port.pc
	$(Q)install -m 644 $(EXAMPLES) $(DESTDIR)$(prefix)/share/doc/prtos/examples

# The driver's sources as DKMS wants them, in /usr/src/prtos-VERSION (where
# dkms looks, whatever the prefix): driver/, the lib/ sources driver/Kbuild
# names and every header they may include, dkms.conf with the version, and
# a Kbuild that builds driver/ only. 'dkms install prtos/VERSION' then
# builds and installs the module for a kernel; do not 'make install-module'
# as well, or two prtos.ko compete in updates/.
DKMSDIR = $(DESTDIR)/usr/src/prtos-$(VERSION)
DKMS_DRIVER_SRCS := $(filter-out %.mod.c,$(wildcard driver/*.[chS]))
DKMS_LIB_SRCS := $(patsubst ../%.o,%.c,$(filter ../lib/%.o,$(file <driver/Kbuild)))

install-dkms:
	$(call quiet,INSTALL,driver sources into $(DKMSDIR))
	$(Q)install -d $(DKMSDIR)/driver $(DKMSDIR)/lib/include/prtos-lib \
		$(DKMSDIR)/include/prtos
	$(Q)install -m 644 driver/Kbuild $(DKMS_DRIVER_SRCS) $(DKMSDIR)/driver
	$(Q)install -m 644 $(DKMS_LIB_SRCS) $(wildcard lib/*.h) $(DKMSDIR)/lib
	$(Q)install -m 644 $(wildcard lib/include/prtos-lib/*.h) $(DKMSDIR)/lib/include/prtos-lib
	$(Q)install -m 644 $(wildcard include/prtos/*.h) $(DKMSDIR)/include/prtos
	$(Q)printf '# SPDX-License-Identifier: GPL-2.0\nobj-m := driver/\n' > $(DKMSDIR)/Kbuild
	$(Q)sed 's|#MODULE_VERSION#|$(VERSION)|' dkms.conf > $(DKMSDIR)/dkms.conf

# Debian packages (debian/), built by dpkg-buildpackage in a copy of the
# sources, since a package build cleans the tree it builds in and writes
# into debian/: this tree keeps its build and stays as git has it. The copy
# holds the files git tracks or would track (any tree but a git checkout
# is copied whole, less build/). The packages and the source package land
# in DEBDIR; the build's output goes to DEBDIR/build.log.
DEBDIR := build/deb
DEBSRC = $(DEBDIR)/prtos-$(VERSION)

deb:
	@command -v dh >/dev/null || { echo "make deb needs debhelper:" \
		"run 'make deps'"; exit 1; }
	@v=$$(dpkg-parsechangelog -S Version) && test "$$v" = "$(VERSION)" || { \
		echo "debian/changelog is at $$v but include/prtos/version.h at" \
			"$(VERSION): add an entry, e.g. 'dch -v $(VERSION)'"; exit 1; }
	$(call quiet,DEB,$(DEBDIR))
	$(Q)rm -rf $(DEBDIR) && mkdir -p $(DEBSRC)
	$(Q)if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			tar -c --null -T - --ignore-failed-read -f -; \
	else tar -c --exclude=./build --exclude=./.git -f - .; fi | tar -x -C $(DEBSRC)
	$(Q)cd $(DEBSRC) && dpkg-buildpackage -us -uc -J$$(nproc) \
		> ../build.log 2>&1 || { tail -n 30 ../build.log; \
		echo "make deb failed: see $(DEBDIR)/build.log"; exit 1; }
	$(Q)rm -rf $(DEBSRC)
	@ls $(DEBDIR)/*.deb | sed 's/^/  /'

# Removes exactly what install wrote, and the directories it made empty.
uninstall:
	$(call quiet,UNINST,from $(or $(DESTDIR),/) (prefix $(prefix)))
	$(Q)rm -f $(MODDIR)/prtos.ko $(FWDIR)/prtos.bin $(DESTDIR)$(prefix)/sbin/prtos \
		$(MANDIR)/man8/prtos.8 $(MANDIR)/man5/prtos-config.5 \
		$(COMPLETIONDIR)/prtos \
		$(LIBDIR)/libprtos-port.a $(LIBDIR)/pkgconfig/prtos-port.pc
	$(Q)rm -f $(addprefix $(SHAREDIR)/configs/,$(notdir $(CONFIGS) $(CONFIGS:.cell=.c))) \
		$(addprefix $(SHAREDIR)/inmates/,$(notdir $(DEMO_INMATES))) \
		$(addprefix $(INCDIR)/prtos/,$(notdir $(ABI_HEADERS))) \
		$(addprefix $(INCDIR)/prtos-lib/,$(notdir $(LIB_HEADERS))) \
		$(addprefix $(DESTDIR)$(prefix)/share/doc/prtos/examples/,$(notdir $(EXAMPLES)))
	$(Q)rmdir $(SHAREDIR)/configs $(SHAREDIR)/inmates $(SHAREDIR) \
		$(INCDIR)/prtos $(INCDIR)/prtos-lib \
		$(DESTDIR)$(prefix)/share/doc/prtos/examples \
		$(DESTDIR)$(prefix)/share/doc/prtos 2>/dev/null || true
	$(Q)$(if $(DESTDIR),,depmod -a $(KVER))

clean:
	$(MAKE) -C hypervisor clean
	$(MAKE) -C tools clean
	$(MAKE) -C inmates clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
	test ! -d "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f configs/x86/*.cell tests/configs/*.cell lib/*.o lib/.*.cmd
	rm -rf $(DEBDIR)
	rm -f $(MAN_PAGES)

.PHONY: all hypervisor driver tools inmates configs man deps unit-test \
	check-format vm-test fuzz-check fuzz test demo bench soak install \
	install-module install-files install-dkms deb uninstall clean
