// compile() and the per-statement memo of compiled forms.
#include "retort/engine/sql/compiler.hpp"

#include "retort/engine/error.hpp"
#include <atomic>
#include <mutex>
#include <unordered_map>

#include "sql/shape.hpp"
#include "sql/sql_compiler.hpp"

namespace retort::sql {

namespace {
std::atomic<std::size_t> g_compiles{0};
}  // namespace

Compiled compile(const Executable& stmt, const Dialect& dialect, CompileOptions options) {
  if (!stmt.node()) throw CompileError("an empty statement");
  ++g_compiles;
  return detail::SqlCompiler(dialect, options).compile(*stmt.node());
}

namespace {

// Compiled forms by dialect and shape, shared by every statement of that shape.
struct ShapeCache {
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const Compiled>> by_key;
  static constexpr std::size_t kMax = 2000;
};

ShapeCache& shape_cache() {
  static auto* c = new ShapeCache();  // never destroyed: used until exit
  return *c;
}

std::shared_ptr<const Compiled> compile_by_shape(const Executable& stmt, const Dialect& dialect) {
  if (!stmt.node()) throw CompileError("an empty statement");
  detail::Shape shape = detail::shape_of(*stmt.node());
  std::string key(dialect.name());
  key += '\0';
  key += shape.key;
  auto& cache = shape_cache();
  std::shared_ptr<const Compiled> hit;
  {
    std::lock_guard lock(cache.mu);
    auto it = cache.by_key.find(key);
    if (it != cache.by_key.end()) hit = it->second;
  }
  if (hit) {
    // Same SQL; this statement's own values.
    auto c = std::make_shared<Compiled>(*hit);
    for (auto& slot : c->binds) slot.value = shape.values[static_cast<std::size_t>(slot.ordinal)];
    // This statement's own column elements (the cached ones are another statement's).
    if (const auto* els = detail::result_elements(*stmt.node()); els && !els->empty())
      c->columns = std::make_shared<const std::vector<NodePtr>>(*els);
    return c;
  }
  detail::SqlCompiler compiler(dialect, {}, &shape.ordinals);
  auto c = std::make_shared<const Compiled>(compiler.compile(*stmt.node()));
  ++g_compiles;
  if (compiler.shape_complete()) {
    std::lock_guard lock(cache.mu);
    if (cache.by_key.size() >= ShapeCache::kMax) cache.by_key.clear();
    cache.by_key.emplace(std::move(key), c);
  }
  return c;
}

}  // namespace

std::size_t compile_count() { return g_compiles.load(); }

std::shared_ptr<const Compiled> compiled(const Executable& stmt, const Dialect& dialect) {
  auto& memo = stmt.memo();
  std::lock_guard lock(memo.mu);
  for (const auto& [d, c] : memo.by_dialect)
    if (d == &dialect) return c;
  auto c = compile_by_shape(stmt, dialect);
  memo.by_dialect.emplace_back(&dialect, c);
  return c;
}

void Compiled::params_into(const Params& params, std::vector<Value>& out) const {
  out.resize(binds.size());
  for (std::size_t i = 0; i < binds.size(); ++i) {
    const BindSlot& b = binds[i];
    const Value* v = b.value ? &*b.value : nullptr;
    if (!b.name.empty()) {
      for (const auto& [k, pv] : params)
        if (k == b.name) {
          v = &pv;
          break;
        }
      if (!v)
        throw ArgumentError("a value is required for bind parameter '" + b.name + "' in: " +
                            sql.substr(0, 200));
    }
    if (b.type && b.type->kind == TypeKind::Decorated)
      out[i] = b.type->to_db(*v);
    else
      out[i] = *v;
  }
}

std::vector<Value> Compiled::params(const Params& p) const {
  std::vector<Value> out;
  params_into(p, out);
  return out;
}

}  // namespace retort::sql
