// Internal: the fast path of reading a revision file. A revision file as `retort revision`
// writes it, before operations are added, is a handful of one-line `key: value` entries;
// parsing those with yaml-cpp costs hundreds of thousands of instructions each, which at
// 10,000 files is most of `retort history`. This reads that simple form directly.
#pragma once

#include <string_view>

#include "retort/migrations/revision.hpp"

namespace retort::migrations::detail {

// Fills rev's header fields and lines when `text` is a simple, valid revision file:
//   - every line is blank, a comment, or `key: value` starting in column 0, with one of the
//     eight known keys, each at most once; ASCII only, no tabs or carriage returns;
//   - a value is empty, a plain scalar (no indicator first, no ": ", no flow brackets), a
//     single- or double-quoted scalar without backslash escapes, or a one-line flow list of
//     such scalars; then nothing but an optional comment;
//   - upgrade and downgrade are null or [] (no operations);
//   - every header rule of parse_revision_text holds (revision and down_revision present,
//     a valid revision id, no empty list entry).
// Returns false otherwise, leaving rev in an unspecified state: the caller then parses the
// text with yaml-cpp, which reads everything this does not and reports every error. For a
// text this accepts, the result is what the yaml-cpp path gives (tests check this).
bool scan_simple_revision(std::string_view text, Revision& rev);

}  // namespace retort::migrations::detail
