// What each kind of term costs in an index palermo-index wrote: copies the index once per kind
// with that kind left out, compacts every copy and the full index the same way, and prints the
// size each kind adds (full minus copy), with its terms and postings. Also the Glass tables of
// the compacted full index. Used by bench/run.sh's README figures; not a test.
//
//   palermo-term-kinds INDEX WORK_DIR
#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Kind {
  const char* name;
  std::function<bool(const std::string&)> is;  // the term is of this kind
  bool positions_only = false;                 // drop only the term's positions
};

bool upper(char c) { return c >= 'A' && c <= 'Z'; }

std::uintmax_t size_of(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

std::uintmax_t compacted(Xapian::Database db, const fs::path& out) {
  fs::remove_all(out);
  db.compact(out.string());
  return size_of(out);
}

// `db` without the terms of `kind` (or only without their positions), compacted into `out`.
std::uintmax_t without(const Xapian::Database& db, const Kind& kind, const fs::path& work, std::size_t& terms,
                       std::size_t& postings) {
  const fs::path copy = work / "copy";
  fs::remove_all(copy);
  {
    Xapian::WritableDatabase out(copy.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document in = db.get_document(*it);
      Xapian::Document doc;
      for (auto t = in.termlist_begin(); t != in.termlist_end(); ++t) {
        const bool of_kind = kind.is(*t);
        if (of_kind) ++postings;
        if (of_kind && !kind.positions_only) continue;
        doc.add_term(*t, t.get_wdf());
        if (of_kind) continue;  // positions dropped
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) doc.add_posting(*t, *p, 0);
      }
      for (auto v = in.values_begin(); v != in.values_end(); ++v) doc.add_value(v.get_valueno(), *v);
      doc.set_data(in.get_data());
      out.replace_document(*it, doc);
    }
    for (auto m = db.metadata_keys_begin(); m != db.metadata_keys_end(); ++m) out.set_metadata(*m, db.get_metadata(*m));
    out.commit();
  }
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) terms += kind.is(*t) ? 1 : 0;
  const std::uintmax_t size = compacted(Xapian::Database(copy.string()), work / "copy-compact");
  fs::remove_all(copy);
  return size;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: palermo-term-kinds INDEX WORK_DIR\n");
    return 2;
  }
  try {
    const Xapian::Database db(argv[1]);
    const fs::path work = argv[2];
    fs::create_directories(work);
    // The same copy with nothing left out: the baseline every kind is measured against (the
    // copy drops the spelling table, which is measured apart as a table below).
    const Kind nothing{"(nothing)", [](const std::string&) { return false; }};
    std::size_t t0 = 0, p0 = 0;
    const std::uintmax_t full = without(db, nothing, work, t0, p0);
    const std::vector<Kind> kinds = {
        {"Z stems: positions", [](const std::string& t) { return !t.empty() && t[0] == 'Z'; }, true},
        {"Z stems: postings (and positions)", [](const std::string& t) { return !t.empty() && t[0] == 'Z'; }},
        {"E exact forms", [](const std::string& t) { return !t.empty() && t[0] == 'E'; }},
        {"unprefixed folded words (wildcards)", [](const std::string& t) { return !t.empty() && !upper(t[0]); }},
        {"boolean: ids, filters, subjects, records", [](const std::string& t) {
           return !t.empty() && upper(t[0]) && t[0] != 'Z' && t[0] != 'E';
         }},
    };
    std::printf("| term kind | terms | postings | bytes it adds | share of the copy |\n|---|---|---|---|---|\n");
    for (const Kind& k : kinds) {
      std::size_t terms = 0, postings = 0;
      const std::uintmax_t size = without(db, k, work, terms, postings);
      std::printf("| %s | %zu | %zu | %ju | %.1f%% |\n", k.name, terms, postings, full - size,
                  100.0 * static_cast<double>(full - size) / static_cast<double>(full));
    }
    std::printf("\ncompacted copy: %ju bytes. Tables of the compacted index itself:\n\n| table | bytes |\n|---|---|\n", full);
    const fs::path whole = work / "full-compact";
    compacted(db, whole);
    for (const auto& e : fs::directory_iterator(whole)) {
      if (e.is_regular_file()) std::printf("| %s | %ju |\n", e.path().filename().c_str(), e.file_size());
    }
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "palermo-term-kinds: %s\n", e.get_description().c_str());
    return 1;
  }
  return 0;
}
