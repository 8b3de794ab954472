// The runtime as a library: MigrationContext on every backend (version table,
// retort_history, checksums, the lock), and the SHA-256 behind the checksums.
#include "retort/migrations/runtime.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "retort/engine/inspector.hpp"
#include "support/backends.hpp"
#include "support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::migrations;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) stay distinct
  // and stable.
  EXPECT_EQ(sha256_hex(std::string(55, 'x')).size(), 64u);
  EXPECT_NE(sha256_hex(std::string(55, 'x')), sha256_hex(std::string(56, 'x')));
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

class Runtime : public retort::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const std::string t = retort::testing::current_test_name();
    const std::string abbrev = retort::testing::test_abbrev();
    // The pid keeps runs from other build folders, on the same server database, apart.
    p_ = retort::testing::pid_prefix("rt" + abbrev);
    url_ = is("sqlite") ? retort::testing::fresh_sqlite_url("runtime_" + abbrev) : url();
    dir_ = fs::temp_directory_path() /
           ("retort-runtime-" + name() + "-" + t + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "versions");
    engine_ = retort::create_engine(url_);
    config_.version_table = p_ + "ver";
    clean();
  }
  void TearDown() override {
    clean();
    fs::remove_all(dir_);
  }
  void clean() { retort::testing::drop_prefixed_tables(engine_, p_); }
  void write_rev(const std::string& id, const std::string& down, const std::string& table) {
    std::ofstream out(dir_ / "versions" / (id + ".yaml"));
    out << "revision: " << id << "\ndown_revision: " << (down.empty() ? "null" : down)
        << "\nmessage: make " << table << "\nupgrade:\n  - execute: \"CREATE TABLE " << p_ << table
        << " (id INTEGER PRIMARY KEY)\"\ndowngrade:\n  - execute: \"DROP TABLE " << p_ << table
        << "\"\n";
  }
  ScriptDirectory scripts() { return ScriptDirectory::load({dir_ / "versions"}); }
  // A revision file whose upgrade list is `upgrade` (YAML list items); every
  // "P_" in it becomes the test's table prefix.
  void write_ops(const std::string& id, const std::string& down, std::string upgrade) {
    for (auto at = upgrade.find("P_"); at != std::string::npos; at = upgrade.find("P_", at))
      upgrade.replace(at, 2, p_);
    std::ofstream out(dir_ / "versions" / (id + ".yaml"));
    out << "revision: " << id << "\ndown_revision: " << (down.empty() ? "null" : down)
        << "\nmessage: " << id << "\nupgrade:\n"
        << upgrade << "downgrade: []\n";
  }
  std::vector<std::string> rows(const std::string& sql) {
    auto conn = engine_.connect();
    std::vector<std::string> out;
    for (const auto& row : conn.execute(sql).all()) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i)
        line += (i ? "|" : "") + row[i].as<std::string>().value_or("NULL");
      out.push_back(line);
    }
    return out;
  }

  std::string p_, url_;
  fs::path dir_;
  retort::Engine engine_;
  Config config_;
};

TEST_P(Runtime, UpgradeDowngradeAndHistory) {
  write_rev("r1", "", "one");
  write_rev("r2", "r1", "two");
  auto sd = scripts();
  std::vector<std::string> lines;
  RunOptions ro;
  ro.log = [&](const std::string& l) { lines.push_back(l); };
  MigrationContext mc(config_, engine_, sd, ro);
  EXPECT_TRUE(mc.current_heads().empty());
  EXPECT_TRUE(mc.applied_history().empty());
  auto up = mc.upgrade("head");
  ASSERT_EQ(up.steps.size(), 2u);
  EXPECT_EQ(up.steps[0].revision, "r1");
  EXPECT_EQ(up.steps[1].from, std::vector<std::string>{"r1"});
  EXPECT_EQ(up.steps[1].statements, 1);
  EXPECT_EQ(up.heads_after, std::vector<std::string>{"r2"});
  EXPECT_EQ(mc.current_heads(), std::vector<std::string>{"r2"});
  EXPECT_NE(std::find(lines.begin(), lines.end(), "Running upgrade r1 -> r2, make two"),
            lines.end());
  EXPECT_EQ(mc.history_table(), p_ + "ver_history");

  auto hist = mc.applied_history();
  ASSERT_EQ(hist.size(), 2u);
  std::ifstream in(dir_ / "versions" / "r1.yaml", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(hist[0].revision, "r1");
  EXPECT_EQ(hist[0].direction, "upgrade");
  EXPECT_EQ(hist[0].checksum, sha256_hex(text));
  EXPECT_EQ(hist[0].status, "applied");
  EXPECT_EQ(hist[0].operations_done, 1);
  EXPECT_FALSE(hist[0].applied_by.empty());
  EXPECT_EQ(hist[0].applied_at.size(), 19u);
  EXPECT_NE(hist[0].statements.find("CREATE TABLE " + p_ + "one"), std::string::npos);

  auto down = mc.downgrade("base");
  EXPECT_EQ(down.steps.size(), 2u);
  EXPECT_TRUE(mc.current_heads().empty());
  EXPECT_EQ(mc.applied_history().size(), 4u);
  EXPECT_TRUE(mc.upgrade("base").steps.empty());
}

TEST_P(Runtime, StampWithoutRunning) {
  write_rev("r1", "", "one");
  write_rev("r2", "r1", "two");
  auto sd = scripts();
  MigrationContext mc(config_, engine_, sd);
  auto r = mc.stamp({"r2"}, false);
  EXPECT_EQ(r.heads_after, std::vector<std::string>{"r2"});
  EXPECT_EQ(mc.current_heads(), std::vector<std::string>{"r2"});
  auto conn = engine_.connect();
  EXPECT_FALSE(retort::Inspector(conn).has_table(p_ + "two"));
  conn.close();
  mc.stamp({"r1"}, true);
  EXPECT_EQ(mc.current_heads(), std::vector<std::string>{"r1"});
  mc.stamp({"base"}, false);
  EXPECT_TRUE(mc.current_heads().empty());
}

TEST_P(Runtime, SecondRunnerTimesOutOnTheLock) {
  write_rev("r1", "", "one");
  auto sd = scripts();
  bool checked = false;
  RunOptions ro;
  ro.log = [&](const std::string& line) {
    if (line.rfind("Running upgrade", 0) != 0) return;
    // The first runner holds the lock here; a second one must give up after its
    // timeout.
    auto other_engine = retort::create_engine(url_);
    RunOptions quick;
    quick.lock_timeout = std::chrono::milliseconds(300);
    MigrationContext other(config_, other_engine, sd, quick);
    try {
      other.upgrade("head");
      ADD_FAILURE() << "the second runner did not wait for the lock";
    } catch (const LockTimeout& e) {
      EXPECT_NE(std::string(e.what()).find("migration lock on " + config_.version_table),
                std::string::npos)
          << e.what();
    }
    checked = true;
  };
  MigrationContext mc(config_, engine_, sd, ro);
  mc.upgrade("head");
  EXPECT_TRUE(checked);
  EXPECT_EQ(mc.current_heads(), std::vector<std::string>{"r1"});
  EXPECT_EQ(mc.applied_history().size(), 1u);
}

// Operations that SQLite does by copying the table (a type change, a column
// with an index dropped, constraints added and dropped), on a table whose rows
// other rows reference: the runtime turns SQLite's foreign keys off around
// its transactions and checks them before each COMMIT, so the copy keeps every
// row and reference, and a revision that breaks a reference is rolled back.
TEST_P(Runtime, CopyingAReferencedTableKeepsRowsAndReferences) {
  write_ops("r1", "", R"(  - create_table:
      name: P_grand
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
  - create_table:
      name: P_parent
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: name, type: String(20), nullable: false}
        - {name: note, type: String(10)}
        - {name: grand_id, type: Integer}
      indexes:
        - {name: ix_P_parent_note, columns: [note]}
      foreign_keys:
        - {name: fk_P_parent_grand, columns: [grand_id], references: P_grand(id)}
  - create_table:
      name: P_child
      columns:
        - {name: id, type: Integer, primary_key: true, autoincrement: false}
        - {name: parent_id, type: Integer, nullable: false}
      foreign_keys:
        - {name: fk_P_child_parent, columns: [parent_id], references: P_parent(id)}
  - bulk_insert: {table: P_grand, rows: [{id: 7}]}
  - bulk_insert:
      table: P_parent
      rows: [{id: 1, name: one, note: a, grand_id: 7}, {id: 2, name: two, note: b, grand_id: 7}]
  - bulk_insert: {table: P_child, rows: [{id: 10, parent_id: 1}, {id: 20, parent_id: 2}]}
)");
  write_ops("r2", "r1", R"(  - alter_column: {table: P_parent, name: name, type: String(100)}
  - alter_column: {table: P_parent, name: note, nullable: false, existing_type: String(10)}
  - drop_constraint: {name: fk_P_parent_grand, table: P_parent, type_: foreignkey}
  - drop_index: {name: ix_P_parent_note, table: P_parent}
  - drop_column: {table: P_parent, name: grand_id}
  - create_unique_constraint: {name: uq_P_parent_name, table: P_parent, columns: [name]}
  - create_check_constraint: {name: ck_P_parent_id, table: P_parent, condition: "id > 0"}
)");
  auto sd = scripts();
  MigrationContext mc(config_, engine_, sd);
  ASSERT_NO_THROW(mc.upgrade("r1"));
  // One step per revision file: r2 is a copy on SQLite for most operations.
  ASSERT_NO_THROW(mc.upgrade("r2"));
  EXPECT_EQ(rows("SELECT id, name, note FROM " + p_ + "parent ORDER BY id"),
            (std::vector<std::string>{"1|one|a", "2|two|b"}));
  EXPECT_EQ(rows("SELECT id, parent_id FROM " + p_ + "child ORDER BY id"),
            (std::vector<std::string>{"10|1", "20|2"}));
  {
    auto conn = engine_.connect();
    auto parent = retort::Inspector(conn).table(p_ + "parent");
    ASSERT_TRUE(parent);
    EXPECT_EQ(parent->column("name")->type.length, 100);
    EXPECT_FALSE(parent->column("note")->nullable);
    EXPECT_EQ(parent->column("grand_id"), nullptr);
    auto child = retort::Inspector(conn).table(p_ + "child");
    ASSERT_TRUE(child);
    ASSERT_EQ(child->foreign_keys.size(), 1u);
    EXPECT_EQ(child->foreign_keys[0].referred_table, p_ + "parent");
    conn.rollback();
    // Foreign keys are enforced again afterwards (SQLite: on the pooled
    // connection the runtime used, too).
    EXPECT_THROW(conn.execute("INSERT INTO " + p_ + "child (id, parent_id) VALUES (30, 99)"),
                 retort::IntegrityError);
    conn.rollback();
  }

  // A revision that leaves a row pointing nowhere fails and is rolled back.
  write_ops("r3", "r2", "  - execute: \"DELETE FROM P_parent WHERE id = 1\"\n");
  auto sd3 = scripts();
  MigrationContext mc3(config_, engine_, sd3);
  try {
    mc3.upgrade("head");
    ADD_FAILURE() << "a revision breaking a foreign key was applied";
  } catch (const MigrationFailed& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_NE(what.find("revision r3 failed"), std::string::npos) << what;
    EXPECT_NE(what.find(p_ + "child"), std::string::npos) << what;
    if (is("sqlite")) {
      // The child row with id 10 is the table's first row: rowid 1.
      EXPECT_NE(what.find("foreign key violated: table '" + p_ + "child' rowid 1 references a "
                          "missing row of '" + p_ + "parent'"),
                std::string::npos)
          << what;
    }
  }
  EXPECT_EQ(mc3.current_heads(), std::vector<std::string>{"r2"});
  EXPECT_EQ(rows("SELECT id FROM " + p_ + "parent ORDER BY id"),
            (std::vector<std::string>{"1", "2"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, Runtime, ::testing::ValuesIn(retort::testing::backends()),
                         retort::testing::backend_name);

}  // namespace
