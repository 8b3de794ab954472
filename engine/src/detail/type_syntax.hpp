// Lexical helpers for type spellings ("Numeric(10,2)", "Enum('a b',c)") and
// for the small parenthesised lists of schema YAML ("org(id, tenant_id)").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::detail {

std::string_view trim(std::string_view s);

// A spelling split into its head and its parenthesised argument list:
// "Numeric(10, 2)" -> {"Numeric", {"10", "2"}, true}. Arguments are split at
// commas outside quotes and nested parentheses, and trimmed; quotes are kept.
// ArgumentError for unbalanced parentheses, an unterminated quote, text after
// the closing parenthesis or an empty argument.
struct Spelling {
  std::string head;
  std::vector<std::string> args;
  bool has_parens = false;
};
Spelling split_spelling(std::string_view text, std::string_view what);

// 'a b' or "a b" -> a b (a doubled quote inside stands for one); other text
// is returned as is. `quoted` tells which it was.
std::string unquote(std::string_view arg, bool* quoted = nullptr);

// Quotes with single quotes when the text could not be read back plainly as
// one argument (empty, spaces, commas, parentheses, quotes, '=').
std::string quote_arg_if_needed(std::string_view text);

// An argument of the form key=value outside quotes; nullopt otherwise.
std::optional<std::pair<std::string, std::string>> keyword_arg(std::string_view arg);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

}  // namespace retort::detail
