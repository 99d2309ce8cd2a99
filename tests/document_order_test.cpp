// DocumentOrderKey: the sort keys it gives order matches as their document ids (the value slot
// the ranking read per match before) would, compared byte by byte as Xapian compares values.
#include "searcher/document_order.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "analysis/schema.h"

namespace palermo {
namespace {

TEST(DocumentOrderKey, KeysOrderAsTheDocumentIdsByteByByte) {
  Xapian::WritableDatabase db = Xapian::InMemory::open();
  // Ids in no order, a document's paragraphs apart, bytes above 0x7f (compared unsigned), a
  // prefix of another id, and a paragraph without one (a record).
  const std::vector<std::string> ids = {"resolution-6-4.es", "decision-7-1.en", "", "resolution-6-4.es", "resolución-6-4.es",
                                        "resolution-6-4", "Resolution-6-4.es", "decision-7-1.en"};
  for (const std::string& id : ids) {
    Xapian::Document doc;
    if (!id.empty()) doc.add_value(schema::kDocumentSlot, id);
    doc.add_boolean_term("Qx");
    db.add_document(doc);
  }
  const DocumentOrderKey key(db);
  for (Xapian::docid a = 1; a <= ids.size(); ++a) {
    for (Xapian::docid b = 1; b <= ids.size(); ++b) {
      const std::string ka = key(db.get_document(a)), kb = key(db.get_document(b));
      EXPECT_EQ(ka < kb, db.get_document(a).get_value(schema::kDocumentSlot) < db.get_document(b).get_value(schema::kDocumentSlot))
          << ids[a - 1] << " vs " << ids[b - 1];
      EXPECT_EQ(ka == kb, ids[a - 1] == ids[b - 1]) << ids[a - 1] << " vs " << ids[b - 1];
    }
  }
  EXPECT_EQ(key(db.get_document(3)), "");  // no id: as Document::get_value gives
}

TEST(DocumentOrderKey, AParagraphAddedAfterTheColumnWasReadComesAfterEveryOther) {
  Xapian::WritableDatabase db = Xapian::InMemory::open();
  Xapian::Document doc;
  doc.add_value(schema::kDocumentSlot, "zzz");
  db.add_document(doc);
  const DocumentOrderKey key(db);
  db.add_document(doc);
  EXPECT_GT(key(db.get_document(2)), key(db.get_document(1)));
}

}  // namespace
}  // namespace palermo
