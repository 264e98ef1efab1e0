// A small RFC 4180 CSV reader (it must run in wasm, so no library): comma-separated
// fields, records ended by LF or CRLF, fields optionally in double quotes, where a
// quoted field may hold commas, line breaks and "" for a quote. Anything else that is
// malformed is an error naming the line, never a guess.
#pragma once
#include <string>
#include <vector>

namespace optzoo {

struct CsvRecord {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

// Parses the whole text. `where` prefixes errors ("problem.text"). Empty lines at the
// end are ignored; an empty line between records is an error (it would be a record
// with one empty field, which no numeric table has).
std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& where);

}  // namespace optzoo
