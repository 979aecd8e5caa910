// SPDX-License-Identifier: GPL-2.0
/*
 * The console ring: the hypervisor appends, the root reads what is new
 * since its last position. Byte n lives at buf[n % PRTOS_CONSOLE_SIZE], as
 * the ABI header fixes; the size field only says whether the ring was set
 * up, so a corrupted one can never steer a reader out of the buffer.
 */
#include <prtos-lib/console-ring.h>

#define RING_SIZE PRTOS_CONSOLE_SIZE

/* Keeps the compiler from moving the buffer writes past the head update. */
#define ring_barrier() __asm__ __volatile__("" : : : "memory")

/**
 * console_ring_init() - set up an empty ring
 * @r:	the ring
 */
void console_ring_init(struct prtos_console_ring *r)
{
	r->head = 0;
	r->size = RING_SIZE;
	r->reserved = 0;
	memset(r->buf, 0, sizeof(r->buf));
}

/**
 * console_ring_is_valid() - whether a ring looks initialised
 * @r:	the ring, or a snapshot of it
 *
 * console_ring_read() copes with any contents; this tells a reader whether
 * the result is worth showing or needs a warning.
 *
 * Return: true if the size field matches this ABI's ring size.
 */
bool console_ring_is_valid(const struct prtos_console_ring *r)
{
	return r->size == RING_SIZE;
}

/* Copies @len bytes starting at ring position @pos; @len <= RING_SIZE. */
static void copy_in(struct prtos_console_ring *r, __u64 pos, const char *s,
		    size_t len)
{
	size_t off = pos % RING_SIZE;
	size_t first = RING_SIZE - off;

	if (first > len)
		first = len;
	memcpy(r->buf + off, s, first);
	memcpy(r->buf, s + first, len - first);
}

/**
 * console_ring_write() - append bytes to the ring
 * @r:		the ring
 * @s:		the bytes (not NUL-terminated)
 * @len:	how many
 *
 * When @len exceeds the ring only its last part is kept, as if written
 * byte by byte. The bytes land before the head moves, so a reader that
 * samples the head first never sees unwritten bytes as new. Writers must
 * be serialised by the caller.
 */
void console_ring_write(struct prtos_console_ring *r, const char *s, size_t len)
{
	__u64 head = r->head;

	if (len > RING_SIZE) {
		head += len - RING_SIZE;
		s += len - RING_SIZE;
		len = RING_SIZE;
	}
	if (!len)
		return;
	copy_in(r, head, s, len);
	ring_barrier();
	*(volatile __u64 *)&r->head = head + len;
}

/**
 * console_ring_read() - copy out the bytes written since a position
 * @r:		the ring, or a snapshot of it; its contents are not trusted
 * @pos:	in: count of the first byte wanted; out: count after the last
 *		byte copied
 * @out:	where to copy
 * @out_size:	room in @out
 * @lost:	if not NULL, set to how many bytes from *@pos on the ring has
 *		already overwritten (they are skipped)
 *
 * A *@pos beyond the head is taken to be the head (nothing new; the ring
 * was reset or the position is wrong). The head is read once, so a ring
 * that keeps changing underneath cannot make the bounds inconsistent.
 *
 * Return: the number of bytes copied.
 */
size_t console_ring_read(const struct prtos_console_ring *r, __u64 *pos,
			 char *out, size_t out_size, __u64 *lost)
{
	__u64 head = *(const volatile __u64 *)&r->head;
	__u64 oldest = head > RING_SIZE ? head - RING_SIZE : 0;
	__u64 start = *pos;
	size_t count, off, first;

	if (start > head)
		start = head;
	if (lost)
		*lost = start < oldest ? oldest - start : 0;
	if (start < oldest)
		start = oldest;

	count = head - start < out_size ? head - start : out_size;
	*pos = start + count;
	if (!count)
		return 0;

	off = start % RING_SIZE;
	first = RING_SIZE - off;
	if (first > count)
		first = count;
	memcpy(out, r->buf + off, first);
	memcpy(out + first, r->buf, count - first);
	return count;
}
