// libpq, PostgreSQL's C client library (Debian's libpq-dev).
#include <libpq-fe.h>
