// Internal: the undo log of a revision run where DDL is not transactional
// (MySQL): for each operation that ran, what it was and the statements that
// undo it (null when it has no automatic inverse). Kept as JSON in the
// history row's `undo` column, so that `retort downgrade` can undo a
// half-applied revision even after its file was changed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::migrations::runtime {

struct UndoEntry {
  std::string operation;                              // Operation::describe()
  std::optional<std::vector<std::string>> statements; // nullopt: no inverse
};

// [{"operation": "...", "undo": ["...", ...] | null}, ...]
std::string encode_undo_log(const std::vector<UndoEntry> &entries);
// The reverse; retort::Error for text that is not such a list.
std::vector<UndoEntry> decode_undo_log(std::string_view text);

} // namespace retort::migrations::runtime
