// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the channel readers of lib/channel.c, which an inmate and
 * a Linux program run on memory that another cell writes. The input gives
 * a geometry (kind, readers, message size, depth), a well-formed channel
 * of that geometry is laid out, and then everything its other ends own
 * (the writer's section; for a queue, the reader's acknowledgements too)
 * is overwritten with the rest of the input, as a hostile peer would.
 * Opening, reading, receiving and peeking must stay inside the mapping
 * (AddressSanitizer sees every byte past it) and report sane lengths.
 * With the first byte's top bit set, the header itself is the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <prtos-lib/channel.h>

static __u32 pick(const uint8_t *d, size_t size, size_t at, __u32 mod)
{
	return at < size ? d[at] % mod : 0;
}

static void read_all(struct prtos_chan *ch, __u64 now)
{
	static uint8_t buf[PRTOS_CHANNEL_MAX_MESSAGE];
	struct prtos_chan_info info;
	const void *msg;
	int n, i;

	for (i = 0; i < 8; i++) {
		memset(&info, 0, sizeof(info));
		if (ch->kind == PRTOS_CHANNEL_SAMPLING)
			n = prtos_chan_read(ch, buf, sizeof(buf), now, &info);
		else if (i & 1)
			n = prtos_chan_receive(ch, buf, 17, now, &info);
		else if ((n = prtos_chan_peek(ch, &msg, now, &info)) >= 0) {
			/* the message must lie inside the channel */
			volatile uint8_t sink = 0;
			for (int k = 0; k < n; k++)
				sink ^= ((const uint8_t *)msg)[k];
			(void)sink;
			prtos_chan_release(ch);
		}
		if (n > (int)ch->max_message_size)
			abort();
		now += 1000;
	}
	prtos_chan_pending(ch);
	prtos_chan_peer_armed(ch);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t size)
{
	static const __u32 sizes[] = { 1, 8, 64, 100, 4096, 5000 };
	struct prtos_channel cfg;
	struct prtos_chan ch;
	__u64 total, header;
	uint8_t *mem;
	unsigned int r;

	if (size < 4)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "fuzz");
	cfg.kind = d[0] & 1 ? PRTOS_CHANNEL_QUEUING : PRTOS_CHANNEL_SAMPLING;
	cfg.num_readers =
		cfg.kind == PRTOS_CHANNEL_QUEUING
			? 1
			: 1 + pick(d, size, 1, PRTOS_CHANNEL_MAX_READERS);
	cfg.max_message_size = sizes[pick(d, size, 2, 6)];
	cfg.depth = cfg.kind == PRTOS_CHANNEL_QUEUING ? 1 + pick(d, size, 3, 16)
						      : 0;
	cfg.refresh_ns = d[3] & 0x80 ? 1000000 : 0;
	if (prtos_channel_check(&cfg))
		return 0;
	total = prtos_channel_size(&cfg);
	mem = aligned_alloc(PRTOS_CHANNEL_PAGE, total);
	if (!mem)
		return 0;
	if (prtos_channel_format(mem, &cfg, 1000000)) {
		free(mem);
		return 0;
	}
	/* what a peer may write: all but the header page */
	header = d[0] & 0x80 ? 0 : PRTOS_CHANNEL_PAGE;
	if (size > 4)
		memcpy(mem + header, d + 4,
		       size - 4 < total - header ? size - 4 : total - header);
	for (r = 0; r < cfg.num_readers; r++)
		if (!prtos_chan_open(&ch, mem, total,
				     PRTOS_CHANNEL_END_READER(r)))
			read_all(&ch, 5000000);
	free(mem);
	return 0;
}
