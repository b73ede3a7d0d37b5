#ifndef SIGNTRAIL_INGEST_INPUT_FILE_H_
#define SIGNTRAIL_INGEST_INPUT_FILE_H_

#include <filesystem>
#include <string>

#include "model/status.h"

namespace signtrail {

// Reads a whole input file as bytes. A missing, unreadable or non-regular
// file is IoError "cannot read FILE: <reason>".
Result<std::string> ReadInputFile(const std::filesystem::path& path);

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_INPUT_FILE_H_
