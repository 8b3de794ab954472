// The parsed YAML the schema loader reads: a light, read-only tree with the
// part of yaml-cpp's YAML::Node interface the loader uses (IsMap, Scalar,
// Mark, Tag, iteration, ...), so that the loader reads the same way whatever
// built the tree.
//
// Documents are parsed with libyaml's event parser, which is several times
// faster than yaml-cpp's node builder on a large model (the declared schema
// autogenerate loads on every run). A document libyaml rejects is parsed again
// with yaml-cpp, so that syntax errors keep yaml-cpp's messages and places;
// nodes that come from yaml-cpp (a revision file's create_table) are copied in.
#pragma once

#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/node.h>

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace retort::schema_yaml {

enum class NodeKind { Null, Scalar, Sequence, Map };

struct NodeData {
  NodeKind kind = NodeKind::Null;
  bool flow = false;  // a map or list in flow style ({...} / [...])
  YAML::Mark mark;
  std::string value;  // scalars
  std::string tag;    // "?" for a plain scalar, "!" for a quoted one, else the tag written
  // A list's items; a map's keys and values, alternating.
  std::vector<const NodeData*> children;
};

class Node;

// What iterating a node gives: for a list, the item itself; for a map,
// `first` (the key) and `second` (the value), as with yaml-cpp.
struct Entry;

class Node {
 public:
  Node() = default;
  explicit Node(const NodeData* d) : d_(d) {}

  explicit operator bool() const { return d_ != nullptr; }
  bool IsNull() const { return d_ && d_->kind == NodeKind::Null; }
  bool IsScalar() const { return d_ && d_->kind == NodeKind::Scalar; }
  bool IsSequence() const { return d_ && d_->kind == NodeKind::Sequence; }
  bool IsMap() const { return d_ && d_->kind == NodeKind::Map; }
  bool IsFlow() const { return d_ && d_->flow; }
  const std::string& Scalar() const;  // "" for anything but a scalar
  const std::string& Tag() const;
  YAML::Mark Mark() const { return d_ ? d_->mark : YAML::Mark::null_mark(); }
  // Entries of a list or a map.
  std::size_t size() const;
  // The i-th item of a list.
  Node operator[](std::size_t i) const;

  class iterator {
   public:
    iterator(const NodeData* n, std::size_t i) : n_(n), i_(i) {}
    Entry operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& o) const { return i_ != o.i_; }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const NodeData* n_;
    std::size_t i_;
  };
  iterator begin() const;
  iterator end() const;

  const NodeData* data() const { return d_; }

 private:
  const NodeData* d_ = nullptr;
};

struct Entry : Node {
  Entry(Node item, Node key, Node value) : Node(item), first(key), second(value) {}
  Node first;
  Node second;
};

// Owns the nodes of the documents read or copied into it.
class Document {
 public:
  // Every document of `text`, or false when libyaml finds a syntax error
  // (the caller then asks yaml-cpp, for its message).
  bool parse(std::string_view text, std::vector<Node>& docs);
  // A copy of a yaml-cpp node.
  Node adopt(const YAML::Node& node);

 private:
  NodeData& make(NodeKind kind, const YAML::Mark& mark);
  std::deque<NodeData> nodes_;
};

}  // namespace retort::schema_yaml
