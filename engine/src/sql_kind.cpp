#include <cctype>
#include <string_view>

#include "detail/sql_kind.hpp"

namespace retort::detail {

std::string_view first_keyword(std::string_view sql, char (&buf)[16]) {
  std::size_t i = 0;
  while (i < sql.size()) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (std::isspace(c) || c == '(') {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      auto nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (sql.substr(i, 2) == "/*") {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::size_t n = 0;
  while (i < sql.size() && n < sizeof buf &&
         std::isalpha(static_cast<unsigned char>(sql[i])))
    buf[n++] = static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return std::string_view(buf, n);
}

bool changes_schema(std::string_view sql) {
  char buf[16];
  auto kw = first_keyword(sql, buf);
  return kw == "CREATE" || kw == "ALTER" || kw == "DROP" || kw == "TRUNCATE" ||
         kw == "RENAME" || kw == "COMMENT" || kw == "REINDEX" || kw == "VACUUM" ||
         kw == "CLUSTER" || kw == "DISCARD" || kw == "IMPORT";
}

}  // namespace retort::detail
