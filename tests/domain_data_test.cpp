// The domain tables load and answer the lookups the parser and searcher rely on.
#include <gtest/gtest.h>

#include <set>

#include "analysis/text.h"
#include "corpus_fixture.h"

namespace palermo {
namespace {

TEST(DomainData, LooksUpBodiesSessionsMonthsVerbsAndLanguages) {
  const DomainData& d = testing::domain();
  ASSERT_NE(d.body("wg.4"), nullptr);
  EXPECT_EQ(d.body("WG.4")->name.in("en"), "Working Group on Trafficking in Persons");
  EXPECT_EQ(d.bodies_named_in(fold("Informes del Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes")).at(0)->id, "WG.7");
  EXPECT_EQ(d.session_from_ordinal("septimo"), 7);
  EXPECT_EQ(d.session_from_ordinal("12o"), 12);
  EXPECT_EQ(d.session_from_ordinal("twelfth"), 12);
  EXPECT_EQ(d.session(9)->year, 2018);
  EXPECT_EQ(d.month("junio"), 6);
  EXPECT_EQ(d.month("october"), 10);
  EXPECT_EQ(d.verb_at_start("hace suyas las recomendaciones")->id, "endorses");
  EXPECT_EQ(d.verb_at_start("calls upon states")->id, "calls_upon");
  EXPECT_EQ(d.verb_at_start("insta a los estados")->id, d.verb_at_start("urges states")->id);
  EXPECT_EQ(d.verb_at_start("instalar"), nullptr);  // whole words only
  EXPECT_EQ(d.language_named("espanol"), "es");
  EXPECT_EQ(d.facet_label("kind", "operative")->in("es"), "Dispositivo");
}

TEST(DomainData, GlossaryIsBilingualAndWellFormed) {
  const DomainData& d = testing::domain();
  const std::set<std::string> categories{"instrument", "body", "concept", "crime", "actor", "procedure", "place"};
  std::set<std::string> ids;
  for (const GlossaryEntry& e : d.glossary()) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_TRUE(categories.count(e.category)) << e.id << ": " << e.category;
    EXPECT_FALSE(e.forms.at("es").empty()) << e.id;
    EXPECT_FALSE(e.forms.at("en").empty()) << e.id;
  }
  EXPECT_GE(d.glossary().size(), 150u);
  auto forms = [&](const std::string& id) {
    for (const GlossaryEntry& e : d.glossary()) {
      if (e.id == id) return e.forms;
    }
    return std::map<std::string, std::vector<std::string>>{};
  };
  EXPECT_EQ(forms("mutual_legal_assistance").at("es").front(), "asistencia judicial recíproca");
  EXPECT_EQ(forms("confiscation").at("en").front(), "confiscation");
  EXPECT_EQ(forms("confiscation").at("es").front(), "decomiso");
  EXPECT_EQ(forms("smuggling_of_migrants").at("es").front(), "tráfico ilícito de migrantes");
}

TEST(DomainData, MalformedTableNamesFileAndLine) {
  testing::TempDir tmp;
  for (const auto& e : std::filesystem::directory_iterator(PALERMO_SOURCE_DIR "/domain")) {
    if (e.path().extension() == ".tsv") std::filesystem::copy_file(e.path(), tmp.path() / e.path().filename());
  }
  testing::write_file(tmp.path() / "months.tsv", "number\tnames\n1\n");
  try {
    DomainData::load(tmp.path());
    FAIL() << "loaded a malformed table";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("months.tsv:2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace palermo
