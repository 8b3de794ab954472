// The undo log's JSON: written with json_quote, read by a reader that knows
// only the shape it writes.
#include "runtime/undo_log.hpp"

#include "retort/engine/error.hpp"
#include "retort/engine/json.hpp"

namespace retort::migrations::runtime {

std::string encode_undo_log(const std::vector<UndoEntry> &entries) {
  std::string out = "[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto &e = entries[i];
    out += (i ? ", " : "") + std::string("{\"operation\": ") +
           json_quote(e.operation) + ", \"undo\": ";
    if (!e.statements) {
      out += "null}";
      continue;
    }
    out += "[";
    for (std::size_t j = 0; j < e.statements->size(); ++j)
      out += (j ? ", " : "") + json_quote((*e.statements)[j]);
    out += "]}";
  }
  return out + "]";
}

namespace {

class Reader {
public:
  explicit Reader(std::string_view t) : t_(t) {}
  void ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' ||
                              t_[i_] == '\t' || t_[i_] == '\r'))
      ++i_;
  }
  bool peek(char c) {
    ws();
    return i_ < t_.size() && t_[i_] == c;
  }
  void expect(char c) {
    if (!peek(c))
      fail(std::string("expected '") + c + "'");
    ++i_;
  }
  bool literal(std::string_view word) {
    ws();
    if (t_.substr(i_, word.size()) != word)
      return false;
    i_ += word.size();
    return true;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < t_.size() && t_[i_] != '"') {
      char c = t_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= t_.size())
        fail("unfinished escape");
      char e = t_[i_++];
      switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        if (i_ + 4 > t_.size())
          fail("short \\u escape");
        unsigned cp = static_cast<unsigned>(
            std::stoul(std::string(t_.substr(i_, 4)), nullptr, 16));
        i_ += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && t_.substr(i_, 2) == "\\u" &&
            i_ + 6 <= t_.size()) {
          unsigned lo = static_cast<unsigned>(
              std::stoul(std::string(t_.substr(i_ + 2, 4)), nullptr, 16));
          i_ += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        utf8(out, cp);
        break;
      }
      default:
        out += e; // \" \\ \/
      }
    }
    expect('"');
    return out;
  }
  [[noreturn]] void fail(const std::string &why) const {
    throw Error("the undo log in the history table is damaged (" + why +
                " at offset " + std::to_string(i_) + ")");
  }
  bool at_end() {
    ws();
    return i_ == t_.size();
  }

private:
  static void utf8(std::string &out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::string_view t_;
  std::size_t i_ = 0;
};

} // namespace

std::vector<UndoEntry> decode_undo_log(std::string_view text) {
  std::vector<UndoEntry> out;
  if (text.empty())
    return out;
  Reader r(text);
  r.expect('[');
  while (!r.peek(']')) {
    if (!out.empty())
      r.expect(',');
    r.expect('{');
    UndoEntry e;
    bool first = true;
    while (!r.peek('}')) {
      if (!first)
        r.expect(',');
      first = false;
      const std::string key = r.string();
      r.expect(':');
      if (key == "operation") {
        e.operation = r.string();
      } else if (key == "undo") {
        if (r.literal("null"))
          continue;
        std::vector<std::string> stmts;
        r.expect('[');
        while (!r.peek(']')) {
          if (!stmts.empty())
            r.expect(',');
          stmts.push_back(r.string());
        }
        r.expect(']');
        e.statements = std::move(stmts);
      } else {
        r.fail("unknown key '" + key + "'");
      }
    }
    r.expect('}');
    out.push_back(std::move(e));
  }
  r.expect(']');
  if (!r.at_end())
    r.fail("text after the list");
  return out;
}

} // namespace retort::migrations::runtime
