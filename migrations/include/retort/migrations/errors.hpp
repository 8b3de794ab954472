// Errors of the migrations layer, rooted at retort::Error like every other Retort error.
// what() is always one line that names the revisions involved and, when they came from
// files, "path:line" for each. The classes mirror Alembic's (alembic.script.revision).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retort/engine/error.hpp"

namespace retort::migrations {

// Anything wrong with the revision graph or with an identifier naming a revision.
class RevisionError : public Error {
 public:
  using Error::Error;
};

// A revision file that cannot be read: broken YAML, a missing or malformed header key.
// what() starts with "path:line:column: ".
class RevisionFileError : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

// An operation that cannot run as written: a dialect it does not support, an
// execute without SQL for this dialect, a table that is not there, or offline
// SQL that needs the live schema. what() starts with "path:line: ".
class OperationError : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

// Two revisions (usually two files) with the same revision id.
class DuplicateRevision : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

// Two revisions declaring the same branch label, or a label equal to a revision id.
class DuplicateBranchLabel : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

// down_revision links that loop (a self-loop included). revisions() lists every revision
// that cannot be reached from both a base and a head, as Alembic does.
class CycleDetected : public RevisionError {
 public:
  CycleDetected(std::string message, std::vector<std::string> revisions)
      : RevisionError(std::move(message)), revisions_(std::move(revisions)) {}
  const std::vector<std::string>& revisions() const noexcept { return revisions_; }

 private:
  std::vector<std::string> revisions_;
};

// The same, through depends_on links.
class DependencyCycleDetected : public CycleDetected {
 public:
  using CycleDetected::CycleDetected;
};

// An identifier that could not be turned into a revision (Alembic's ResolutionError).
class ResolutionError : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

// No revision or branch label by that name, or a down_revision/depends_on target that is
// not present.
class RevisionNotFound : public ResolutionError {
 public:
  using ResolutionError::ResolutionError;
};

// A partial id that matches several revisions; what() lists the candidates.
class AmbiguousRevision : public ResolutionError {
 public:
  using ResolutionError::ResolutionError;
};

// "head" (or "label@head") asked for one revision where there are several; heads() lists them.
class MultipleHeads : public RevisionError {
 public:
  MultipleHeads(std::string message, std::vector<std::string> heads)
      : RevisionError(std::move(message)), heads_(std::move(heads)) {}
  const std::vector<std::string>& heads() const noexcept { return heads_; }

 private:
  std::vector<std::string> heads_;
};

// A range or an upgrade/downgrade whose two ends are not ancestor and descendant.
class RangeNotAncestor : public RevisionError {
 public:
  using RevisionError::RevisionError;
};

}  // namespace retort::migrations
