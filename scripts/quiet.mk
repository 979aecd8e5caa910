# SPDX-License-Identifier: GPL-2.0
#
# Kbuild-style output for PRTOS's own Makefiles: one short line per step,
# like "  CC      hypervisor/setup.o", and every command in full with
# "make V=1". Warnings and errors always show. A Makefile includes this,
# sets QUIET_DIR to its directory as seen from the top ("hypervisor/"),
# starts a recipe with $(call quiet,WHAT,$@) and puts $(Q) before each
# command.

ifeq ($(V),1)
Q :=
quiet =
else
Q := @
quiet = @printf '  %-7s %s\n' '$(1)' '$(QUIET_DIR)$(2)'
MAKEFLAGS += --no-print-directory
endif
