// The session database's schema: recognising our file, and bringing it to the
// version this build writes.
#pragma once

#include "sqlite_db.hpp"

namespace layer::client::sqlite {

// PRAGMA application_id of a layer session database: "LAYR".
inline constexpr std::int32_t kApplicationId = 0x4c415952;

// The highest schema version this build knows.
int latest_schema_version() noexcept;

// Refuses (foreign_session_file) a database that is neither empty nor ours, or
// whose schema is newer than this build's, before anything is written to it;
// then turns on WAL and applies the missing migrations in one transaction.
void open_schema(Db& db);

}  // namespace layer::client::sqlite
