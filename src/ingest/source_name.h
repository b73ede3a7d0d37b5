#ifndef SIGNTRAIL_INGEST_SOURCE_NAME_H_
#define SIGNTRAIL_INGEST_SOURCE_NAME_H_

#include <optional>
#include <string>
#include <string_view>

#include "model/status.h"
#include "sources/format_registry.h"

namespace signtrail {

// Resolves the `--source` value for a file of `format` into a full source
// name `KIND:INSTANCE`, where KIND is the format's source kind:
//   - no value: `KIND:default`;
//   - `NAME` without a colon: `KIND:NAME`;
//   - `KIND:NAME`: kept, but KIND must be the format's source kind.
// The instance name must match [A-Za-z0-9._-]+. Anything else is
// InvalidArgument explaining the expected form.
Result<std::string> ResolveSourceName(const FormatInfo& format,
                                      const std::optional<std::string>& requested);

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_SOURCE_NAME_H_
