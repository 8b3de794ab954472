#include "runtime/half_applied.hpp"

#include <algorithm>
#include <chrono>

#include "runtime/undo_log.hpp"

namespace retort::migrations::runtime {

std::vector<HistoryEntry>
find_half_applied(HistoryTable &ht, const RevisionMap &map,
                  const std::set<std::string> &applied) {
  std::vector<HistoryEntry> out;
  for (auto &e : ht.incomplete_upgrades()) {
    if (applied.count(e.revision) || e.operations_done == 0)
      continue;
    const Revision *rev = map.find(e.revision);
    if (!rev)
      continue; // its file is gone: nothing says where it sat
    const bool on_top =
        std::all_of(rev->down_revisions.begin(), rev->down_revisions.end(),
                    [&](const std::string &d) { return applied.count(d) > 0; });
    if (on_top)
      out.push_back(std::move(e));
  }
  return out;
}

AppliedStep
undo_half_applied(Connection &conn, MigrationLock &lock, HistoryTable &ht,
                  const HistoryEntry &half, const RevisionMap &map,
                  const std::function<void(const std::string &)> &log) {
  using Clock = std::chrono::steady_clock;
  const Revision *rev = map.find(half.revision);
  const int done = half.operations_done;
  auto entries = decode_undo_log(half.undo_log);
  const std::string what = "revision " + half.revision +
                           " is half-applied (operations 1-" +
                           std::to_string(done) + " of its upgrade ran)";
  if (static_cast<int>(entries.size()) < done)
    throw MigrationFailed(what +
                          " but its history row records how to undo only " +
                          std::to_string(entries.size()) +
                          " of them; undo it by hand (history row id " +
                          std::to_string(half.id) + ")");
  for (int j = done - 1; j >= 0; --j)
    if (!entries[static_cast<std::size_t>(j)].statements)
      throw MigrationFailed(
          what + ", and operation " + std::to_string(j + 1) + " (" +
          entries[static_cast<std::size_t>(j)].operation +
          ") has no automatic inverse: undo it by hand, or run `retort "
          "upgrade` to finish the revision instead");

  const auto t0 = Clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                 t0)
        .count();
  };
  HistoryEntry down;
  down.revision = half.revision;
  down.direction = "downgrade";
  down.checksum = half.checksum;
  down.applied_at = utc_now();
  down.applied_by = current_user();
  down.status = "incomplete";
  lock.begin_write(conn);
  const auto down_id = ht.insert(down);
  conn.commit();

  AppliedStep step;
  step.revision = half.revision;
  step.upgrade = false;
  step.from = {half.revision};
  if (rev)
    step.to = rev->down_revisions;
  if (rev)
    step.message = rev->message;
  if (log)
    log("Undoing half-applied upgrade " + half.revision + ": operations " +
        std::to_string(done) + " to 1, last first" +
        (rev && !rev->message.empty() ? ", " + rev->message : ""));
  std::string sent;
  for (int j = done - 1; j >= 0; --j) {
    const auto &e = entries[static_cast<std::size_t>(j)];
    lock.begin_write(conn);
    try {
      for (const auto &sql : *e.statements) {
        conn.exec_driver_sql(sql);
        sent += (sent.empty() ? "" : ";\n") + sql;
        ++step.statements;
      }
      conn.commit();
      lock.begin_write(conn);
      ht.update_progress(half.id, j, half.statements,
                         j == 0 ? "undone" : "incomplete", half.duration_ms,
                         half.undo_log);
      ht.update_progress(down_id, done - j, sent,
                         j == 0 ? "applied" : "incomplete", elapsed());
      conn.commit();
    } catch (const std::exception &ex) {
      try {
        conn.rollback();
      } catch (...) {
      }
      throw MigrationFailed(
          "undoing half-applied revision " + half.revision +
          " failed at operation " + std::to_string(j + 1) + " (" + e.operation +
          "): " + ex.what() + "; operations 1-" + std::to_string(j + 1) +
          " of it are still in place: fix the cause and run the same command "
          "again");
    }
  }
  step.duration_ms = elapsed();
  return step;
}

} // namespace retort::migrations::runtime
