#include "model/event.h"

#include <array>
#include <utility>

namespace signtrail {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 4> kEventKindNames = {{
    {EventKind::kSignIn, "sign-in"},
    {EventKind::kSignOut, "sign-out"},
    {EventKind::kFailedSignIn, "failed-sign-in"},
    {EventKind::kSession, "session"},
}};

constexpr std::array<std::pair<EndKind, std::string_view>, 4> kEndKindNames = {{
    {EndKind::kRecorded, "recorded"},
    {EndKind::kApproximate, "approximate"},
    {EndKind::kInferred, "inferred"},
    {EndKind::kOpen, "open"},
}};

}  // namespace

std::string_view EventKindName(EventKind kind) {
  for (const auto& [value, name] : kEventKindNames) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::string_view EndKindName(EndKind kind) {
  for (const auto& [value, name] : kEndKindNames) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<EventKind> ParseEventKind(std::string_view text) {
  for (const auto& [value, name] : kEventKindNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<EndKind> ParseEndKind(std::string_view text) {
  for (const auto& [value, name] : kEndKindNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace signtrail
