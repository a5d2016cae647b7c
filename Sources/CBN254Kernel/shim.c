#include "bn254_kernel.h"
#include "bn254_atomic.h"
