// The lint of pending revisions (docs/check.md) as a function: which type
// changes narrow and which widen, what counts as an existing table, how the
// schema is followed through renames, and the acknowledgement keys of a
// revision file. No database: lint_revisions reads revision files and the
// live schema it is given (the CLI tests run it on every backend).
#include <gtest/gtest.h>

#include "retort/engine/types.hpp"
#include "retort/migrations/check.hpp"
#include "retort/migrations/errors.hpp"
#include "retort/migrations/revision_file.hpp"

namespace {

using retort::migrations::LintFinding;

retort::MetaData live_schema() {
  retort::MetaData m;
  retort::Table t("account");
  t.add_column(retort::Column("id", retort::types::Integer()));
  t.add_column(retort::Column("bio", retort::Type::parse("Text")));
  t.add_column(retort::Column("score", retort::Type::parse("Float")));
  t.add_column(retort::Column("kind", retort::Type::parse("Enum(a,b,c)")));
  t.add_column(retort::Column("code", retort::Type::parse("String(50)")));
  t.add_column(retort::Column("amount", retort::Type::parse("Numeric(10,2)")));
  m.add_table(std::move(t));
  return m;
}

std::vector<LintFinding> lint(const std::string& upgrade, const std::string& header = "") {
  auto rev = retort::migrations::parse_revision_text(
      "revision: r1\ndown_revision: null\n" + header + "upgrade:\n" + upgrade, "r1.yaml");
  return retort::migrations::lint_revisions({&rev}, live_schema());
}

std::string ids(const std::vector<LintFinding>& f) {
  std::string out;
  for (const auto& x : f) out += (out.empty() ? "" : " ") + x.id + (x.acknowledged ? "+" : "");
  return out;
}

TEST(CheckLint, NarrowingTypes) {
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: bio, type: String(10)}\n")), "NT101");
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: score, type: Integer}\n")), "NT101");
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: kind, type: 'Enum(a,b)'}\n")),
            "NT101");
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: id, type: SmallInteger}\n")),
            "NT101");
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: amount, type: 'Numeric(10,1)'}\n")),
            "NT101");
  // Widening is no finding.
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: code, type: String(80)}\n"
                     "  - alter_column: {table: account, name: id, type: BigInteger}\n"
                     "  - alter_column: {table: account, name: amount, type: 'Numeric(12,2)'}\n"
                     "  - alter_column: {table: account, name: kind, type: 'Enum(a,b,c,d)'}\n"
                     "  - alter_column: {table: account, name: code, type: Text}\n")),
            "");
  // existing_type wins over the live type.
  EXPECT_EQ(ids(lint("  - alter_column: {table: account, name: code, type: String(80), "
                     "existing_type: String(100)}\n")),
            "NT101");
  auto f = lint("  - alter_column: {table: account, name: code, type: String(20)}\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location, "r1.yaml:4");
  EXPECT_EQ(f[0].message,
            "alter_column account.code String(50) -> String(20): longer strings no longer fit");
}

TEST(CheckLint, TablesCreatedByPendingRevisionsAreNew) {
  EXPECT_EQ(ids(lint("  - create_table: {name: fresh, columns: [{name: id, type: Integer}]}\n"
                     "  - add_column: {table: fresh, column: {name: n, type: Integer, nullable: false}}\n"
                     "  - alter_column: {table: fresh, name: id, type: SmallInteger}\n"
                     "  - alter_column: {table: fresh, name: n, new_name: m}\n")),
            "");
  EXPECT_EQ(ids(lint("  - add_column: {table: account, column: {name: n, type: Integer, nullable: false}}\n"
                     "  - alter_column: {table: account, name: code, nullable: false}\n")),
            "MF101 MF102");
}

TEST(CheckLint, RenamesAreFollowed) {
  // After the renames, the column's type is still known: String(50) -> String(10) narrows.
  EXPECT_EQ(ids(lint("  - rename_table: {name: account, new_name: member}\n"
                     "  - alter_column: {table: member, name: code, new_name: ref}\n"
                     "  - alter_column: {table: member, name: ref, type: String(10)}\n")),
            "BC101 BC102 NT101");
}

TEST(CheckLint, AcknowledgementsByRevisionAndByOperation) {
  const std::string ops =
      "  - drop_table: {name: account}\n"
      "  - rename_table: {name: other, new_name: another}\n";
  EXPECT_EQ(ids(lint(ops)), "DS101 BC101");
  EXPECT_EQ(ids(lint(ops, "destructive: true\n")), "DS101+ BC101");
  EXPECT_EQ(ids(lint(ops, "allow: BC101\n")), "DS101 BC101+");
  EXPECT_EQ(ids(lint("  - drop_table: {name: account}\n    allow: [DS101]\n"
                     "  - drop_column: {table: account, name: code}\n")),
            "DS101+ DS102");
}

TEST(CheckLint, BadAcknowledgementKeys) {
  auto parse = [](const std::string& header) {
    return retort::migrations::parse_revision_text(
        "revision: r1\ndown_revision: null\n" + header + "upgrade: []\n", "r1.yaml");
  };
  EXPECT_TRUE(parse("destructive: true\n").destructive);
  EXPECT_EQ(parse("allow: [DS101, NT101]\n").allow, (std::vector<std::string>{"DS101", "NT101"}));
  EXPECT_THROW(
      {
        try {
          parse("allow: {a: 1}\n");
        } catch (const retort::migrations::RevisionFileError& e) {
          EXPECT_STREQ(e.what(),
                       "r1.yaml:3:8: allow must be a lint id or a list of lint ids, e.g. [DS102]");
          throw;
        }
      },
      retort::migrations::RevisionFileError);
  EXPECT_THROW(parse("destructive: 1\n"), retort::migrations::RevisionFileError);
  EXPECT_THROW(parse("allow: [XX1]\n"), retort::migrations::RevisionFileError);
  EXPECT_THROW(parse("destructiv: true\n"), retort::migrations::RevisionFileError);
}

TEST(CheckLint, EveryRuleHasAnIdTitleAndIsKnown) {
  for (const auto& r : retort::migrations::lint_rules()) {
    EXPECT_EQ(r.id.size(), 5u) << r.id;
    EXPECT_FALSE(r.title.empty());
    EXPECT_TRUE(retort::migrations::is_lint_id(r.id));
  }
  EXPECT_FALSE(retort::migrations::is_lint_id("DS999"));
}

}  // namespace
