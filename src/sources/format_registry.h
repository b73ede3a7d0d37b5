#ifndef SIGNTRAIL_SOURCES_FORMAT_REGISTRY_H_
#define SIGNTRAIL_SOURCES_FORMAT_REGISTRY_H_

#include <string_view>
#include <vector>

#include "model/status.h"
#include "sources/import_options.h"

namespace signtrail {

enum class FormatKind { kSignIns, kDirectory };

struct FormatInfo {
  std::string_view name;         // "lcs-logins", "entra-json", ...
  FormatKind kind;
  std::string_view source_kind;  // first half of a source name: "lcs-logins", "entra", ...
  std::string_view description;  // one line for --help
};

// Every format signtrail reads, in the order --help lists them.
const std::vector<FormatInfo>& Formats();

// Looks up a format by name; NotFound lists the valid names.
Result<FormatInfo> FindFormat(std::string_view name);

// Decides a file's format from its content (header names, JSON keys), not its
// extension. InvalidInput when no format of `kind` fits, naming the columns or
// keys found and suggesting --format.
Result<FormatInfo> DetectFormat(std::string_view bytes, std::string_view file_name,
                                FormatKind kind);

Result<ImportOutput> ImportSignIns(const FormatInfo& format, std::string_view bytes,
                                   const ImportOptions& options);
Result<DirectoryImportOutput> ImportDirectory(const FormatInfo& format, std::string_view bytes,
                                              const ImportOptions& options);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_FORMAT_REGISTRY_H_
