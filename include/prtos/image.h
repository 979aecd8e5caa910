/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of the hypervisor image (prtos.bin) as the driver loads it.
 *
 * The image is copied to the start of the hypervisor memory named in the
 * system configuration and begins with struct prtos_hv_header. Behind the
 * image's core (text, data, bss) come the per-CPU areas and then the page
 * pool. The driver fills the "driver" part of the header, builds the
 * initial page tables at the start of the pool and enters on every CPU;
 * the hypervisor writes its verdict into the "hypervisor" part, where the
 * driver can still read it if the hypervisor refused to start.
 */
#ifndef _PRTOS_IMAGE_H
#define _PRTOS_IMAGE_H

#include <prtos/types.h>

#define PRTOS_HV_MAGIC	 "PRTOS-HV"
#define PRTOS_REASON_LEN 160
#define PRTOS_PAGE_SIZE	 4096

/* Segment register as SVM stores it (and as the driver hands it over). */
struct prtos_segment {
	__u16 selector;
	__u16 attrib;
	__u32 limit;
	__u64 base;
} __attribute__((packed));

/**
 * struct prtos_linux_cpu - Linux's state on one CPU at the moment of entry
 *
 * Captured by the driver so that the hypervisor can resume Linux as a
 * guest exactly where it left off. FS, GS, TR, LDTR and the syscall MSRs
 * are not listed: the hypervisor never touches them, so they stay live.
 */
struct prtos_linux_cpu {
	__u64 cr0, cr3, cr4, efer, pat, dr7;
	struct prtos_segment cs, ss, ds, es;
	__u64 gdtr_base, idtr_base;
	__u32 gdtr_limit, idtr_limit;
	__u32 apic_id;
	__u32 reserved;
} __attribute__((packed));

struct prtos_hv_header {
	/*
	 * Written at build time. Addresses are virtual, in the image's own
	 * address space; subtract @link_address for an offset into the image.
	 */
	char magic[8];
	__u32 abi_version;
	__u32 header_size;
	__u64 link_address; /* where the image starts */
	__u64 entry;	    /* entry point */
	__u64 core_end;	    /* end of text, data and bss, 64 KiB aligned */
	__u64 percpu_size;  /* size of one per-CPU area, behind core_end */
	__u32 max_cpus;
	__u32 reserved0;
	__u64 linux_cpus;   /* struct prtos_linux_cpu[max_cpus] */
	__u64 console_ring; /* struct prtos_console_ring */
	char version[32];

	/* Filled by the driver before entry. */
	__u64 phys_base;
	__u64 mem_size;
	__u64 config_offset; /* system config copied into the pool */
	__u64 config_size;
	__u64 pool_offset;     /* first page of the page pool */
	__u32 pool_used_pages; /* taken by the driver (config, page tables) */
	__u32 online_cpus;
	__u64 host_cr3;	  /* physical address of the initial tables */
	__u64 leave_stub; /* driver's way back to Linux (virtual) */
	__u64 resume_rip; /* where Linux continues as a guest */
	__u32 tsc_khz;
	__u32 reserved1;

	/* Filled by the hypervisor. */
	__s32 error;
	__u32 entered_cpus;
	char reason[PRTOS_REASON_LEN];
} __attribute__((packed));

#endif
