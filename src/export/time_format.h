#ifndef SIGNTRAIL_EXPORT_TIME_FORMAT_H_
#define SIGNTRAIL_EXPORT_TIME_FORMAT_H_

#include <string>

#include <date/tz.h>

#include "model/instant.h"

namespace signtrail {

// Formats an instant as RFC 3339. With a null zone: UTC with `Z`,
// "2024-03-31T01:30:00Z". With a zone: the wall-clock time there and its UTC
// offset at that instant, "2024-03-31T03:30:00+02:00". A six-digit fraction
// appears only when the microseconds are non-zero.
std::string FormatReportTime(Instant instant, const date::time_zone* zone);

// Appends FormatReportTime(instant, zone) to `out`.
void AppendReportTime(std::string& out, Instant instant, const date::time_zone* zone);

// Appends FormatUtc(instant) to `out`. Years 0 to 9999 are written without
// a temporary string.
void AppendUtcTime(std::string& out, Instant instant);

// "times in UTC", or "times in Europe/Amsterdam" for a zone.
std::string DescribeTimeZone(const date::time_zone* zone);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_TIME_FORMAT_H_
