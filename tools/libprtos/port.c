// SPDX-License-Identifier: GPL-2.0
/*
 * libprtos-port: the root's ports for Linux programs (<prtos/port.h>).
 * Opening finds the channel in the driver's sysfs directory, maps
 * /dev/prtos-channel/NAME whole (the driver makes only the root's own
 * section writable) and checks the header with the cells' channel code;
 * everything after that is that code on the mapping, with the TSC for a
 * clock. The environment may move the driver's directories, as for the
 * prtos command: PRTOS_SYSFS and PRTOS_CHANNEL_DEV.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <prtos/port.h>

/* Where the driver's channel devices are. */
#define CHANNEL_DEV_DIR "/dev/prtos-channel"

/*
 * A wait without a doorbell from the peer (none configured for the root,
 * or a writer that does not ring) still sees a message this soon.
 */
#define WAIT_SLICE_MS 100

/*
 * Errors of prtos_port_open() that mean something particular here; any
 * other is the system's.
 */
#define ERR_NO_DRIVER	  ENODEV
#define ERR_NO_CHANNEL	  ENOENT
#define ERR_NOT_AN_END	  ENXIO
#define ERR_BAD_HEADER	  EPROTO
#define ERR_NO_PERMISSION EACCES

static const struct {
	int err;
	const char *text;
} errors[] = {
	{ ERR_NO_DRIVER,
	  "PRTOS is not running: load the driver and enable it (modprobe prtos; prtos enable SYSTEM.cell)" },
	{ ERR_NO_CHANNEL,
	  "no such channel in the system configuration ('prtos channel list' shows them)" },
	{ ERR_NOT_AN_END,
	  "the root cell is not an end of this channel: give the root a port on it in the system configuration" },
	{ ERR_BAD_HEADER,
	  "the channel has no valid header: is PRTOS enabled with the configuration this program expects?" },
	{ ERR_NO_PERMISSION,
	  "no permission to open the channel's device: run as root or grant access with a udev rule (KERNEL==\"prtos-channel-NAME\")" },
	{ EPERM,
	  "the root's end of the channel cannot do that: the writer writes, a reader reads" },
	{ ENOSPC,
	  "the channel is full: its reader has not taken the queued messages; the overflow is counted" },
	{ E2BIG, "message too long for the channel" },
	{ EAGAIN, "no message queued" },
	{ ETIMEDOUT, "timed out waiting for the port" },
	{ EINVAL,
	  "not an operation of this channel's kind (sampling: write and read; queuing: send and receive)" },
};

static const char *env_or(const char *name, const char *fallback)
{
	const char *p = getenv(name);

	return p && *p ? p : fallback;
}

/* The first line of the driver's sysfs attribute @attr, NUL-terminated. */
static int read_attr(const char *attr, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s",
		 env_or("PRTOS_SYSFS", PRTOS_SYSFS), attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static __u64 now(void)
{
	return __builtin_ia32_rdtsc();
}

/**
 * prtos_port_open() - open the root's port on a channel
 * @p: filled in
 * @channel: the channel's name, as the system configuration declares it
 *
 * Maps the whole channel and checks its header; a program may use any
 * number of ports. Close with prtos_port_close().
 *
 * Return: 0, or a negative errno that prtos_port_strerror() explains:
 * -ENODEV (PRTOS not running), -ENOENT (no such channel), -ENXIO (the root
 * is not an end of it), -EACCES (permissions), -EPROTO (no valid header),
 * -ENAMETOOLONG, or what open(), ioctl() and mmap() said.
 */
int prtos_port_open(struct prtos_user_port *p, const char *channel)
{
	char path[512], attr[64 + PRTOS_CHANNEL_NAME_LEN], state[16];
	int err;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	if (!channel || !*channel || strlen(channel) > PRTOS_CHANNEL_NAME_LEN ||
	    strchr(channel, '/'))
		return channel && *channel && !strchr(channel, '/')
			       ? -ENAMETOOLONG
			       : -ERR_NO_CHANNEL;
	if (read_attr("enabled", state, sizeof(state)) || strcmp(state, "1"))
		return -ERR_NO_DRIVER;
	snprintf(attr, sizeof(attr), "channels/%s/kind", channel);
	if (read_attr(attr, state, sizeof(state)))
		return -ERR_NO_CHANNEL;

	snprintf(path, sizeof(path), "%s/%s",
		 env_or("PRTOS_CHANNEL_DEV", CHANNEL_DEV_DIR), channel);
	p->fd = open(path, O_RDWR | O_CLOEXEC);
	if (p->fd < 0)
		return errno == ENOENT ? -ERR_NOT_AN_END : -errno;
	if (ioctl(p->fd, PRTOS_CHANNEL_GET_END, &p->end)) {
		err = -errno;
		goto fail;
	}
	p->map = mmap(NULL, p->end.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      p->fd, 0);
	if (p->map == MAP_FAILED) {
		err = -errno;
		p->map = NULL;
		goto fail;
	}
	if (prtos_chan_open(&p->chan, p->map, p->end.size, p->end.end)) {
		err = -ERR_BAD_HEADER;
		goto fail;
	}
	/* a header without the TSC frequency: the driver's figure */
	if (!p->chan.tsc_khz && !read_attr("tsc_khz", state, sizeof(state)))
		p->chan.tsc_khz = strtoul(state, NULL, 10);
	strcpy(p->name, channel);
	return 0;
fail:
	prtos_port_close(p);
	return err;
}

/**
 * prtos_port_close() - unmap and close a port
 * @p: a port prtos_port_open() filled in, even if it failed
 */
void prtos_port_close(struct prtos_user_port *p)
{
	if (p->map)
		munmap(p->map, p->end.size);
	if (p->fd >= 0)
		close(p->fd);
	p->map = NULL;
	p->fd = -1;
}

/**
 * prtos_port_strerror() - what an error of this library means, and the fix
 * @err: a return value (negative errno) of a prtos_port_*() function
 *
 * Return: a sentence; strerror()'s for errors without a particular meaning
 * here.
 */
const char *prtos_port_strerror(int err)
{
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].err == -err)
			return errors[i].text;
	return strerror(-err);
}

/**
 * prtos_port_is_writer() - whether the root writes this channel
 * @p: an open port
 *
 * Return: true for the writer's end, false for a reader's.
 */
bool prtos_port_is_writer(const struct prtos_user_port *p)
{
	return p->end.end == PRTOS_CHANNEL_END_WRITER;
}

/**
 * prtos_port_write() - replace the message of a sampling channel (writer)
 * @p: the port
 * @msg: the message
 * @len: its bytes, up to the channel's max_message_size
 *
 * Return: 0; -E2BIG if @len is too long, -EPERM for a reader's end,
 * -EINVAL if the channel is not sampling.
 */
int prtos_port_write(struct prtos_user_port *p, const void *msg, __u32 len)
{
	return prtos_chan_write(&p->chan, msg, len, now());
}

/**
 * prtos_port_read() - copy the current message of a sampling channel
 * @p: a reader's port
 * @buf: where to copy
 * @size: room in @buf
 * @info: if not NULL: length, timestamp, age, valid and fresh
 *
 * Never returns a torn message.
 *
 * Return: bytes copied; -ENOENT if nothing was written yet, -EAGAIN if
 * the writer kept it busy, or another error of prtos_chan_read().
 */
int prtos_port_read(struct prtos_user_port *p, void *buf, __u32 size,
		    struct prtos_chan_info *info)
{
	return prtos_chan_read(&p->chan, buf, size, now(), info);
}

/**
 * prtos_port_send() - queue a message (queuing writer)
 * @p: the port
 * @msg: the message
 * @len: its bytes, up to the channel's max_message_size
 *
 * Does not ring: call prtos_port_ring() after one message or a batch.
 *
 * Return: 0; -ENOSPC if the queue is full (counted, and reported to the
 * reader as lost), -E2BIG, -EPERM or -EINVAL as for prtos_port_write().
 */
int prtos_port_send(struct prtos_user_port *p, const void *msg, __u32 len)
{
	return prtos_chan_send(&p->chan, msg, len, now());
}

/**
 * prtos_port_receive() - take the oldest message (queuing reader)
 * @p: the port
 * @buf: where to copy
 * @size: room in @buf
 * @info: if not NULL: length, timestamp, age and lost (messages the
 *	  writer could not queue since the last report)
 *
 * Return: bytes copied; -EAGAIN if the queue is empty, or another error
 * of prtos_chan_receive().
 */
int prtos_port_receive(struct prtos_user_port *p, void *buf, __u32 size,
		       struct prtos_chan_info *info)
{
	return prtos_chan_receive(&p->chan, buf, size, now(), info);
}

/**
 * prtos_port_reserve() - the next free slot, to write a message in place
 * @p: a queuing writer's port
 * @data: set to the slot's data
 *
 * Return: the room at *@data in bytes, -ENOSPC if the queue is full.
 */
int prtos_port_reserve(struct prtos_user_port *p, void **data)
{
	return prtos_chan_reserve(&p->chan, data);
}

/**
 * prtos_port_commit() - queue the message written into the reserved slot
 * @p: a queuing writer's port
 * @len: bytes of the message
 *
 * Return: 0, or the error of prtos_chan_commit().
 */
int prtos_port_commit(struct prtos_user_port *p, __u32 len)
{
	return prtos_chan_commit(&p->chan, len, now());
}

/**
 * prtos_port_peek() - look at the oldest message in place
 * @p: a queuing reader's port
 * @data: set to the message (in the writer's section: a hostile writer
 *	  may change it meanwhile)
 * @info: if not NULL, as prtos_port_receive() fills it
 *
 * The message stays queued until prtos_port_release().
 *
 * Return: its length, -EAGAIN if the queue is empty.
 */
int prtos_port_peek(struct prtos_user_port *p, const void **data,
		    struct prtos_chan_info *info)
{
	return prtos_chan_peek(&p->chan, data, now(), info);
}

/**
 * prtos_port_release() - drop the message prtos_port_peek() returned
 * @p: a queuing reader's port
 *
 * Return: 0, -EINVAL if none is peeked.
 */
int prtos_port_release(struct prtos_user_port *p)
{
	return prtos_chan_release(&p->chan);
}

/**
 * prtos_port_pending() - whether the port has something to do
 * @p: the port
 *
 * Return: a reader: a message it has not read; a writer: room for one.
 */
bool prtos_port_pending(const struct prtos_user_port *p)
{
	return prtos_chan_pending(&p->chan);
}

/**
 * prtos_port_ring() - ring the doorbells of the port's peers
 * @p: the port
 *
 * A writer rings its readers, a reader the writer; the hypervisor
 * delivers only to a running peer that armed since its last doorbell, so
 * when no peer waits this costs nothing, not even a system call.
 *
 * Return: doorbells delivered (0 when no peer waited), or a negative errno.
 */
long prtos_port_ring(struct prtos_user_port *p)
{
	long ret;

	/* the message before the look at the peers' arm (theirs: the reverse) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!prtos_chan_peer_armed(&p->chan))
		return 0;
	ret = ioctl(p->fd, PRTOS_CHANNEL_RING);
	return ret < 0 ? -errno : ret;
}

/**
 * prtos_port_wait() - wait until the port has something to do
 * @p: the port
 * @timeout_ns: how long at most; 0 only checks; PRTOS_PORT_WAIT_FOREVER
 *		waits as long as it takes
 *
 * Sleeps in poll(), which arms the root's doorbell: a peer that rings
 * after writing wakes it at once. A peer that does not ring is seen
 * within 100 ms.
 *
 * Return: 0 when prtos_port_pending() is true, -ETIMEDOUT, -EINTR if a
 * signal came, or poll()'s error.
 */
int prtos_port_wait(struct prtos_user_port *p, __u64 timeout_ns)
{
	struct pollfd pfd = {
		.fd = p->fd,
		.events = prtos_port_is_writer(p) ? POLLOUT : POLLIN,
	};
	struct timespec start, t;
	__u64 waited_ns, left_ms;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (prtos_chan_pending(&p->chan))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		waited_ns = (t.tv_sec - start.tv_sec) * 1000000000ULL +
			    t.tv_nsec - start.tv_nsec;
		if (timeout_ns != PRTOS_PORT_WAIT_FOREVER &&
		    waited_ns >= timeout_ns)
			return -ETIMEDOUT;
		left_ms = WAIT_SLICE_MS;
		if (timeout_ns != PRTOS_PORT_WAIT_FOREVER &&
		    (timeout_ns - waited_ns) / 1000000 < left_ms)
			left_ms = (timeout_ns - waited_ns + 999999) / 1000000;
		if (poll(&pfd, 1, left_ms) < 0)
			return -errno;
	}
}

/**
 * prtos_port_doorbells() - how many doorbells the root's end received
 * @p: the port
 *
 * Read from the driver's snapshot of the channel (sysfs channels/NAME/
 * status), so it costs system calls: for statistics, not for the data
 * path.
 *
 * Return: the count since PRTOS was enabled, or a negative errno.
 */
long long prtos_port_doorbells(const struct prtos_user_port *p)
{
	char path[512], line[256];
	unsigned int n = 0, want = p->end.end;
	long long count = -ENOENT;
	const char *field;
	FILE *f;

	snprintf(path, sizeof(path), "%s/channels/%s/status",
		 env_or("PRTOS_SYSFS", PRTOS_SYSFS), p->name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* the writer's line first, then one per reader in their order */
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "writer ", 7) && strncmp(line, "reader ", 7))
			continue;
		if (n++ != want)
			continue;
		field = strstr(line, " doorbells=");
		if (field)
			count = strtoll(field + 11, NULL, 10);
		break;
	}
	fclose(f);
	return count;
}
