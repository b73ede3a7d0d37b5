#include "store/store.h"

namespace signtrail {

std::string_view WindowBasisName(WindowBasis basis) {
  switch (basis) {
    case WindowBasis::kDeclared:
      return "declared";
    case WindowBasis::kFileName:
      return "file-name";
    case WindowBasis::kQueryRule:
      return "query-rule";
    case WindowBasis::kInferred:
      return "inferred";
  }
  return "unknown";
}

}  // namespace signtrail
