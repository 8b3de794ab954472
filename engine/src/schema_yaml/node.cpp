#include "schema_yaml/node.hpp"

#include <yaml.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>

namespace retort::schema_yaml {

namespace {

const std::string kEmpty;

// yaml-cpp's null spellings: a plain scalar without a tag reads as null.
bool null_string(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

YAML::Mark mark_of(const yaml_mark_t& m) {
  YAML::Mark out;
  out.pos = static_cast<int>(m.index);
  out.line = static_cast<int>(m.line);
  out.column = static_cast<int>(m.column);
  return out;
}

}  // namespace

const std::string& Node::Scalar() const {
  return d_ && d_->kind == NodeKind::Scalar ? d_->value : kEmpty;
}

const std::string& Node::Tag() const { return d_ ? d_->tag : kEmpty; }

std::size_t Node::size() const {
  if (!d_) return 0;
  if (d_->kind == NodeKind::Map) return d_->children.size() / 2;
  if (d_->kind == NodeKind::Sequence) return d_->children.size();
  return 0;
}

Node Node::operator[](std::size_t i) const {
  if (!IsSequence() || i >= d_->children.size()) return Node();
  return Node(d_->children[i]);
}

Node::iterator Node::begin() const { return iterator(d_, 0); }

Node::iterator Node::end() const {
  std::size_t n = 0;
  if (d_ && (d_->kind == NodeKind::Map || d_->kind == NodeKind::Sequence))
    n = d_->children.size();
  return iterator(d_, n);
}

Entry Node::iterator::operator*() const {
  if (n_->kind == NodeKind::Map)
    return Entry(Node(), Node(n_->children[i_]), Node(n_->children[i_ + 1]));
  return Entry(Node(n_->children[i_]), Node(), Node());
}

Node::iterator& Node::iterator::operator++() {
  i_ += n_->kind == NodeKind::Map ? 2 : 1;
  return *this;
}

NodeData& Document::make(NodeKind kind, const YAML::Mark& mark) {
  NodeData& d = nodes_.emplace_back();
  d.kind = kind;
  d.mark = mark;
  return d;
}

bool Document::parse(std::string_view text, std::vector<Node>& docs) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return false;
  std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<NodeData*> open;  // the lists and maps being filled
  std::map<std::string, const NodeData*, std::less<>> anchors;
  auto place = [&](const NodeData* n) {
    if (open.empty()) {
      docs.emplace_back(n);
    } else {
      open.back()->children.push_back(n);
    }
  };
  auto anchor = [&](const yaml_char_t* name, const NodeData* n) {
    if (name) anchors[reinterpret_cast<const char*>(name)] = n;
  };
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) return false;
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> ev_guard(&ev, yaml_event_delete);
    switch (ev.type) {
      case YAML_STREAM_END_EVENT:
        return open.empty();
      case YAML_SCALAR_EVENT: {
        const auto& s = ev.data.scalar;
        std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
        const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
        const bool null = plain && !s.tag && null_string(value);
        NodeData& d = make(null ? NodeKind::Null : NodeKind::Scalar, mark_of(ev.start_mark));
        if (!null) d.value.assign(value);
        d.tag = s.tag ? std::string(reinterpret_cast<const char*>(s.tag)) : plain ? "?" : "!";
        anchor(s.anchor, &d);
        place(&d);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool map = ev.type == YAML_MAPPING_START_EVENT;
        NodeData& d = make(map ? NodeKind::Map : NodeKind::Sequence, mark_of(ev.start_mark));
        const yaml_char_t* tag = map ? ev.data.mapping_start.tag : ev.data.sequence_start.tag;
        d.tag = tag ? std::string(reinterpret_cast<const char*>(tag)) : "?";
        d.flow = map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                     : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        anchor(map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor, &d);
        place(&d);
        open.push_back(&d);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (open.empty()) return false;
        open.pop_back();
        break;
      case YAML_ALIAS_EVENT: {
        auto it = anchors.find(std::string_view(
            reinterpret_cast<const char*>(ev.data.alias.anchor)));
        if (it == anchors.end()) return false;  // yaml-cpp names the missing anchor
        place(it->second);
        break;
      }
      default:  // stream and document starts, document ends
        break;
    }
  }
}

Node Document::adopt(const YAML::Node& node) {
  if (!node.IsDefined()) return Node();
  NodeKind kind = NodeKind::Null;
  if (node.IsScalar()) kind = NodeKind::Scalar;
  if (node.IsSequence()) kind = NodeKind::Sequence;
  if (node.IsMap()) kind = NodeKind::Map;
  NodeData& d = make(kind, node.Mark());
  d.tag = node.Tag();
  if (kind == NodeKind::Scalar) d.value = node.Scalar();
  if (kind == NodeKind::Sequence || kind == NodeKind::Map) {
    d.flow = node.Style() == YAML::EmitterStyle::Flow;
    for (const auto& item : node) {
      if (kind == NodeKind::Map) {
        d.children.push_back(adopt(item.first).data());
        d.children.push_back(adopt(item.second).data());
      } else {
        d.children.push_back(adopt(item).data());
      }
    }
  }
  return Node(&d);
}

}  // namespace retort::schema_yaml
