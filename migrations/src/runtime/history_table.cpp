// retort_history: what ran, when, by whom, how long it took and the SQL it
// sent.
#include "runtime/history_table.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "retort/engine/inspector.hpp"

namespace retort::migrations::runtime {

std::string HistoryTable::quoted() const { return conn_.dialect().quote_identifier(name_); }

bool HistoryTable::exists() { return Inspector(conn_).has_table(name_); }

void HistoryTable::create() {
  conn_.execute(create_history_table_sql(conn_.dialect(), name_));
  // Tables made before the undo column existed get it.
  auto t = Inspector(conn_).table(name_);
  if (t && !t->column("undo_log"))
    conn_.execute("ALTER TABLE " + quoted() + " ADD COLUMN undo_log TEXT");
}

std::string history_table_name(const std::string& version_table) {
  return version_table == "retort_version" ? std::string("retort_history")
                                           : version_table + "_history";
}

std::string create_history_table_sql(const Dialect& dialect, const std::string& name) {
  return "CREATE TABLE IF NOT EXISTS " + dialect.quote_identifier(name) +
         " (id BIGINT NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, "
         "checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms BIGINT NOT NULL, "
         "applied_by VARCHAR(128), status VARCHAR(16) NOT NULL, operations_done INTEGER NOT "
         "NULL, statements TEXT, undo_log TEXT, CONSTRAINT " +
         dialect.quote_identifier(name + "_pkc") + " PRIMARY KEY (id))";
}

const char* const kHistoryColumns =
    "id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, "
    "operations_done, statements";
const char* const kHistoryColumnsWithUndo =
    "id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, "
    "operations_done, statements, undo_log";

namespace {
HistoryEntry from_row(const Row& r) {
  HistoryEntry e;
  e.id = r.get<std::int64_t>(0).value_or(0);
  e.revision = r.get<std::string>(1).value_or("");
  e.direction = r.get<std::string>(2).value_or("");
  e.checksum = r.get<std::string>(3).value_or("");
  e.applied_at = r.get<std::string>(4).value_or("");
  e.duration_ms = r.get<std::int64_t>(5).value_or(0);
  e.applied_by = r.get<std::string>(6).value_or("");
  e.status = r.get<std::string>(7).value_or("");
  e.operations_done = static_cast<int>(r.get<std::int64_t>(8).value_or(0));
  e.statements = r.get<std::string>(9).value_or("");
  e.undo_log = r.get<std::string>(10).value_or("");
  return e;
}
}  // namespace

std::vector<HistoryEntry> HistoryTable::read() {
  std::vector<HistoryEntry> out;
  auto result =
      conn_.execute(std::string("SELECT ") + kHistoryColumnsWithUndo + " FROM " + quoted() + " ORDER BY id");
  for (const auto& row : result) out.push_back(from_row(row));
  return out;
}

std::int64_t HistoryTable::insert(HistoryEntry e) {
  auto next = conn_.execute("SELECT MAX(id) FROM " + quoted()).scalar_as<std::int64_t>();
  e.id = next.value_or(0) + 1;
  conn_.execute("INSERT INTO " + quoted() + " (" + kHistoryColumnsWithUndo +
                    ") VALUES (:id, :revision, :direction, :checksum, "
                    ":applied_at, :duration_ms, "
                    ":applied_by, :status, :operations_done, :statements, :undo)",
                {{"id", e.id},
                 {"revision", e.revision},
                 {"direction", e.direction},
                 {"checksum", e.checksum},
                 {"applied_at", e.applied_at},
                 {"duration_ms", e.duration_ms},
                 {"applied_by", e.applied_by},
                 {"status", e.status},
                 {"operations_done", e.operations_done},
                 {"statements", e.statements},
                 {"undo", e.undo_log}});
  return e.id;
}

void HistoryTable::update_progress(std::int64_t id, int operations_done,
                                   const std::string& statements, const std::string& status,
                                   std::int64_t duration_ms, const std::string& undo) {
  conn_.execute("UPDATE " + quoted() +
                    " SET operations_done = :n, statements = :s, status = :st, duration_ms = :d, "
                    "undo_log = :u WHERE id = :id",
                {{"n", operations_done},
                 {"s", statements},
                 {"st", status},
                 {"d", duration_ms},
                 {"u", undo},
                 {"id", id}});
}

std::vector<HistoryEntry> HistoryTable::incomplete_upgrades() {
  std::map<std::string, HistoryEntry> newest;
  auto result = conn_.execute(std::string("SELECT ") + kHistoryColumnsWithUndo + " FROM " +
                              quoted() + " WHERE direction = 'upgrade' ORDER BY id");
  for (const auto& row : result) {
    auto e = from_row(row);
    newest[e.revision] = std::move(e);
  }
  std::vector<HistoryEntry> out;
  for (auto& [rev, e] : newest)
    if (e.status == "incomplete") out.push_back(std::move(e));
  return out;
}

std::optional<HistoryEntry> HistoryTable::latest(const std::string& revision,
                                                 const std::string& direction) {
  auto result = conn_.execute(std::string("SELECT ") + kHistoryColumnsWithUndo + " FROM " + quoted() +
                                  " WHERE revision = :r AND direction = :d ORDER BY id DESC",
                              {{"r", revision}, {"d", direction}});
  auto row = result.fetchone();
  if (!row) return std::nullopt;
  auto e = from_row(*row);
  result.close();
  return e;
}

std::map<std::string, HistoryEntry> HistoryTable::applied_upgrades() {
  std::map<std::string, HistoryEntry> out;
  auto result = conn_.execute(std::string("SELECT ") + kHistoryColumnsWithUndo + " FROM " + quoted() +
                              " WHERE direction = 'upgrade' AND status = 'applied' ORDER BY id");
  for (const auto& row : result) {
    auto e = from_row(row);
    out[e.revision] = std::move(e);
  }
  return out;
}

std::string utc_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string current_user() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  return "uid " + std::to_string(geteuid());
}

}  // namespace retort::migrations::runtime
