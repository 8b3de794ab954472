// Private: MySQL/MariaDB information_schema values mapped back to retort's model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "retort/engine/types.hpp"

namespace retort::mysql {

// COLUMNS.COLUMN_TYPE ("int(11) unsigned", "varchar(50)", "enum('a','b')")
// to a retort type: generic when exact, mysql.NAME otherwise.
Type type_from_column_type(std::string_view column_type);

// COLUMNS.COLUMN_DEFAULT and EXTRA to server_default SQL text. MariaDB
// (10.2.7+) gives SQL already: quoted literals, NULL as the word NULL,
// current_timestamp(); MySQL gives bare literal text, which is quoted here
// unless the column is numeric or the default is an expression.
// "on update current_timestamp()" in EXTRA is kept as part of the default
// ("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"), the way SQLAlchemy does.
std::optional<std::string> normalize_default(const std::optional<std::string>& column_default,
                                             std::string_view extra, const Type& type,
                                             bool mariadb);

// InnoDB's name for a foreign key declared without one: <table>_ibfk_<n>.
// The index InnoDB makes for such a key is named after its first column.
bool generated_fk_name(std::string_view table, std::string_view name);

}  // namespace retort::mysql
