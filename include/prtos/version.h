/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Release and ABI versions. The ABI version covers every header in this
 * directory: bump it whenever a structure, hypercall or ioctl changes, so
 * that a mismatched driver, hypervisor or tool refuses to work together
 * rather than misreading each other.
 */
#ifndef _PRTOS_VERSION_H
#define _PRTOS_VERSION_H

#define PRTOS_VERSION	  "0.1.0"
#define PRTOS_ABI_VERSION 1

#endif
