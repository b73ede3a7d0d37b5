#include "export/report_columns.h"

#include "export/time_format.h"

namespace signtrail {

ReportCells FormatReportCells(const ReportRow& row, const date::time_zone* zone) {
  return {
      row.user_id,
      row.login,
      row.user_name,
      row.email,
      FormatReportTime(row.session_start, zone),
      row.session_end ? FormatReportTime(*row.session_end, zone) : std::string(),
      row.end_kind ? std::string(EndKindName(*row.end_kind)) : std::string(),
      row.source,
      row.client_ip,
      row.application,
      row.result,
  };
}

}  // namespace signtrail
