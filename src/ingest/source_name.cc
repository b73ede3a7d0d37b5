#include "ingest/source_name.h"

#include <fmt/format.h>

#include <algorithm>

namespace signtrail {
namespace {

constexpr std::string_view kDefaultInstance = "default";

bool IsInstanceCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

Status CheckInstanceName(std::string_view instance, std::string_view requested) {
  if (!instance.empty() && std::all_of(instance.begin(), instance.end(), IsInstanceCharacter)) {
    return Status::Ok();
  }
  return Status::InvalidArgument(fmt::format(
      "--source '{}': instance name '{}' is invalid; use letters, digits, '.', '_' or '-', "
      "e.g. --source contoso",
      requested, instance));
}

}  // namespace

Result<std::string> ResolveSourceName(const FormatInfo& format,
                                      const std::optional<std::string>& requested) {
  if (!requested.has_value()) return fmt::format("{}:{}", format.source_kind, kDefaultInstance);

  const std::string_view value = *requested;
  const size_t colon = value.find(':');
  const std::string_view instance =
      colon == std::string_view::npos ? value : value.substr(colon + 1);
  if (colon != std::string_view::npos) {
    const std::string_view kind = value.substr(0, colon);
    if (kind != format.source_kind) {
      return Status::InvalidArgument(fmt::format(
          "--source '{}' names source kind '{}', but format '{}' belongs to source kind '{}'; "
          "use --source {}:{} or give only the instance name",
          value, kind, format.name, format.source_kind, format.source_kind, instance));
    }
  }

  Status valid = CheckInstanceName(instance, value);
  if (!valid.ok()) return valid;
  return fmt::format("{}:{}", format.source_kind, instance);
}

}  // namespace signtrail
