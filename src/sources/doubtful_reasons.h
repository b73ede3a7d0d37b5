#ifndef SIGNTRAIL_SOURCES_DOUBTFUL_REASONS_H_
#define SIGNTRAIL_SOURCES_DOUBTFUL_REASONS_H_

// The doubtful reasons importers record in ImportOutput, so that a batch's
// coverage states why records of its period may be missing.

#include <string_view>

#include "sources/import_options.h"

namespace signtrail {

// Marks `output` as capped and adds the reason "row cap reached: CAP;
// earliest covered TIME", where TIME is the earliest event read so far (or
// "no sign-in read" when there is none). `cap` names the limit, e.g.
// "5,000 data rows, the Lifecycle Services export cap". Call it after the
// events are read.
void NoteRowCap(ImportOutput& output, std::string_view cap);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_DOUBTFUL_REASONS_H_
