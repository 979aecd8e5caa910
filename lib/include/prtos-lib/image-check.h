/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of the hypervisor image's header (include/prtos/image.h)
 * before the driver copies the image and enters it.
 */
#ifndef _PRTOS_LIB_IMAGE_CHECK_H
#define _PRTOS_LIB_IMAGE_CHECK_H

#include <prtos-lib/compat.h>

/* Most CPUs and largest per-CPU area an image may declare. */
#define PRTOS_IMAGE_MAX_CPUS   1024
#define PRTOS_IMAGE_MAX_PERCPU (16ULL << 20)
/* Pages the driver needs beyond the image and its per-CPU areas. */
#define PRTOS_IMAGE_SPARE_PAGES 16

int prtos_check_image(const void *image, size_t size, __u64 hv_mem_size,
		      const char *name, char *reason, size_t reason_len);

#endif
