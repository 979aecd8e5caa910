// SPDX-License-Identifier: GPL-2.0
/* The root cell has CPU 0 only, but the machine has more online. */
#define ROOT_CPUS 0x1
#include "system.h"
