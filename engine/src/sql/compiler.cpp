// compile() and the per-statement memo of compiled forms.
#include "retort/engine/sql/compiler.hpp"

#include "retort/engine/error.hpp"
#include "sql/sql_compiler.hpp"

namespace retort::sql {

Compiled compile(const Executable& stmt, const Dialect& dialect, CompileOptions options) {
  if (!stmt.node()) throw CompileError("an empty statement");
  return detail::SqlCompiler(dialect, options).compile(*stmt.node());
}

std::shared_ptr<const Compiled> compiled(const Executable& stmt, const Dialect& dialect) {
  auto& memo = stmt.memo();
  std::lock_guard lock(memo.mu);
  for (const auto& [d, c] : memo.by_dialect)
    if (d == &dialect) return c;
  auto c = std::make_shared<const Compiled>(compile(stmt, dialect));
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
