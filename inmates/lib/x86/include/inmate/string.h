/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The string and memory functions the inmates use (and the compiler may
 * call on its own for structure copies): the shared layer's lib/string.c,
 * declared in prtos-lib/string.h.
 */
#ifndef _INMATE_STRING_H
#define _INMATE_STRING_H

#include <prtos-lib/string.h>
#include <inmate/types.h>

#endif
