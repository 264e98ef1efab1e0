// The RFC 4180 reader and the "csv" problem: quoted fields, line numbers in every
// error, nothing dropped.
#include <doctest/doctest.h>

#include "problems/csv_reader.hpp"
#include "problems/network_problem.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

std::vector<std::vector<std::string>> fields(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : parse_csv(text, "t")) out.push_back(r.fields);
  return out;
}

Json csv_spec(const std::string& text, const std::string& extra = R"("label": "class")",
              const std::string& model = R"({"kind": "logistic"})") {
  Json s = Json::parse(R"({"seed": 0, "steps": 2, "runs": [{"optimizer": "sgd", "lr": 0.1}], "model": )" + model +
                       R"(, "problem": {"kind": "csv", )" + extra + "}}");
  s["problem"]["text"] = text;
  return s;
}

std::string csv_error(const std::string& text, const std::string& extra = R"("label": "class")") {
  return error_of([&] { Experiment e(csv_spec(text, extra)); });
}

}  // namespace

TEST_CASE("csv reader: plain, quoted, escaped quotes, commas and line breaks inside quotes, CRLF") {
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(fields("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields("a,b\r\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields("\"x, y\",\"say \"\"hi\"\"\"\n") == Rows{{"x, y", "say \"hi\""}});
  CHECK(fields("a,\"two\nlines\",c\n1,2,3\n") == Rows{{"a", "two\nlines", "c"}, {"1", "2", "3"}});
  CHECK(fields("a,,\n") == Rows{{"a", "", ""}});
  CHECK(fields("\xEF\xBB\xBFh\n1\n\n\n") == Rows{{"h"}, {"1"}});  // BOM and trailing empty lines
  // A record that starts after a multi-line field keeps its own line number.
  const auto recs = parse_csv("a,\"x\ny\"\n1,2\n", "t");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1].line == 3);
}

TEST_CASE("csv reader: malformed input names the line") {
  CHECK(error_of([] { parse_csv("a,b\n1,\"2\n3,4\n", "t"); }) == "t: line 2: a quoted field is never closed (missing \")");
  CHECK(error_of([] { parse_csv("a,b\n1,2\"x\n", "t"); }) ==
        "t: line 2: field 2: a quote inside an unquoted field (quote the whole field)");
  CHECK(error_of([] { parse_csv("a,b\n\"1\"x,2\n", "t"); }).rfind("t: line 2: field 1: unexpected text after a closing quote", 0) == 0);
  CHECK(error_of([] { parse_csv("a,b\n1,2\n\n3,4\n", "t"); }) == "t: line 3: is empty (remove empty lines between rows)");
  CHECK(error_of([] { parse_csv("a,b\r1,2\n", "t"); }).rfind("t: line 1: a carriage return", 0) == 0);
}

TEST_CASE("csv problem: features, labels by name, every row kept") {
  Experiment e(csv_spec("x1,class,x2\n0.5,1,2\n\"-1e-1\",0, 3 \n4,2,5\n"));
  auto& p = dynamic_cast<NetworkProblem&>(e.problem());
  const Dataset& d = p.train();
  CHECK(d.n == 3);
  CHECK(d.features == 2);
  CHECK(d.num_classes == 3);
  CHECK(d.x == std::vector<float>{0.5f, 2, -0.1f, 3, 4, 5});
  CHECK(d.labels == std::vector<int32_t>{1, 0, 2});
  CHECK(e.problem().info().kind == "csv");
  CHECK(e.problem().info().two_d);

  Experiment r(csv_spec("a,b,y\n1,2,0.5\n3,4,-1\n5,6,2\n", R"("target": "y")", R"({"kind": "linear"})"));
  const Dataset& rd = dynamic_cast<NetworkProblem&>(r.problem()).train();
  CHECK(rd.task == Task::Regression);
  CHECK(rd.targets == std::vector<float>{0.5f, -1, 2});

  std::string big = "u,v,class\n";
  for (int i = 0; i < 40; ++i) big += std::to_string(i) + "," + std::to_string(-i) + "," + std::to_string(i % 2) + "\n";
  Experiment s(csv_spec(big, R"("label": "class", "test_fraction": 0.25)"));
  auto& sp = dynamic_cast<NetworkProblem&>(s.problem());
  CHECK(sp.train().n == 30);
  CHECK(sp.test()->n == 10);
}

TEST_CASE("csv problem: bad rows are errors naming line and column") {
  const std::string where = "problem.text: line ";
  CHECK(csv_error("x,class\n1,0\n2,cat\n") == where + "3: column 2 (\"class\") must be a finite number, got \"cat\"");
  CHECK(csv_error("x,class\n1,0\n,1\n") == where + "3: column 1 (\"x\") must be a finite number, got \"\"");
  CHECK(csv_error("x,class\n1,0\n2,1.5\n") == where + "3: column 2 (\"class\") must be a class number 0, 1, 2, ..., got \"1.5\"");
  CHECK(csv_error("x,class\n1,0\n2,-1\n") == where + "3: column 2 (\"class\") must be a class number 0, 1, 2, ..., got \"-1\"");
  CHECK(csv_error("x,class\n1,0\n2,1,3\n") == where + "3: has 3 fields, the header has 2");
  CHECK(csv_error("x,class\n1,0\n2,nan\n") == where + "3: column 2 (\"class\") must be a finite number, got \"nan\"");
  CHECK(csv_error("x,class\n1,0\n2,5\n", R"("label": "class", "num_classes": 3)") ==
        where + "3: column 2 (\"class\"): label 5 is out of range for num_classes 3 (labels are 0 to 2)");
  CHECK(csv_error("x,class\n1,0\n2,1\n", R"("label": "kind")") == "problem.label: names no column of the header: \"kind\"");
  CHECK(csv_error("x,x,class\n1,2,0\n") == "problem.text: line 1: column name \"x\" is used twice");
  CHECK(csv_error("x,class\n", R"("label": "class")") == "problem.text: has a header but no data rows");
  CHECK(csv_error("x,class\n1,0\n", R"("path": "a.csv", "label": "class")")
            .rfind("problem.path: cannot be read here", 0) == 0);
  CHECK(csv_error("x,class\n1,0\n2,1\n", R"("label": "class", "target": "x")").rfind("problem.target: must not be given", 0) == 0);
  CHECK(csv_error("x,class\n1,0\n2,1\n", R"("label": "class", "task": "regression")").rfind("problem.task:", 0) == 0);
  CHECK(csv_error("x,class\n1,0\n2,0\n").rfind("problem.label: column \"class\" holds a single class", 0) == 0);
}
