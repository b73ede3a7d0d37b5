#include "store/verify_leaves.h"

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/entry.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "store/ledger_entries.h"
#include "store/verify_event_rows.h"
#include "store/raw_dictionary_store.h"
#include "store/verify_raw_records.h"

namespace signtrail {
namespace {

using ledger::Hash;

struct HashHasher {
  size_t operator()(const Hash& hash) const {
    size_t value = 0;
    std::memcpy(&value, hash.data(), sizeof(value));
    return value;
  }
};

std::string_view TableOf(std::string_view entry_type) {
  return EntryTableName(entry_type).value_or("(unknown entry type)");
}

std::string_view HashView(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// Compares recomputed perfect subtree hashes (level 1 and up) with
// ledger_nodes. A tree built leaf by leaf completes the nodes of each level
// in ascending index order, so one cursor per level, ordered by index,
// walks the stored nodes alongside.
class NodeComparer {
 public:
  explicit NodeComparer(SqliteDatabase& database) : database_(database) {}

  Status Compare(int level, uint64_t index, const Hash& hash, FindingCollector& findings) {
    Result<Cursor*> found = CursorAt(level);
    if (!found.ok()) return found.status();
    Cursor& cursor = **found;
    // Rows below `index` that were not matched are counted as outside the
    // tree by ReportNodesOutside.
    while (cursor.has_row && cursor.index < static_cast<int64_t>(index)) {
      Status advanced = Advance(cursor);
      if (!advanced.ok()) return advanced;
    }

    const uint64_t first_leaf = index << level;
    const uint64_t end_leaf = (index + 1) << level;
    if (!cursor.has_row || cursor.index != static_cast<int64_t>(index)) {
      findings.Add(FindingKind::kTreeDamaged, first_leaf,
                   fmt::format("ledger_nodes lacks the node at level {}, index {} (leaves {} to "
                               "{})",
                               level, index, first_leaf, end_leaf - 1));
      return Status::Ok();
    }
    ++matched_;
    if (cursor.hash != HashView(hash)) {
      findings.Add(FindingKind::kTreeDamaged, first_leaf,
                   fmt::format("ledger_nodes node at level {}, index {} (leaves {} to {}) is {} "
                               "but the stored leaf hashes give {}",
                               level, index, first_leaf, end_leaf - 1,
                               ledger::ToBase64(cursor.hash), ledger::ToBase64(hash)));
    }
    return Advance(cursor);
  }

  // Reports stored nodes that are not perfect subtrees of a tree of
  // `tree_size` leaves, once every node of that tree was compared.
  Status ReportNodesOutside(uint64_t tree_size, FindingCollector& findings) {
    Result<int64_t> total = database_.QueryInt("SELECT count(*) FROM ledger_nodes");
    if (!total.ok()) return total.status();
    if (static_cast<uint64_t>(*total) <= matched_) return Status::Ok();

    Result<SqliteStatement> first = database_.Prepare(R"sql(
        SELECT level, idx FROM ledger_nodes
        WHERE level < 1 OR level > 62 OR idx < 0 OR ((idx + 1) << level) > ?1
        ORDER BY level, idx LIMIT 1)sql");
    if (!first.ok()) return first.status();
    first->Bind(1, static_cast<int64_t>(tree_size));
    Result<bool> row = first->Step();
    if (!row.ok()) return row.status();
    const std::string example =
        *row ? fmt::format(" (the first at level {}, index {})", first->Int(0), first->Int(1))
             : "";
    const uint64_t outside = static_cast<uint64_t>(*total) - matched_;
    findings.Add(FindingKind::kTreeDamaged, std::nullopt,
                 fmt::format("ledger_nodes contains {} {} outside the tree of {} leaves{}",
                             outside, outside == 1 ? "node" : "nodes", tree_size, example));
    return Status::Ok();
  }

 private:
  struct Cursor {
    explicit Cursor(SqliteStatement select) : statement(std::move(select)) {}
    SqliteStatement statement;
    bool has_row = false;
    int64_t index = 0;
    std::string hash;
  };

  Result<Cursor*> CursorAt(int level) {
    if (static_cast<size_t>(level) >= cursors_.size()) cursors_.resize(level + 1);
    if (cursors_[level] != nullptr) return cursors_[level].get();
    Result<SqliteStatement> select =
        database_.Prepare("SELECT idx, hash FROM ledger_nodes WHERE level = ?1 ORDER BY idx");
    if (!select.ok()) return select.status();
    cursors_[level] = std::make_unique<Cursor>(std::move(*select));
    cursors_[level]->statement.Bind(1, int64_t{level});
    Status advanced = Advance(*cursors_[level]);
    if (!advanced.ok()) return advanced;
    return cursors_[level].get();
  }

  static Status Advance(Cursor& cursor) {
    Result<bool> row = cursor.statement.Step();
    if (!row.ok()) return row.status();
    cursor.has_row = *row;
    if (cursor.has_row) {
      cursor.index = cursor.statement.Int(0);
      cursor.hash.assign(cursor.statement.BlobView(1));
    }
    return Status::Ok();
  }

  SqliteDatabase& database_;
  std::vector<std::unique_ptr<Cursor>> cursors_;  // by level; level 0 is never used
  uint64_t matched_ = 0;
};

// Reads the raw records of directory version and conflicts rows for
// RawRecordVerifier: a directory version commits to the SHA-256 and length
// of its raw record, a conflicts row to the SHA-256 of its incoming one.
// Events rows come with their raw record from EventRowReader.
class RawRecordLookup {
 public:
  static Result<RawRecordLookup> Prepare(SqliteDatabase& database) {
    Result<SqliteStatement> versions = database.Prepare(
        "SELECT raw_zstd, raw_sha256, raw_length FROM directory_versions WHERE id = ?1");
    if (!versions.ok()) return versions.status();
    // A conflicts row keeps no length, so the length column is NULL.
    Result<SqliteStatement> conflicts = database.Prepare(
        "SELECT incoming_raw_zstd, incoming_raw_sha256, NULL FROM conflicts WHERE id = ?1");
    if (!conflicts.ok()) return conflicts.status();
    return RawRecordLookup(std::move(*versions), std::move(*conflicts));
  }

  // Queues the check of the row's raw record, when its type has one and
  // the row is there (a missing row is reported as such elsewhere).
  Status Submit(uint64_t index, std::string_view entry_type, int64_t row_id,
                RawRecordVerifier& verifier) {
    SqliteStatement* select = nullptr;
    if (entry_type == ledger::kDirectoryVersionEntryType) select = &versions_;
    if (entry_type == ledger::kEventConflictEntryType) select = &conflicts_;
    if (select == nullptr) return Status::Ok();

    select->Bind(1, row_id);
    Result<bool> row = select->Step();
    if (row.ok() && *row) {
      verifier.Submit(index, TableOf(entry_type), row_id, select->BlobView(0), select->TextView(1),
                      select->OptionalInt(2));
    }
    select->Reset();
    return row.ok() ? Status::Ok() : row.status();
  }

 private:
  RawRecordLookup(SqliteStatement versions, SqliteStatement conflicts)
      : versions_(std::move(versions)), conflicts_(std::move(conflicts)) {}

  SqliteStatement versions_;
  SqliteStatement conflicts_;
};

// The leaf pass: one Visit per ledger_leaves row, in index order.
class LeafVerifier {
 public:
  LeafVerifier(SqliteDatabase& database, EntryDeriver deriver, EventRowReader events,
               RawRecordLookup raw_lookup, RawDictionarySet raw_dictionaries,
               const std::set<uint64_t>& claimed_sizes, FindingCollector& findings,
               RecomputedTree* tree)
      : database_(database),
        deriver_(std::move(deriver)),
        events_(std::move(events)),
        raw_lookup_(std::move(raw_lookup)),
        raw_records_(std::move(raw_dictionaries)),
        nodes_(database),
        claimed_sizes_(claimed_sizes),
        findings_(findings),
        tree_(tree) {
    if (claimed_sizes_.count(0) > 0) tree_->roots[0] = ledger::EmptyRoot();
  }

  Status Visit(int64_t index, std::string_view entry_type, int64_t row_id,
               std::string_view stored_blob) {
    if (index < 0) {
      findings_.Add(FindingKind::kTreeDamaged, std::nullopt,
                    fmt::format("ledger_leaves has a row with the negative index {}", index));
      return Status::Ok();
    }
    const uint64_t leaf = static_cast<uint64_t>(index);
    if (leaf > next_) ReportGap(next_, leaf);
    next_ = leaf + 1;

    std::optional<Hash> stored = StoredHash(leaf, stored_blob);
    Result<std::optional<Hash>> derived = entry_type == ledger::kEventEntryType
                                              ? VisitEvent(leaf, row_id, stored)
                                              : VisitOther(leaf, entry_type, row_id, stored);
    if (!derived.ok()) return derived.status();

    if (!derived->has_value() || !stored.has_value() || **derived != *stored) Diverge(leaf);
    AppendDerived(leaf, *derived);
    return AppendStored(leaf, stored);
  }

  // Reports the stored nodes outside the tree, when every leaf hash was
  // there to compare the nodes with.
  Status Finish(uint64_t* event_rows_found) {
    raw_records_.Finish(findings_);
    *event_rows_found = event_rows_found_;
    tree_->size = next_;
    if (!stored_intact_) return Status::Ok();
    return nodes_.ReportNodesOutside(next_, findings_);
  }

 private:
  // A run of indices with no ledger_leaves row.
  void ReportGap(uint64_t from, uint64_t to) {
    const std::string indices =
        to - from == 1 ? fmt::format("index {}", from)
                       : fmt::format("indices {} to {}", from, to - 1);
    findings_.Add(FindingKind::kEntryMissing, from,
                  fmt::format("ledger_leaves has no row for {}, below the leaf {}", indices, to));
    Diverge(from);
    BreakDerived(from);
    stored_intact_ = false;
  }

  std::optional<Hash> StoredHash(uint64_t leaf, std::string_view blob) {
    if (blob.size() == Hash().size()) {
      Hash hash;
      std::copy(blob.begin(), blob.end(), hash.begin());
      return hash;
    }
    findings_.Add(FindingKind::kTreeDamaged, leaf,
                  fmt::format("ledger_leaves.leaf_hash of leaf {} is {} bytes, expected 32", leaf,
                              blob.size()));
    return std::nullopt;
  }

  // Re-derives an event's entry and checks its raw record, both from the
  // one row that the sequential reader returns.
  Result<std::optional<Hash>> VisitEvent(uint64_t leaf, int64_t row_id,
                                         const std::optional<Hash>& stored) {
    Result<const SqliteStatement*> row = events_.Find(row_id);
    if (!row.ok()) return row.status();
    if (*row == nullptr) {
      return CompareEntry(leaf, ledger::kEventEntryType, row_id, stored,
                          EntryRowNotFound(database_, "events", row_id));
    }
    ++event_rows_found_;
    const SqliteStatement& event = **row;
    Result<std::optional<Hash>> derived = CompareEntry(
        leaf, ledger::kEventEntryType, row_id, stored,
        deriver_.DeriveEvent(event, row_id, event.Int(EventRowReader::kHasAmendmentsColumn) != 0));
    if (!derived.ok()) return derived;
    // Columns 18 and 19 of kEventEntryColumns: raw_sha256 and raw_length.
    raw_records_.Submit(leaf, TableOf(ledger::kEventEntryType), row_id,
                        event.BlobView(EventRowReader::kRawColumn), event.TextView(18),
                        event.OptionalInt(19));
    return derived;
  }

  Result<std::optional<Hash>> VisitOther(uint64_t leaf, std::string_view entry_type,
                                         int64_t row_id, const std::optional<Hash>& stored) {
    Result<std::optional<Hash>> derived =
        CompareEntry(leaf, entry_type, row_id, stored, deriver_.Derive(entry_type, row_id));
    if (!derived.ok()) return derived;
    Status raw = raw_lookup_.Submit(leaf, entry_type, row_id, raw_records_);
    if (!raw.ok()) return raw;
    return derived;
  }

  // The re-derived leaf hash of `entry`, or nullopt after reporting why
  // there is none. Reports a hash that differs from the stored one.
  Result<std::optional<Hash>> CompareEntry(uint64_t leaf, std::string_view entry_type,
                                           int64_t row_id, const std::optional<Hash>& stored,
                                           const Result<std::string>& entry) {
    if (!entry.ok()) {
      const StatusCode code = entry.status().code();
      if (code == StatusCode::kNotFound) {
        findings_.Add(FindingKind::kEntryMissing, leaf,
                      fmt::format("leaf {} ({} entry) refers to {} row {}, which is gone: {}",
                                  leaf, entry_type, TableOf(entry_type), row_id,
                                  entry.status().message()));
      } else if (code == StatusCode::kInvalidInput) {
        findings_.Add(FindingKind::kEntryChanged, leaf,
                      fmt::format("leaf {}: {} row {} no longer encodes as a {} entry: {}", leaf,
                                  TableOf(entry_type), row_id, entry_type,
                                  entry.status().message()));
      } else {
        return entry.status();
      }
      return std::optional<Hash>();
    }

    const Hash derived = ledger::HashLeaf(*entry);
    if (stored.has_value() && derived != *stored) {
      Result<std::optional<uint64_t>> other = FindStoredLeaf(derived);
      if (!other.ok()) return other.status();
      if (other->has_value() && **other != leaf) {
        findings_.Add(FindingKind::kEntriesReordered, leaf,
                      fmt::format("{} row {} (leaf {}) re-derives to the entry committed as leaf "
                                  "{}: rows were swapped or reordered",
                                  TableOf(entry_type), row_id, leaf, **other));
      } else {
        findings_.Add(FindingKind::kEntryChanged, leaf,
                      fmt::format("{} row {} re-derives to leaf hash {}, but leaf {} was "
                                  "committed as {}: the row was changed after its commit",
                                  TableOf(entry_type), row_id, ledger::ToBase64(derived), leaf,
                                  ledger::ToBase64(*stored)));
      }
    }
    return std::optional<Hash>(derived);
  }

  // The index of the stored leaf with `hash`. The map of every stored leaf
  // hash is built on the first mismatch only, so intact stores never pay
  // for it.
  Result<std::optional<uint64_t>> FindStoredLeaf(const Hash& hash) {
    if (!leaf_by_hash_.has_value()) {
      leaf_by_hash_.emplace();
      Result<SqliteStatement> select =
          database_.Prepare("SELECT idx, leaf_hash FROM ledger_leaves ORDER BY idx");
      if (!select.ok()) return select.status();
      while (true) {
        Result<bool> row = select->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        const std::string blob = select->Blob(1);
        if (blob.size() != Hash().size()) continue;
        Hash stored;
        std::copy(blob.begin(), blob.end(), stored.begin());
        leaf_by_hash_->emplace(stored, static_cast<uint64_t>(select->Int(0)));
      }
    }
    auto found = leaf_by_hash_->find(hash);
    if (found == leaf_by_hash_->end()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(found->second);
  }

  void Diverge(uint64_t leaf) {
    if (!tree_->first_divergence.has_value()) tree_->first_divergence = leaf;
  }

  void BreakDerived(uint64_t leaf) {
    if (!tree_->unavailable_from.has_value()) tree_->unavailable_from = leaf;
  }

  void AppendDerived(uint64_t leaf, const std::optional<Hash>& derived) {
    if (!derived.has_value()) BreakDerived(leaf);
    if (tree_->unavailable_from.has_value()) return;
    derived_range_.Append(*derived, nullptr);
    if (claimed_sizes_.count(derived_range_.size()) > 0) {
      tree_->roots[derived_range_.size()] = derived_range_.Root();
    }
  }

  Status AppendStored(uint64_t, const std::optional<Hash>& stored) {
    if (!stored.has_value()) stored_intact_ = false;
    if (!stored_intact_) return Status::Ok();
    Status compared = Status::Ok();
    stored_range_.Append(*stored, [&](int level, uint64_t index, const Hash& hash) {
      if (level == 0 || !compared.ok()) return;
      compared = nodes_.Compare(level, index, hash, findings_);
    });
    return compared;
  }

  SqliteDatabase& database_;
  EntryDeriver deriver_;
  EventRowReader events_;
  RawRecordLookup raw_lookup_;
  RawRecordVerifier raw_records_;  // checks raw records on a second thread
  NodeComparer nodes_;
  const std::set<uint64_t>& claimed_sizes_;
  FindingCollector& findings_;
  RecomputedTree* tree_;

  uint64_t next_ = 0;                  // the index the next leaf row should have
  ledger::CompactRange derived_range_;  // of the re-derived leaf hashes
  ledger::CompactRange stored_range_;   // of the stored leaf hashes
  bool stored_intact_ = true;           // every stored leaf hash so far was readable
  uint64_t event_rows_found_ = 0;
  std::optional<std::unordered_map<Hash, uint64_t, HashHasher>> leaf_by_hash_;
};

}  // namespace

Status VerifyLeaves(SqliteDatabase& database, const std::set<uint64_t>& claimed_sizes,
                    FindingCollector& findings, RecomputedTree* tree,
                    uint64_t* event_rows_found) {
  Result<EntryDeriver> deriver = EntryDeriver::Prepare(database);
  if (!deriver.ok()) return deriver.status();
  Result<EventRowReader> events = EventRowReader::Prepare(database);
  if (!events.ok()) return events.status();
  Result<RawRecordLookup> raw = RawRecordLookup::Prepare(database);
  if (!raw.ok()) return raw.status();
  // Loaded whole before the raw-record thread starts, which then reads them
  // without the connection.
  Result<RawDictionarySet> dictionaries = LoadRawDictionaries(database);
  if (!dictionaries.ok()) return dictionaries.status();
  LeafVerifier verifier(database, std::move(*deriver), std::move(*events), std::move(*raw),
                        std::move(*dictionaries), claimed_sizes, findings, tree);

  Result<SqliteStatement> leaves = database.Prepare(
      "SELECT idx, entry_type, row_id, leaf_hash FROM ledger_leaves ORDER BY idx");
  if (!leaves.ok()) return leaves.status();
  while (true) {
    Result<bool> row = leaves->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Status visited =
        verifier.Visit(leaves->Int(0), leaves->TextView(1), leaves->Int(2), leaves->BlobView(3));
    if (!visited.ok()) return visited;
  }
  return verifier.Finish(event_rows_found);
}

}  // namespace signtrail
