#include "cli/import_options.h"

#include <fmt/format.h>

#include "sources/timestamp.h"

namespace signtrail::cli {

void AddInputOptions(CLI::App& command, InputOptions* options) {
  command.add_option("--source-tz", options->source_tz,
                     "IANA time zone of timestamps that carry no zone "
                     "(default: each format's documented rule)");
  command.add_option("--date-order", options->date_order,
                     "Order of numeric dates such as 3/4/2024: mdy, dmy or ymd "
                     "(default: decided from the file's values)");
  command.add_option("--on-error", options->on_error,
                     "fail: stop at the first bad record and store nothing (default); "
                     "skip: store the good records and list the rejected ones");
}

Result<ImportOptions> ResolveInputOptions(const InputOptions& options) {
  ImportOptions resolved;
  if (!options.source_tz.empty()) {
    Result<const date::time_zone*> zone = LocateZone(options.source_tz);
    if (!zone.ok()) return Status::InvalidArgument("--source-tz: " + zone.status().message());
    resolved.source_zone = *zone;
  }

  if (!options.date_order.empty()) {
    std::optional<DateOrder> order = ParseDateOrder(options.date_order);
    if (!order.has_value() || *order == DateOrder::kUnknown) {
      return Status::InvalidArgument(fmt::format(
          "--date-order: value '{}' is not valid (expected mdy, dmy or ymd)", options.date_order));
    }
    resolved.date_order = *order;
  }

  if (options.on_error == "fail") {
    resolved.on_error = OnError::kFail;
  } else if (options.on_error == "skip") {
    resolved.on_error = OnError::kSkip;
  } else {
    return Status::InvalidArgument(fmt::format(
        "--on-error: value '{}' is not valid (expected fail or skip)", options.on_error));
  }
  return resolved;
}

}  // namespace signtrail::cli
