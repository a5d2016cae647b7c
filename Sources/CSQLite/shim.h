// The system SQLite 3 library (Debian/Ubuntu: libsqlite3-dev), found through pkg-config.
#include <sqlite3.h>
