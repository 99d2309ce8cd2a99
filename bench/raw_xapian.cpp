// The raw-Xapian baseline of the benchmark: what Xapian alone does with the same paragraphs.
//
//   raw-xapian index <paragraphs.tsv> <db>
//   raw-xapian query <db> <queries.tsv> <repeats>
//
// index: one Xapian document per line of bench/generate.py's paragraphs.tsv (doc, lang, session,
// body, kind, text): Xapian::TermGenerator with the paragraph's language's stemmer and positions,
// the text as document data, four value slots for the facets (0 session, 1 body, 2 kind, 3 lang).
// Prints "paragraphs <n> seconds <s>".
// query: for each line of queries.tsv (class, lang, query), <repeats> times: Xapian::QueryParser
// (the query's language's stemmer, boolean operators and phrases), BM25, top 10, with the exact
// total and exact counts of the four facets (Xapian::ValueCountMatchSpy, check_at_least = the
// document count). Prints one line per run: "class<TAB>lang<TAB>query<TAB>total<TAB>ms".
// Not a test; a benchmark peer that must stay small.
#include <xapian.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) out.push_back(field);
  return out;
}

std::string stemmer_language(const std::string& lang) { return lang == "es" ? "spanish" : "english"; }

int index(const std::string& tsv, const std::string& path) {
  std::ifstream in(tsv);
  if (!in) throw std::runtime_error("cannot read " + tsv);
  const auto start = std::chrono::steady_clock::now();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator es_terms;
  es_terms.set_stemmer(Xapian::Stem("spanish"));
  es_terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::TermGenerator en_terms;
  en_terms.set_stemmer(Xapian::Stem("english"));
  en_terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::string line;
  long n = 0;
  while (std::getline(in, line)) {
    const auto f = split_tabs(line);
    if (f.size() < 6) continue;
    Xapian::Document doc;
    auto& terms = f[1] == "es" ? es_terms : en_terms;
    terms.set_document(doc);
    terms.index_text(f[5]);
    doc.set_data(f[5]);
    doc.add_value(0, f[2]);
    doc.add_value(1, f[3]);
    doc.add_value(2, f[4]);
    doc.add_value(3, f[1]);
    doc.add_boolean_term("Q" + f[0] + "/" + f[1] + "/" + std::to_string(n));
    db.add_document(doc);
    ++n;
  }
  db.commit();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("paragraphs %ld seconds %.3f\n", n, s);
  return 0;
}

int query(const std::string& path, const std::string& queries, int repeats) {
  Xapian::Database db(path);
  std::ifstream in(queries);
  if (!in) throw std::runtime_error("cannot read " + queries);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    if (f.size() < 3) continue;
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      Xapian::QueryParser parser;
      parser.set_database(db);
      parser.set_stemmer(Xapian::Stem(stemmer_language(f[1])));
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      parser.set_default_op(Xapian::Query::OP_AND);
      const Xapian::Query q = parser.parse_query(
          f[2], Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_BOOLEAN |
                    Xapian::QueryParser::FLAG_PHRASE);
      Xapian::Enquire enquire(db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      std::array<std::unique_ptr<Xapian::ValueCountMatchSpy>, 4> spies;
      for (Xapian::valueno slot = 0; slot < spies.size(); ++slot) {
        spies[slot] = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
        enquire.add_matchspy(spies[slot].get());
      }
      const Xapian::MSet top = enquire.get_mset(0, 10, db.get_doccount());
      std::size_t values = 0;  // read the counts, as a client would
      for (const auto& spy : spies) {
        for (auto v = spy->values_begin(); v != spy->values_end(); ++v) values += v.get_termfreq();
      }
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      std::printf("%s\t%s\t%s\t%u\t%.3f\n", f[0].c_str(), f[1].c_str(), f[2].c_str(),
                  top.get_matches_estimated(), ms);
      if (values == 0 && top.get_matches_estimated() != 0) std::fprintf(stderr, "no facet counts?\n");
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "index") return index(args[1], args[2]);
    if (args.size() == 4 && args[0] == "query") return query(args[1], args[2], std::stoi(args[3]));
    std::cerr << "usage: raw-xapian index <paragraphs.tsv> <db> | query <db> <queries.tsv> <repeats>\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "raw-xapian: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "raw-xapian: " << e.what() << "\n";
  }
  return 1;
}
