// Autogenerate benchmark (issue 6): what `retort revision --autogenerate`
// does on a 500-table model whose live database has drifted by about 10%,
// next to Alembic 1.8 (bench/autogen_alembic.py, run with Debian's
// /usr/bin/python3) on the same database, in the same run. See
// docs/benchmarks.md ("Autogenerate against Alembic"); bench/run_autogen.sh
// builds it and starts the servers.
//
// bench/gen_autogen_model.py writes the model (Retort schema YAML and the same
// schema as a SQLAlchemy MetaData) and a drifted copy; autogen_alembic.py
// creates the live database from the copy with SQLAlchemy's create_all. Then,
// per backend:
//
//   retort API   load_target_metadata + reflect_live_schema + compare_schema +
//                render_operations on one open connection (what the CLI runs);
//   retort CLI   `retort revision --autogenerate -m drift`, a fresh process
//                per run, in a project whose target_metadata is the model;
//   Alembic API  MigrationContext.configure(conn, compare_type=True) +
//                produce_migrations + render_python_code, in one process on
//                one connection;
//   Alembic CLI  `python3 -m alembic revision --autogenerate -m drift`.
//
// Each: one unmeasured run, then the median of the measured ones. retort's
// changes are checked against the drift the generator applied (every one
// found, nothing else), so a fast wrong answer fails the run.
//
// Targets: retort at least 20x faster than Alembic (API against API, CLI
// against CLI) on SQLite and PostgreSQL, and under 1 s on PostgreSQL. MySQL
// (MariaDB) rows are informational. Exit status: 0 when every target is met,
// 1 when one is missed or a backend failed, 2 for bad arguments.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "retort/engine/engine.hpp"
#include "retort/engine/url.hpp"
#include "retort/migrations/autogenerate.hpp"
#include "retort/migrations/config.hpp"

#ifndef RETORT_AUTOGEN_BENCH_DIR
#define RETORT_AUTOGEN_BENCH_DIR "bench"
#endif
#ifndef RETORT_AUTOGEN_RETORT_BIN
#define RETORT_AUTOGEN_RETORT_BIN "retort"
#endif

namespace fs = std::filesystem;
namespace mig = retort::migrations;

namespace {

using retort::bench::Backend;
using retort::bench::env;
using retort::bench::median;
using retort::bench::random_suffix;

constexpr double kTargetRatio = 20.0;
constexpr double kTargetPgSeconds = 1.0;

struct Options {
  int tables = 500;
  double drift = 0.10;
  int reps = 7;
  int cli_reps = 5;
  int alembic_reps = 3;
  int alembic_cli_reps = 3;
  std::vector<std::string> backends;
  std::string python = "/usr/bin/python3";
  std::string scripts = RETORT_AUTOGEN_BENCH_DIR;
  std::string retort = RETORT_AUTOGEN_RETORT_BIN;
  bool alembic = true;
  bool cli = true;
  bool alembic_server_default = false;
  bool keep = false;
};

[[noreturn]] void usage(std::FILE* out, int rc) {
  std::fprintf(out,
               "usage: retort_autogen_bench [--tables N] [--drift F] [--reps N] [--cli-reps N]\n"
               "         [--alembic-reps N] [--alembic-cli-reps N]\n"
               "         [--backend sqlite|postgresql|mysql]... [--python PATH] [--retort PATH]\n"
               "         [--no-alembic] [--no-cli] [--alembic-server-default] [--keep]\n"
               "Servers: RETORT_BENCH_POSTGRESQL_URL (else RETORT_TEST_POSTGRESQL_URL),\n"
               "         RETORT_BENCH_MYSQL_URL (else RETORT_TEST_MYSQL_URL).\n");
  std::exit(rc);
}

Options parse_args(int argc, char** argv) {
  Options o;
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) usage(stderr, 2);
    return argv[++i];
  };
  auto count = [&](int& i, int min) {
    const std::string flag = argv[i];
    const std::string v = value(i);
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (*end || n < min) {
      std::fprintf(stderr, "%s must be a number of at least %d\n", flag.c_str(), min);
      std::exit(2);
    }
    return static_cast<int>(n);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--tables") {
      o.tables = count(i, 10);
    } else if (a == "--drift") {
      o.drift = std::strtod(value(i).c_str(), nullptr);
      if (!(o.drift >= 0 && o.drift <= 0.5)) {
        std::fprintf(stderr, "--drift must be between 0 and 0.5\n");
        std::exit(2);
      }
    } else if (a == "--reps") {
      o.reps = count(i, 1);
    } else if (a == "--cli-reps") {
      o.cli_reps = count(i, 1);
    } else if (a == "--alembic-reps") {
      o.alembic_reps = count(i, 1);
    } else if (a == "--alembic-cli-reps") {
      o.alembic_cli_reps = count(i, 1);
    } else if (a == "--backend") {
      const std::string v = value(i);
      if (v != "sqlite" && v != "postgresql" && v != "mysql") {
        std::fprintf(stderr, "unknown backend '%s'\n", v.c_str());
        std::exit(2);
      }
      if (std::find(o.backends.begin(), o.backends.end(), v) == o.backends.end())
        o.backends.push_back(v);
    } else if (a == "--python") {
      o.python = value(i);
    } else if (a == "--retort") {
      o.retort = value(i);
    } else if (a == "--no-alembic") {
      o.alembic = false;
    } else if (a == "--no-cli") {
      o.cli = false;
    } else if (a == "--alembic-server-default") {
      o.alembic_server_default = true;
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "-h" || a == "--help") {
      usage(stdout, 0);
    } else {
      usage(stderr, 2);
    }
  }
  if (o.backends.empty()) o.backends = {"sqlite", "postgresql"};
  // The CLI runs inside the project folders: a relative path would not resolve there.
  if (o.retort.find('/') != std::string::npos) o.retort = fs::absolute(o.retort).string();
  if (o.python.find('/') != std::string::npos) o.python = fs::absolute(o.python).string();
  return o;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; its standard output, or an error with its exit status
// and output.
std::string run(const std::string& cmd) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(cmd + " failed (status " + std::to_string(status) + "):\n" + out);
  return out;
}

// `key=value` from a line the Python scripts print.
std::optional<std::string> field(const std::string& out, const std::string& key) {
  const auto at = out.find(key + "=");
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + key.size() + 1;
  return out.substr(start, out.find_first_of(" \n", start) - start);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The drift the generator applied, from drift.json: "kind table.object".
std::multiset<std::string> expected_changes(const fs::path& drift_json) {
  const std::string text = read_file(drift_json);
  std::multiset<std::string> out;
  std::size_t at = 0;
  auto value_of = [&](const std::string& key, std::size_t from) {
    const auto k = text.find("\"" + key + "\": \"", from);
    if (k == std::string::npos) throw std::runtime_error(drift_json.string() + ": no " + key);
    const auto s = k + key.size() + 5;
    return text.substr(s, text.find('"', s) - s);
  };
  while ((at = text.find("\"kind\":", at)) != std::string::npos) {
    out.insert(value_of("kind", at) + " " + value_of("table", at) + "." + value_of("object", at));
    ++at;
  }
  return out;
}

// The Python side; the URL goes through the environment so that the password
// stays out of the process list.
std::string run_python(const Options& o, const Backend& b, const std::string& args) {
  ::setenv("RETORT_AUTOGEN_SA_URL", b.sqlalchemy_url.c_str(), 1);
  try {
    std::string out =
        run(quote(o.python) + " " + quote(o.scripts + "/autogen_alembic.py") + " " + args);
    ::unsetenv("RETORT_AUTOGEN_SA_URL");
    return out;
  } catch (...) {
    ::unsetenv("RETORT_AUTOGEN_SA_URL");
    throw;
  }
}

struct Phases {
  std::vector<double> load, reflect, compare, render, total;
};

struct Result {
  std::string backend;
  bool targeted = true;  // sqlite and postgresql; mysql is informational
  double api_s = 0;
  double load_s = 0, reflect_s = 0, compare_s = 0, render_s = 0;
  double load_min = 0, reflect_min = 0, compare_min = 0, render_min = 0, api_min = 0;
  std::vector<double> api_runs;
  std::optional<double> cli_s;
  std::vector<double> cli_runs;
  std::size_t changes = 0;
  std::map<std::string, int> change_kinds;
  std::optional<double> alembic_s;
  std::string alembic_runs;
  std::optional<int> alembic_diffs;
  std::string alembic_kinds;
  std::optional<double> alembic_cli_s;
  std::string alembic_cli_runs;
  std::optional<double> alembic_sd_s;  // --alembic-server-default
  std::optional<int> alembic_sd_diffs;
  Phases ph;  // every measured API run, both halves
};

// The retort project the CLI runs in: target_metadata is the model, the URL
// comes from the environment.
fs::path make_project(const Options& o, const fs::path& dir, const fs::path& model) {
  fs::create_directories(dir);
  run("cd " + quote(dir.string()) + " && " + quote(o.retort) + " init migrations >/dev/null");
  std::ofstream f(dir / "retort.yaml", std::ios::trunc);
  f << "# Written by retort_autogen_bench.\n"
    << "script_location: migrations\n"
    << "url: ${RETORT_AUTOGEN_URL}\n"
    << "target_metadata: [" << model.string() << "]\n"
    << "exclude_tables: [alembic_version]\n";
  return dir / "retort.yaml";
}

void clear_versions(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") fs::remove(e.path());
}

// `api_reps` API runs and `cli_reps` CLI runs, each series after one
// unmeasured run, added to those of earlier calls (the benchmark measures
// half of retort's runs before Alembic's and half after, so that both tools
// see the same changes of the machine's load).
void run_retort(const Options& o, const Backend& b, const fs::path& work, const fs::path& model,
                const std::multiset<std::string>& expected, int api_reps, int cli_reps,
                Result& r) {
  const fs::path project = work / (b.name + "-retort");
  const fs::path config_file =
      fs::exists(project / "retort.yaml") ? project / "retort.yaml" : make_project(o, project, model);
  ::setenv("RETORT_AUTOGEN_URL", b.url.c_str(), 1);
  const mig::Config config = mig::load_config(config_file);

  // The API: the steps of `retort revision --autogenerate`, on one connection.
  auto engine = retort::create_engine(b.url);
  auto conn = engine.connect();
  Phases& ph = r.ph;
  std::size_t rendered = 0;
  std::vector<mig::SchemaChange> changes;
  for (int i = 0; i <= api_reps; ++i) {  // the first run warms up
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const retort::MetaData declared = mig::load_target_metadata(config);
    const auto t1 = clock::now();
    auto options = mig::autogenerate_options(config);
    const retort::MetaData live = mig::reflect_live_schema(conn, config, options);
    conn.rollback();
    const auto t2 = clock::now();
    mig::SchemaDiff diff = mig::compare_schema(declared, live, conn.dialect(), options);
    const auto t3 = clock::now();
    const std::string text = mig::render_operations(diff);
    const auto t4 = clock::now();
    if (i > 0) {
      auto d = [](auto a, auto z) { return std::chrono::duration<double>(z - a).count(); };
      ph.load.push_back(d(t0, t1));
      ph.reflect.push_back(d(t1, t2));
      ph.compare.push_back(d(t2, t3));
      ph.render.push_back(d(t3, t4));
      ph.total.push_back(d(t0, t4));
    } else {
      changes = diff.changes;
    }
    if (i > 0 && diff.changes.size() != changes.size())
      throw std::runtime_error("retort found " + std::to_string(diff.changes.size()) +
                               " changes in run " + std::to_string(i) + ", " +
                               std::to_string(changes.size()) + " in the first");
    rendered = text.size();
  }
  engine.dispose();
  if (rendered == 0) throw std::runtime_error("retort rendered no operations");
  r.api_s = median(ph.total);
  r.api_runs = ph.total;
  r.load_s = median(ph.load);
  r.reflect_s = median(ph.reflect);
  r.compare_s = median(ph.compare);
  r.render_s = median(ph.render);
  auto least = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
  r.load_min = least(ph.load);
  r.reflect_min = least(ph.reflect);
  r.compare_min = least(ph.compare);
  r.render_min = least(ph.render);
  r.api_min = least(ph.total);
  r.changes = changes.size();

  // Every change the drift made, and nothing else.
  std::multiset<std::string> found;
  r.change_kinds.clear();
  for (const auto& c : changes) {
    ++r.change_kinds[std::string(mig::change_kind_name(c.kind))];
    found.insert(std::string(mig::change_kind_name(c.kind)) + " " + c.table + "." + c.object);
  }
  std::vector<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(),
                      std::back_inserter(missing));
  std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  if (!missing.empty() || !extra.empty()) {
    std::string msg = "retort's changes differ from the drift applied:";
    for (const auto& m : missing) msg += "\n  missing: " + m;
    for (const auto& c : changes) {
      const std::string key =
          std::string(mig::change_kind_name(c.kind)) + " " + c.table + "." + c.object;
      if (std::find(extra.begin(), extra.end(), key) != extra.end())
        msg += "\n  unexpected: " + c.describe();
    }
    throw std::runtime_error(msg);
  }

  // The CLI, a fresh process per run; the revision file it writes is removed
  // before the next run (the database must be at the heads).
  if (o.cli && cli_reps > 0) {
    const fs::path versions = config_file.parent_path() / "migrations" / "versions";
    const std::string cmd = quote(o.retort) + " -c " + quote(config_file.string()) +
                            " revision --autogenerate -m drift >/dev/null";
    for (int i = 0; i <= cli_reps; ++i) {
      clear_versions(versions);
      const auto t0 = std::chrono::steady_clock::now();
      run(cmd);
      const double s = seconds_since(t0);
      if (i > 0) r.cli_runs.push_back(s);
    }
    clear_versions(versions);
    r.cli_s = median(r.cli_runs);
  }
  ::unsetenv("RETORT_AUTOGEN_URL");
}

void run_alembic(const Options& o, const Backend& b, const fs::path& work, Result& r) {
  const std::string module = quote((work / "model_sa.py").string());
  {
    const std::string out =
        run_python(o, b, "inprocess --module " + module + " --no-server-default --reps " +
                             std::to_string(o.alembic_reps) + " --dump " +
                             quote((work / (b.name + "-alembic-diffs.txt")).string()));
    const auto s = field(out, "seconds");
    const auto d = field(out, "diffs");
    if (!s || !d) throw std::runtime_error("autogen_alembic.py printed no result: " + out);
    r.alembic_s = std::strtod(s->c_str(), nullptr);
    r.alembic_runs = field(out, "runs").value_or("");
    r.alembic_diffs = std::atoi(d->c_str());
    r.alembic_kinds = field(out, "kinds").value_or("");
  }
  if (o.alembic_server_default) {
    const std::string out = run_python(o, b, "inprocess --module " + module + " --reps " +
                                                 std::to_string(o.alembic_reps));
    if (const auto s = field(out, "seconds")) r.alembic_sd_s = std::strtod(s->c_str(), nullptr);
    if (const auto d = field(out, "diffs")) r.alembic_sd_diffs = std::atoi(d->c_str());
  }
  if (o.cli) {
    const std::string out = run_python(
        o, b,
        "cli --module " + module + " --no-server-default --reps " +
            std::to_string(o.alembic_cli_reps) + " --project " +
            quote((work / (b.name + "-alembic")).string()));
    const auto s = field(out, "seconds");
    if (!s) throw std::runtime_error("autogen_alembic.py cli printed no result: " + out);
    r.alembic_cli_s = std::strtod(s->c_str(), nullptr);
    r.alembic_cli_runs = field(out, "runs").value_or("");
  }
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string runs_text(const std::vector<double>& v) {
  std::string out;
  for (double x : v) out += (out.empty() ? "" : ",") + fmt("%.4f", x);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  int failures = 0;
  const fs::path work = fs::temp_directory_path() / ("retort-autogen-bench-" + random_suffix());
  fs::create_directories(work);

  std::multiset<std::string> expected;
  std::string model_summary;
  try {
    model_summary = run(quote(opt.python) + " " + quote(opt.scripts + "/gen_autogen_model.py") +
                        " --out " + quote(work.string()) + " --tables " +
                        std::to_string(opt.tables) + " --drift " + fmt("%.4f", opt.drift));
    while (!model_summary.empty() && model_summary.back() == '\n') model_summary.pop_back();
    expected = expected_changes(work / "drift.json");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "generating the model failed: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "model: %s\n", model_summary.c_str());

  std::vector<Result> results;
  for (const std::string& name : opt.backends) {
    std::optional<Backend> b;
    try {
      if (name == "sqlite") {
        const std::string path = (work / "live.db").string();
        b = Backend{name, "sqlite:///" + path, "sqlite:///" + path, nullptr};
      } else {
        const auto url = name == "postgresql"
                             ? env("RETORT_BENCH_POSTGRESQL_URL", "RETORT_TEST_POSTGRESQL_URL")
                             : env("RETORT_BENCH_MYSQL_URL", "RETORT_TEST_MYSQL_URL");
        if (!url) {
          std::printf("%-10s skipped: no server URL in the environment\n", name.c_str());
          if (name == "postgresql") ++failures;  // a targeted backend that did not run
          continue;
        }
        b = retort::bench::server_backend(name, *url, "rt_autogen_bench_");
      }
      std::fprintf(stderr, "[%s] creating the live schema (%d tables)...\n", name.c_str(),
                   opt.tables);
      run_python(opt, *b, "create --module " + quote((work / "live_sa.py").string()));
      Result r;
      r.backend = name;
      r.targeted = name != "mysql";
      std::fprintf(stderr, "[%s] retort...\n", name.c_str());
      run_retort(opt, *b, work, work / "model.yaml", expected, (opt.reps + 1) / 2,
                 (opt.cli_reps + 1) / 2, r);
      std::fprintf(stderr, "[%s] retort API %.4f s, CLI %s s; Alembic...\n", name.c_str(),
                   r.api_s, r.cli_s ? fmt("%.4f", *r.cli_s).c_str() : "-");
      if (opt.alembic) run_alembic(opt, *b, work, r);
      if (opt.reps / 2 > 0 || (opt.cli && opt.cli_reps / 2 > 0)) {
        std::fprintf(stderr, "[%s] retort again...\n", name.c_str());
        run_retort(opt, *b, work, work / "model.yaml", expected, opt.reps / 2, opt.cli_reps / 2,
                   r);
      }
      results.push_back(r);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "[%s] FAILED: %s\n", name.c_str(), e.what());
      ++failures;
    }
    if (b) retort::bench::drop(*b);
  }

  std::printf("\nAutogenerate: %s (drift %.0f%%)\n", model_summary.c_str(), opt.drift * 100);
  std::printf(
      "retort: medians of %d API and %d CLI runs (half before Alembic's, half after); Alembic %s "
      "(compare_type=True): medians of %d API and %d CLI runs\n\n",
      opt.reps, opt.cli_reps,
      run("'" + opt.python + "' -c 'import alembic; print(alembic.__version__)'").substr(0, 5).c_str(),
      opt.alembic_reps, opt.alembic_cli_reps);
  std::printf("%-11s %-4s %11s %12s %8s %8s  %s\n", "backend", "row", "retort (s)", "Alembic (s)",
              "ratio", "changes", "target met");
  int missed = 0;
  for (const auto& r : results) {
    auto row = [&](const char* what, double rt, std::optional<double> al, bool under_1s) {
      const double ratio = al ? *al / rt : 0;
      const bool fast = !under_1s || rt < kTargetPgSeconds;
      const bool ok = !r.targeted || (fast && (!al || ratio >= kTargetRatio));
      std::printf("%-11s %-4s %11.4f %12s %8s %8s  %s\n", r.backend.c_str(), what, rt,
                  al ? fmt("%.3f", *al).c_str() : "-", al ? fmt("%.1fx", ratio).c_str() : "-",
                  (std::to_string(r.changes) + "/" +
                   (r.alembic_diffs ? std::to_string(*r.alembic_diffs) : std::string("-")))
                      .c_str(),
                  r.targeted ? (ok ? "yes" : "NO") : "(info)");
      if (!r.targeted) return;
      if (!fast) {
        std::printf("TARGET MISSED: %s %s took %.3f s (target < %.0f s)\n", r.backend.c_str(),
                    what, rt, kTargetPgSeconds);
        ++missed;
      }
      if (al && ratio < kTargetRatio) {
        std::printf("TARGET MISSED: %s %s only %.1fx faster than Alembic (target >= %.0fx)\n",
                    r.backend.c_str(), what, ratio, kTargetRatio);
        ++missed;
      }
    };
    const bool pg = r.backend == "postgresql";
    row("API", r.api_s, r.alembic_s, pg);
    if (r.cli_s) row("CLI", *r.cli_s, r.alembic_cli_s, pg);
  }
  std::printf("\nchanges: retort's / Alembic's (a changed column type counts once in both).\n");
  for (const auto& r : results) {
    std::string kinds;
    for (const auto& [k, n] : r.change_kinds) kinds += " " + k + "=" + std::to_string(n);
    std::printf("%-11s retort API phases, median (fastest) s: load model %.4f (%.4f), reflect "
                "%.4f (%.4f), compare %.4f (%.4f), render %.4f (%.4f); total fastest %.4f\n",
                r.backend.c_str(), r.load_s, r.load_min, r.reflect_s, r.reflect_min, r.compare_s,
                r.compare_min, r.render_s, r.render_min, r.api_min);
    std::printf("%-11s retort changes:%s\n", "", kinds.c_str());
    if (r.alembic_diffs)
      std::printf("%-11s Alembic diffs: %s\n", "", r.alembic_kinds.c_str());
    if (r.alembic_sd_s)
      std::printf("%-11s Alembic with compare_server_default=True: %.3f s, %d diffs\n", "",
                  *r.alembic_sd_s, r.alembic_sd_diffs.value_or(-1));
  }
  std::printf("\n");
  for (const auto& r : results) {
    std::printf("BENCH workload=autogenerate backend=%s tables=%d retort_api_s=%.4f "
                "retort_cli_s=%s alembic_api_s=%s alembic_cli_s=%s retort_changes=%zu "
                "alembic_diffs=%s retort_api_runs=%s retort_cli_runs=%s alembic_api_runs=%s "
                "alembic_cli_runs=%s\n",
                r.backend.c_str(), opt.tables, r.api_s,
                r.cli_s ? fmt("%.4f", *r.cli_s).c_str() : "-",
                r.alembic_s ? fmt("%.4f", *r.alembic_s).c_str() : "-",
                r.alembic_cli_s ? fmt("%.4f", *r.alembic_cli_s).c_str() : "-", r.changes,
                r.alembic_diffs ? std::to_string(*r.alembic_diffs).c_str() : "-",
                runs_text(r.api_runs).c_str(), runs_text(r.cli_runs).c_str(),
                r.alembic_runs.empty() ? "-" : r.alembic_runs.c_str(),
                r.alembic_cli_runs.empty() ? "-" : r.alembic_cli_runs.c_str());
  }
  if (opt.keep) {
    std::fprintf(stderr, "work files kept in %s\n", work.string().c_str());
  } else {
    std::error_code ec;
    fs::remove_all(work, ec);
  }
  if (failures) return 1;
  return missed ? 1 : 0;
}
