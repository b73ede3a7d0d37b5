#include "sources/column_map.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace signtrail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// Returns the length of the white space at text[pos] (ASCII white space or a
// no-break space, which spreadsheet headers often carry), or 0.
size_t WhiteSpaceLength(std::string_view text, size_t pos) {
  const char c = text[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (text.substr(pos).starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
  return 0;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && WhiteSpaceLength(text, 0) > 0) {
    text.remove_prefix(WhiteSpaceLength(text, 0));
  }
  while (!text.empty()) {
    if (WhiteSpaceLength(text, text.size() - 1) == 1) {
      text.remove_suffix(1);
    } else if (text.ends_with(kNoBreakSpace)) {
      text.remove_suffix(kNoBreakSpace.size());
    } else {
      break;
    }
  }
  return text;
}

// The header text for messages: as in the file, without a leaked BOM.
std::string_view DisplayHeader(std::string_view header) {
  while (header.starts_with(kUtf8Bom)) header.remove_prefix(kUtf8Bom.size());
  return header;
}

// Joins the non-empty names with ", "; past `max_names` of them the list
// ends with "and N more". Returns "none" when every name is empty.
std::string JoinNames(const std::vector<std::string_view>& names,
                      size_t max_names = std::string_view::npos) {
  std::string joined;
  size_t listed = 0;
  size_t left_out = 0;
  for (std::string_view name : names) {
    if (name.empty()) continue;
    if (listed == max_names) {
      ++left_out;
      continue;
    }
    if (!joined.empty()) joined += ", ";
    joined += name;
    ++listed;
  }
  if (left_out > 0) joined += fmt::format(" and {} more", left_out);
  return joined.empty() ? std::string("none") : joined;
}

}  // namespace

std::string ListFoundColumns(const std::vector<std::string>& header) {
  std::vector<std::string_view> names;
  names.reserve(header.size());
  for (const std::string& name : header) names.push_back(DisplayHeader(name));
  return JoinNames(names, kMaxListedColumns);
}

std::string NormalizeHeader(std::string_view header) {
  std::string_view text = Trim(DisplayHeader(header));
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = Trim(text.substr(1, text.size() - 2));
  }

  std::string normalized;
  normalized.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t space = WhiteSpaceLength(text, pos);
    if (space > 0) {
      // Trim() left no white space at either end, so this run is inner.
      if (!normalized.empty() && normalized.back() != ' ') normalized.push_back(' ');
      pos += space;
      continue;
    }
    const char c = text[pos];
    normalized.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    ++pos;
  }
  return normalized;
}

Result<ColumnMap> ColumnMap::Match(const std::vector<std::string>& header,
                                   const std::vector<ColumnSpec>& specs,
                                   std::string_view file_name) {
  std::vector<std::string> normalized;
  normalized.reserve(header.size());
  for (const std::string& name : header) normalized.push_back(NormalizeHeader(name));
  std::vector<bool> taken(header.size(), false);

  // Each spec takes the first free position of its earliest alias that the
  // header has, so a canonical name wins over a looser alias.
  ColumnMap map;
  for (const ColumnSpec& spec : specs) {
    bool found = false;
    for (std::string_view alias : spec.aliases) {
      const std::string normalized_alias = NormalizeHeader(alias);
      for (size_t position = 0; position < normalized.size() && !found; ++position) {
        if (taken[position] || normalized[position] != normalized_alias) continue;
        taken[position] = true;
        map.matched_.push_back(
            {std::string(spec.role), position, std::string(DisplayHeader(header[position]))});
        found = true;
      }
      if (found) break;
    }
    if (found || !spec.required) continue;

    return Status::InvalidInput(
        fmt::format("{}: required column '{}' not found (accepted names: {}); columns found: {}",
                    file_name, spec.role, JoinNames(spec.aliases), ListFoundColumns(header)));
  }
  return map;
}

std::optional<size_t> ColumnMap::Find(std::string_view role) const {
  for (const Matched& matched : matched_) {
    if (matched.role == role) return matched.position;
  }
  return std::nullopt;
}

std::string_view ColumnMap::Cell(const std::vector<std::string>& cells,
                                 std::string_view role) const {
  const std::optional<size_t> position = Find(role);
  if (!position || *position >= cells.size()) return {};
  return cells[*position];
}

std::string_view ColumnMap::HeaderName(std::string_view role) const {
  for (const Matched& matched : matched_) {
    if (matched.role == role) return matched.header;
  }
  return role;
}

}  // namespace signtrail
