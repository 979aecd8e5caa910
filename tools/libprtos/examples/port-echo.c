// SPDX-License-Identifier: GPL-2.0
/*
 * port-echo: a Linux program talking to a cell through libprtos-port.
 * It queues COUNT messages on channel TX, rings the cell, and waits for
 * the doorbell of channel RX until every answer is back, checking that
 * each answer is the message it sent, in order. Pair it with ipc-demo in
 * echo mode ("tx=echo-out rx=echo-in", configs/x86/ipc-echo.cell).
 *
 * Build against an installed PRTOS:
 *   cc -static -o port-echo port-echo.c $(pkg-config --cflags --libs prtos-port)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <prtos/port.h>

/* How long to wait for one answer before giving up. */
#define ANSWER_TIMEOUT_NS (60ULL * 1000000000ULL)

static int open_or_explain(struct prtos_user_port *p, const char *name,
			   bool writer)
{
	int err = prtos_port_open(p, name);

	if (err) {
		fprintf(stderr, "port-echo: channel '%s': %s\n", name,
			prtos_port_strerror(err));
		return -1;
	}
	if (prtos_port_is_writer(p) != writer) {
		fprintf(stderr, "port-echo: the root must be the %s of '%s'\n",
			writer ? "writer" : "reader", name);
		prtos_port_close(p);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct prtos_user_port tx, rx;
	struct prtos_chan_info info;
	char msg[256], answer[256];
	int count, sent = 0, got = 0, len, err, status = EXIT_FAILURE;

	if (argc != 4 || (count = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: port-echo TX RX COUNT\n"
				"  e.g. port-echo echo-in echo-out 100\n");
		return 2;
	}
	if (open_or_explain(&tx, argv[1], true))
		return EXIT_FAILURE;
	if (open_or_explain(&rx, argv[2], false)) {
		prtos_port_close(&tx);
		return EXIT_FAILURE;
	}
	while (got < count) {
		/* keep the queue filled as far as it has room */
		while (sent < count && sent - got < (int)tx.chan.depth) {
			len = snprintf(msg, sizeof(msg), "echo %d", sent);
			err = prtos_port_send(&tx, msg, len);
			if (err == -ENOSPC)
				break;
			if (err) {
				fprintf(stderr, "port-echo: send: %s\n",
					prtos_port_strerror(err));
				goto out;
			}
			sent++;
		}
		prtos_port_ring(&tx);
		err = prtos_port_wait(&rx, ANSWER_TIMEOUT_NS);
		if (err) {
			fprintf(stderr, "port-echo: answer %d: %s\n", got,
				prtos_port_strerror(err));
			goto out;
		}
		for (;;) {
			len = prtos_port_receive(&rx, answer,
						 sizeof(answer) - 1, &info);
			if (len < 0)
				break;
			answer[len] = '\0';
			snprintf(msg, sizeof(msg), "echo %d", got);
			if (strcmp(answer, msg) || info.lost) {
				fprintf(stderr,
					"port-echo: answer %d is '%s' (%llu lost before it)\n",
					got, answer,
					(unsigned long long)info.lost);
				goto out;
			}
			got++;
		}
	}
	printf("port-echo: %d answers in order, %lld doorbells on '%s'\n", got,
	       prtos_port_doorbells(&rx), rx.name);
	status = EXIT_SUCCESS;
out:
	prtos_port_close(&rx);
	prtos_port_close(&tx);
	return status;
}
