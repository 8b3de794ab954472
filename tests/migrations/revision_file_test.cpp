// Revision files: the header keys as written, their line numbers, and a clear
// "file:line:column: ..." error for each way a file can be wrong.
#include "retort/migrations/revision_file.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>

#include "retort/migrations/errors.hpp"
#include "retort/migrations/operations.hpp"

namespace retort::migrations {
namespace {

constexpr auto npos = std::string::npos;

const char* const kFull = R"(revision: 3f2a9c1b7d10
down_revision: 1a2b3c4d5e6f        # null for a base, a list for a merge
branch_labels: [accounts]
depends_on: [0a0b0c0d0e0f, billing]
message: add account table
create_date: 2026-11-23 20:00:00
upgrade:
  - create_table:
      name: account
      columns:
        - {name: id, type: Integer, primary_key: true}
downgrade:
  - drop_table: {name: account}
)";

TEST(RevisionFile, ReadsEveryHeaderKey) {
  const Revision r = parse_revision_text(kFull, "versions/3f2a9c1b7d10_add_account.yaml");
  EXPECT_EQ(r.id, "3f2a9c1b7d10");
  EXPECT_EQ(r.down_revisions, std::vector<std::string>{"1a2b3c4d5e6f"});
  EXPECT_EQ(r.branch_labels, std::vector<std::string>{"accounts"});
  EXPECT_EQ(r.depends_on, (std::vector<std::string>{"0a0b0c0d0e0f", "billing"}));
  EXPECT_EQ(r.message, "add account table");
  EXPECT_EQ(r.create_date, "2026-11-23 20:00:00");
  EXPECT_EQ(r.path, "versions/3f2a9c1b7d10_add_account.yaml");
  EXPECT_EQ(r.lines.revision, 1);
  EXPECT_EQ(r.lines.down_revision, 2);
  EXPECT_EQ(r.lines.branch_labels, 3);
  EXPECT_EQ(r.lines.depends_on, 4);
  EXPECT_EQ(r.lines.upgrade, 7);
  EXPECT_EQ(r.lines.downgrade, 12);
  EXPECT_NE(r.body, nullptr);
  EXPECT_FALSE(r.is_base());
  EXPECT_EQ(r.location(r.lines.down_revision), "versions/3f2a9c1b7d10_add_account.yaml:2");
}

TEST(RevisionFile, BaseMergeAndScalarForms) {
  const Revision base = parse_revision_text("revision: aaaa\ndown_revision: null\n", "a.yaml");
  EXPECT_TRUE(base.is_base());
  EXPECT_EQ(base.body != nullptr, true);
  const Revision empty = parse_revision_text("revision: aaaa\ndown_revision:\n", "a.yaml");
  EXPECT_TRUE(empty.is_base());
  const Revision listed = parse_revision_text("revision: aaaa\ndown_revision: []\n", "a.yaml");
  EXPECT_TRUE(listed.is_base());
  const Revision merge =
      parse_revision_text("revision: cccc\ndown_revision: [aaaa, bbbb]\n", "c.yaml");
  EXPECT_TRUE(merge.is_merge_point());
  EXPECT_EQ(merge.down_revisions, (std::vector<std::string>{"aaaa", "bbbb"}));
  const Revision scalar_label = parse_revision_text(
      "revision: dddd\ndown_revision: cccc\nbranch_labels: feature\n", "d.yaml");
  EXPECT_EQ(scalar_label.branch_labels, std::vector<std::string>{"feature"});
}

TEST(RevisionFile, IdsStayAsWritten) {
  // YAML would read these as numbers; a revision id is text, exactly as in the file.
  const Revision r = parse_revision_text("revision: 0012\ndown_revision: 1e10\n", "n.yaml");
  EXPECT_EQ(r.id, "0012");
  EXPECT_EQ(r.down_revisions, std::vector<std::string>{"1e10"});
}

// A file in the simple form (one-line header values, no operations) is read without yaml-cpp
// (migrations/src/simple_revision_scan.cpp). A last line "..." (YAML's end of document) is
// outside that form, so the same text then goes through yaml-cpp: both must give the same
// revision, or both the same error.
struct Parsed {
  bool ok = false;
  Revision rev;
  std::string error;
};

Parsed parse_either(const std::string& text) {
  Parsed p;
  try {
    p.rev = parse_revision_text(text, "versions/r.yaml");
    p.ok = true;
  } catch (const RevisionFileError& e) {
    p.error = e.what();
  }
  return p;
}

TEST(RevisionFile, SimpleFormReadsAsYamlDoes) {
  const char* const texts[] = {
      "revision: aaaa\ndown_revision: null\n",
      "revision: 3f2a9c1b7d10\ndown_revision: \"1a2b3c4d5e6f\"\nbranch_labels: []\n"
      "depends_on: []\nmessage: \"add account table\"\n"
      "create_date: \"2026-11-23 20:00:00.123456\"\nupgrade: []\ndowngrade: []\n",
      "# a header comment\nrevision: aaaa   # the id\n\n  # an indented comment\n"
      "down_revision: [ bbbb , 'cccc' ,\"dddd\" ]  # a merge\nbranch_labels: feature\n"
      "message: it's a:b, c#d, 50% done   \ncreate_date:\nupgrade:\ndowngrade: ~\n",
      "revision: 0012\ndown_revision: 1e10\nmessage: 'say ''hi'' # not a comment'\n",
      "revision: aaaa\ndown_revision: ~\nbranch_labels: NULL\ndepends_on: Null\nmessage: null\n",
      "revision: aaaa\ndown_revision: null\nmessage: \"null\"\ncreate_date: ''\n",
      "revision: aaaa\ndown_revision: [ ]\ndepends_on: [x1, 'y 2']\nmessage: # none\n",
      "down_revision: bbbb\nupgrade: []   # nothing yet\nrevision: aaaa\n",
      "revision: aaaa\ndown_revision: [bbbb, null]\n",
      "revision: aaaa\ndown_revision: [bbbb,]\n",
      "revision: \"aa bb\"\ndown_revision: null\n",
      "revision: aaaa\ndown_revision: ''\n",
      "revision: aaaa\ndown_revision: null\nmessage: [a]\n",
      "revision: aaaa\ndown_revision: null\nupgrade: x\n",
      "revision: aaaa\ndown_revision: null\nrevision: bbbb\n",
      "revision: aaaa\r\ndown_revision: null\r\n",
      "revision: aaaa\ndown_revision: null\nmessage: -x and ?y\n",
      "revision: aaaa\ndown_revision: null\nmessage: see [docs] {x}\n",
      "revision: aaaa\n",
  };
  for (const char* text : texts) {
    SCOPED_TRACE(text);
    const Parsed fast = parse_either(text);
    const Parsed slow = parse_either(std::string(text) + "...\n");
    ASSERT_EQ(fast.ok, slow.ok) << fast.error << " / " << slow.error;
    EXPECT_EQ(fast.error, slow.error);
    if (!fast.ok) continue;
    EXPECT_EQ(fast.rev.id, slow.rev.id);
    EXPECT_EQ(fast.rev.down_revisions, slow.rev.down_revisions);
    EXPECT_EQ(fast.rev.branch_labels, slow.rev.branch_labels);
    EXPECT_EQ(fast.rev.depends_on, slow.rev.depends_on);
    EXPECT_EQ(fast.rev.message, slow.rev.message);
    EXPECT_EQ(fast.rev.create_date, slow.rev.create_date);
    EXPECT_EQ(fast.rev.path, slow.rev.path);
    EXPECT_EQ(fast.rev.lines.revision, slow.rev.lines.revision);
    EXPECT_EQ(fast.rev.lines.down_revision, slow.rev.lines.down_revision);
    EXPECT_EQ(fast.rev.lines.branch_labels, slow.rev.lines.branch_labels);
    EXPECT_EQ(fast.rev.lines.depends_on, slow.rev.lines.depends_on);
    EXPECT_EQ(fast.rev.lines.upgrade, slow.rev.lines.upgrade);
    EXPECT_EQ(fast.rev.lines.downgrade, slow.rev.lines.downgrade);
    ASSERT_NE(fast.rev.body, nullptr);
    ASSERT_NE(slow.rev.body, nullptr);
    EXPECT_EQ(parse_operations(fast.rev, Direction::Upgrade).size(), 0u);
    EXPECT_EQ(parse_operations(fast.rev, Direction::Downgrade).size(), 0u);
  }
}

struct BadFile {
  const char* text;
  const char* where;    // "file:line" the message must start with
  const char* message;  // a substring of the message
};

void PrintTo(const BadFile& bad, std::ostream* os) { *os << bad.message; }

std::string bad_file_name(const ::testing::TestParamInfo<BadFile>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* c = info.param.message; *c != '\0' && name.size() < 40; ++c) {
    if (std::isalnum(static_cast<unsigned char>(*c))) {
      name += *c;
    } else if (name.back() != '_') {
      name += '_';
    }
  }
  return name;
}

class BadRevisionFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadRevisionFile, IsAClearOneLineError) {
  const BadFile& bad = GetParam();
  try {
    parse_revision_text(bad.text, "versions/bad.yaml");
    FAIL() << "no error for:\n" << bad.text;
  } catch (const RevisionFileError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(bad.where, 0), 0u) << what;
    EXPECT_NE(what.find(bad.message), npos) << what;
    EXPECT_EQ(what.find('\n'), npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadRevisionFile,
    ::testing::Values(
        BadFile{"revision: aaaa\ndown_revision: [bbbb\nupgrade: []\n",
                "versions/bad.yaml:3:", "invalid YAML"},
        BadFile{"revision: aaaa\n  down_revision: x\n", "versions/bad.yaml:", "invalid YAML"},
        BadFile{"", "versions/bad.yaml", "a revision file is a YAML map"},
        BadFile{"- revision: aaaa\n", "versions/bad.yaml:1:1", "a revision file is a YAML map"},
        BadFile{"down_revision: null\n", "versions/bad.yaml:1:1", "missing key 'revision'"},
        BadFile{"revision: aaaa\n", "versions/bad.yaml:1:1", "missing key 'down_revision'"},
        BadFile{"revision: aaaa\ndown_revisions: bbbb\n", "versions/bad.yaml:2:1",
                "unknown key 'down_revisions'; did you mean 'down_revision'?"},
        BadFile{"revision: aaaa\ndown_revision: bbbb\ndepend_on: [cccc]\n", "versions/bad.yaml:3:1",
                "did you mean 'depends_on'?"},
        BadFile{"revision: [aaaa]\ndown_revision: null\n", "versions/bad.yaml:1:11",
                "revision must be a single value"},
        BadFile{"revision: null\ndown_revision: null\n", "versions/bad.yaml:1:1",
                "revision must name the revision id"},
        BadFile{"revision: aa-bb\ndown_revision: null\n", "versions/bad.yaml:1:11",
                "'-' not allowed in revision identifier 'aa-bb'"},
        BadFile{"revision: head\ndown_revision: null\n", "versions/bad.yaml:1:11", "reserved"},
        BadFile{"revision: aaaa\ndown_revision: {a: b}\n", "versions/bad.yaml:2:16",
                "down_revision must be null, an id, or a list of ids"},
        BadFile{"revision: aaaa\ndown_revision: [[bbbb]]\n", "versions/bad.yaml:2:17",
                "down_revision entries must be revision ids or labels"},
        BadFile{"revision: aaaa\ndown_revision: null\nrevision: bbbb\n", "versions/bad.yaml:3:1",
                "duplicate key 'revision'"},
        BadFile{"revision: aaaa\ndown_revision: null\nupgrade: {create_table: {}}\n",
                "versions/bad.yaml:3:10", "upgrade must be a list of operations"}),
    bad_file_name);

TEST(RevisionFile, UnreadableFile) {
  try {
    read_revision_file("/nonexistent/retort/versions/x.yaml");
    FAIL();
  } catch (const RevisionFileError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/retort/versions/x.yaml: cannot read"), npos)
        << e.what();
  }
}

}  // namespace
}  // namespace retort::migrations
