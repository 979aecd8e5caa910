/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constants shared by the start-up assembly and C: the guest-physical
 * layout of an inmate, the GDT selectors and the per-CPU stacks.
 *
 *   0x00000000  real-mode area (unused)
 *   0x00001000  parameter string (PRTOS_INMATE_CMDLINE_GPA), 4 KiB
 *   0x000f0000  image: start-up code (the SIPI vector 0xf0 enters here)
 *   0x000ffff0  reset stub (the reset vector), end of the first 64 KiB
 *   0x00100000  code, read-only data, data, BSS (page tables, stacks)
 *   0x00200000  end of the smallest cell's RAM: the image must end here
 *   0x80000000  comm region (one page, only in a cell)
 *   0xfee00000  local APIC (the 3-4 GiB range is mapped uncached)
 */
#ifndef _INMATE_LAYOUT_H
#define _INMATE_LAYOUT_H

#define INMATE_BASE	  0xf0000
#define INMATE_RESET_STUB 0xffff0
#define INMATE_MAIN_BASE  0x100000
#define INMATE_RAM_END	  0x200000

#define GDT_CODE32	  0x08
#define GDT_DATA	  0x10
#define GDT_CODE64	  0x18

#define SMP_MAX_CPUS	  8
#define SMP_STACK_SIZE	  0x4000

#endif
