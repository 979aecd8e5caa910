// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the check of the hypervisor image's header
 * (lib/image-check.c) that the driver runs before it copies the image
 * into the hypervisor's memory and jumps to its entry. The first 8 bytes
 * are the hypervisor memory size of the configuration, the rest is the
 * image file. An accepted image must really keep its promises, checked
 * here again in 128-bit arithmetic, where nothing wraps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <prtos-lib/image-check.h>
#include <prtos/console.h>
#include <prtos/image.h>

typedef unsigned __int128 u128;

static void keeps_promises(const struct prtos_hv_header *h, size_t size,
			   uint64_t mem)
{
	u128 link = h->link_address, core = (u128)h->core_end - link;

	if (h->core_end < h->link_address || core < size)
		abort();
	if (h->entry < link || h->entry - link >= size)
		abort();
	if (h->linux_cpus < link ||
	    h->linux_cpus - link +
			    (u128)h->max_cpus * sizeof(struct prtos_linux_cpu) >
		    core)
		abort();
	if (h->console_ring < link ||
	    h->console_ring - link + sizeof(struct prtos_console_ring) > core)
		abort();
	if (core + (u128)h->max_cpus * h->percpu_size +
		    PRTOS_IMAGE_SPARE_PAGES * PRTOS_PAGE_SIZE >
	    mem)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t size)
{
	char reason[PRTOS_REASON_LEN];
	uint64_t mem;
	void *image;

	if (size < 8)
		return 0;
	memcpy(&mem, d, 8);
	image = malloc(size - 8 ? size - 8 : 1);
	if (!image)
		return 0;
	memcpy(image, d + 8, size - 8);
	reason[0] = '\0';
	if (!prtos_check_image(image, size - 8, mem, "prtos.bin", reason,
			       sizeof(reason)))
		keeps_promises(image, size - 8, mem);
	else if (!reason[0] || !memchr(reason, '\0', sizeof(reason)))
		abort();
	free(image);
	return 0;
}
