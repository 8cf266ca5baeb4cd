#ifndef TROUPE_CEDITLINE_SHIM_H
#define TROUPE_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
