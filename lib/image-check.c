// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor image's header: what the driver relies on before it
 * copies the image into the hypervisor's memory and jumps to its entry.
 * Every offset must lie inside the image's core, every count must be
 * small enough that no sum or product below can wrap, and the core with
 * its per-CPU areas must fit the memory the configuration gives.
 */
#include <prtos-lib/fmt.h>
#include <prtos-lib/image-check.h>
#include <prtos/console.h>
#include <prtos/image.h>
#include <prtos/version.h>

/* Whether [@offset, @offset + @len) lies within [0, @limit). */
static bool inside(__u64 offset, __u64 len, __u64 limit)
{
	return offset < limit && len <= limit - offset;
}

/**
 * prtos_check_image() - can the driver load and enter this image?
 * @image: the image file's bytes
 * @size: its length
 * @hv_mem_size: bytes of hypervisor memory in the configuration
 * @name: the file's name, for the reason
 * @reason: receives one sentence on failure
 * @reason_len: its size
 *
 * Return: 0; -ENOEXEC for a file that is not a usable image of this ABI;
 * -ENOMEM if the image does not fit @hv_mem_size.
 */
int prtos_check_image(const void *image, size_t size, __u64 hv_mem_size,
		      const char *name, char *reason, size_t reason_len)
{
	const struct prtos_hv_header *h = image;
	__u64 core, percpu, need;

	if (size < sizeof(*h) ||
	    memcmp(h->magic, PRTOS_HV_MAGIC, sizeof(h->magic))) {
		prtos_snprintf(reason, reason_len,
			       "%s is not a PRTOS hypervisor image", name);
		return -ENOEXEC;
	}
	if (h->abi_version != PRTOS_ABI_VERSION ||
	    h->header_size != sizeof(*h)) {
		prtos_snprintf(
			reason, reason_len,
			"%s has ABI %u but this driver speaks ABI %u: install matching driver and firmware",
			name, h->abi_version, PRTOS_ABI_VERSION);
		return -ENOEXEC;
	}
	core = h->core_end - h->link_address;
	if (h->core_end < h->link_address || core < size || h->max_cpus == 0 ||
	    h->max_cpus > PRTOS_IMAGE_MAX_CPUS || h->percpu_size == 0 ||
	    h->percpu_size > PRTOS_IMAGE_MAX_PERCPU ||
	    h->percpu_size % PRTOS_PAGE_SIZE || h->entry < h->link_address ||
	    h->entry - h->link_address >= size ||
	    h->linux_cpus < h->link_address ||
	    !inside(h->linux_cpus - h->link_address,
		    (__u64)h->max_cpus * sizeof(struct prtos_linux_cpu),
		    core) ||
	    h->console_ring < h->link_address ||
	    !inside(h->console_ring - h->link_address,
		    sizeof(struct prtos_console_ring), core)) {
		prtos_snprintf(reason, reason_len,
			       "%s has an inconsistent header", name);
		return -ENOEXEC;
	}
	/* both factors are bounded above: the product cannot wrap */
	percpu = (__u64)h->max_cpus * h->percpu_size;
	need = percpu + PRTOS_IMAGE_SPARE_PAGES * PRTOS_PAGE_SIZE;
	if (core > hv_mem_size || need > hv_mem_size - core) {
		prtos_snprintf(
			reason, reason_len,
			"hypervisor memory (%llu KiB) too small for the image (needs more than %llu KiB)",
			(unsigned long long)(hv_mem_size >> 10),
			(unsigned long long)((core >> 10) + (percpu >> 10)));
		return -ENOMEM;
	}
	return 0;
}
