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

all: hypervisor driver configs tools inmates

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

clean:
	$(MAKE) -C hypervisor clean
	$(MAKE) -C tools clean
	$(MAKE) -C inmates clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
	test ! -d "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f configs/x86/*.cell tests/configs/*.cell lib/*.o lib/.*.cmd

.PHONY: all hypervisor driver tools inmates configs deps unit-test check-format \
	vm-test fuzz-check fuzz test demo bench soak clean
