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
  conn_.execute("CREATE TABLE IF NOT EXISTS " + quoted() +
                " (id BIGINT NOT NULL, revision VARCHAR(32) NOT NULL, direction "
                "VARCHAR(16) NOT "
                "NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, "
                "duration_ms BIGINT "
                "NOT NULL, applied_by VARCHAR(128), status VARCHAR(16) NOT NULL, "
                "operations_done INTEGER NOT NULL, statements TEXT, CONSTRAINT " +
                conn_.dialect().quote_identifier(name_ + "_pkc") + " PRIMARY KEY (id))");
}

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
  return e;
}
constexpr const char* kColumns =
    "id, revision, direction, checksum, "
    "applied_at, duration_ms, applied_by, status, "
    "operations_done, statements";
}  // namespace

std::vector<HistoryEntry> HistoryTable::read() {
  std::vector<HistoryEntry> out;
  auto result =
      conn_.execute(std::string("SELECT ") + kColumns + " FROM " + quoted() + " ORDER BY id");
  for (const auto& row : result) out.push_back(from_row(row));
  return out;
}

std::int64_t HistoryTable::insert(HistoryEntry e) {
  auto next = conn_.execute("SELECT MAX(id) FROM " + quoted()).scalar_as<std::int64_t>();
  e.id = next.value_or(0) + 1;
  conn_.execute("INSERT INTO " + quoted() + " (" + kColumns +
                    ") VALUES (:id, :revision, :direction, :checksum, "
                    ":applied_at, :duration_ms, "
                    ":applied_by, :status, :operations_done, :statements)",
                {{"id", e.id},
                 {"revision", e.revision},
                 {"direction", e.direction},
                 {"checksum", e.checksum},
                 {"applied_at", e.applied_at},
                 {"duration_ms", e.duration_ms},
                 {"applied_by", e.applied_by},
                 {"status", e.status},
                 {"operations_done", e.operations_done},
                 {"statements", e.statements}});
  return e.id;
}

void HistoryTable::update_progress(std::int64_t id, int operations_done,
                                   const std::string& statements, const std::string& status,
                                   std::int64_t duration_ms) {
  conn_.execute(
      "UPDATE " + quoted() +
          " SET operations_done = :n, statements = :s, status = :st, "
          "duration_ms = :d "
          "WHERE id = :id",
      {{"n", operations_done}, {"s", statements}, {"st", status}, {"d", duration_ms}, {"id", id}});
}

std::optional<HistoryEntry> HistoryTable::latest(const std::string& revision,
                                                 const std::string& direction) {
  auto result = conn_.execute(std::string("SELECT ") + kColumns + " FROM " + quoted() +
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
  auto result = conn_.execute(std::string("SELECT ") + kColumns + " FROM " + quoted() +
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
