#include "problems/csv_reader.hpp"

#include "core/error.hpp"

namespace optzoo {

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& where) {
  std::vector<CsvRecord> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (n >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // UTF-8 byte-order mark
  int line = 1;
  auto at = [&](int l) { return where + ": line " + std::to_string(l); };
  std::vector<int> blank_lines;  // empty lines seen; an error only if a record follows

  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    // An empty line: remember it, and fail only if more data follows.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      blank_lines.push_back(line);
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    if (!blank_lines.empty()) throw Error(at(blank_lines.front()), "is empty (remove empty lines between rows)");
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (i < n && text[i] == '"') {
        const int start_line = line;
        ++i;
        for (;;) {
          if (i >= n) throw Error(at(start_line), "a quoted field is never closed (missing \")");
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw Error(at(line), "field " + std::to_string(rec.fields.size() + 1) +
                                    ": unexpected text after a closing quote (write \"\" for a quote inside quotes)");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            throw Error(at(line), "field " + std::to_string(rec.fields.size() + 1) +
                                      ": a quote inside an unquoted field (quote the whole field)");
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
        i += text[i] == '\r' ? 2 : 1;
        ++line;
        end_of_record = true;
      } else {
        throw Error(at(line), "a carriage return without a line feed (use LF or CRLF line ends)");
      }
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace optzoo
