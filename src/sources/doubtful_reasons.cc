#include "sources/doubtful_reasons.h"

#include <fmt/format.h>

#include <optional>

namespace signtrail {

void NoteRowCap(ImportOutput& output, std::string_view cap) {
  std::optional<Instant> earliest;
  for (const SignInEvent& event : output.events) {
    if (!earliest.has_value() || event.time < *earliest) earliest = event.time;
  }
  const std::string earliest_text = earliest.has_value()
                                        ? fmt::format("earliest covered {}", FormatUtc(*earliest))
                                        : std::string("no sign-in read");
  output.row_cap_reached = true;
  output.doubtful_reasons.push_back(
      fmt::format("{}: {}; {}", kRowCapReasonPrefix, cap, earliest_text));
}

}  // namespace signtrail
