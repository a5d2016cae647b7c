#include "bn254_kernel.h"
