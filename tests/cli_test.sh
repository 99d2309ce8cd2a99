#!/usr/bin/env bash
# The two programs as a user runs them: index the corpus, query with filters and --json, and the
# exit statuses of bad input. Arguments: <bin dir> <source dir>.
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

out=$("$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/index" 2>"$tmp/err")
check "index exits 0" "[ $? -eq 0 ]"
check "summary line" "grep -qE '^files indexed 10, unchanged 0, removed 0, skipped 0; paragraphs written [0-9]+' <<<\"\$out\""
out=$("$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/index")
check "second run skips unchanged files" "grep -q 'files indexed 0, unchanged 10' <<<\"\$out\""

json=$("$bin/palermo-search" query --db "$tmp/index" --json --session 12 --lang es "")
check "json total for session 12, es" "python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d[\"total\"]>=15 and all(r[\"session\"]==12 for r in d[\"results\"])' \"\$json\""
json=$("$bin/palermo-search" query --db "$tmp/index" --json --body WG.7 --lang es "")
check "body WG.7 gives paragraphs 4-6 and their heading" "python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert sorted(r[\"para\"] for r in d[\"results\"])==[\"\",\"4\",\"5\",\"6\"]' \"\$json\""

"$bin/palermo-search" query --db "$tmp/index" --size 0 "trata" >/dev/null 2>&1
check "size 0 is a bad query (status 2)" "[ $? -eq 2 ]"
json=$("$bin/palermo-search" query --db "$tmp/index" --json "trata AND" 2>/dev/null)
check "syntax error is a JSON bad_query error" "python3 -c 'import json,sys; assert json.loads(sys.argv[1])[\"error\"][\"code\"]==\"bad_query\"' \"\$json\""
# A query may start with '-': an exclusion, not an option (220 of the 232 paragraphs, agenda-title headings included).
"$bin/palermo-search" query --db "$tmp/index" --json --size 100 "-migrantes" >"$tmp/excluded.json" 2>/dev/null
check "a query starting with '-' excludes the word" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"total\"]==220 and not any(\"migrant\" in h[\"text\"].lower() for h in d[\"results\"])' \"$tmp/excluded.json\""
"$bin/palermo-search" query --db "$tmp/index" --json trata de personas >"$tmp/unquoted.json" 2>/dev/null
check "an unquoted query of several words is one query" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"query\"][\"q\"]==\"trata de personas\" and d[\"total\"]>0' \"$tmp/unquoted.json\""
# Each result's subjects, in the interface language, inherited ones with their source; the subject
# filter as in the API, an unknown subject a bad query naming it.
out=$("$bin/palermo-search" query --db "$tmp/index" --subject threat_assessment --lang en --ui en "")
check "results show their subjects" "grep -qx '     subjects: Threat assessment, Technical assistance (heading)' <<<\"\$out\""
check "the subject filter keeps its paragraphs" "grep -q '^1 results' <<<\"\$out\" && grep -q 'resolution-6-4.en:b-iv' <<<\"\$out\""
"$bin/palermo-search" query --db "$tmp/index" --subject no_such_subject "" >/dev/null 2>"$tmp/err"
check "an unknown subject is status 2" "[ $? -eq 2 ]"
check "and says which and where the subjects are" "grep -q 'unknown subject \"no_such_subject\": subjects are the ids of domain/subjects.tsv' \"$tmp/err\""
"$bin/palermo-search" query --db "$tmp/missing" "trata" >/dev/null 2>&1
check "missing index is status 3" "[ $? -eq 3 ]"

mkdir -p "$tmp/bad" && printf 'caf\xe9\n' >"$tmp/bad/x.es.md" && cp "$src/corpus/resolution-6-4.es.md" "$tmp/bad/"
"$bin/palermo-index" --corpus "$tmp/bad" --db "$tmp/bad-index" --strict >/dev/null 2>"$tmp/err"
check "--strict exits 2 when a file is skipped" "[ $? -eq 2 ]"
check "skipped file named with its reason" "grep -q 'skipped x.es.md: not valid UTF-8' \"$tmp/err\""

# A folder of PDF, text and Markdown files with any names; anything else is named, not ignored.
mkdir -p "$tmp/mixed/sub"
cp "$src/tests/fixtures/pdf/resolution-10-3.es.pdf" "$tmp/mixed/V2006789.pdf"
cp "$src/tests/fixtures/text/cop9-note-blank-separated.en.txt" "$tmp/mixed/sub/CTOC-COP-2018-6.txt"
cp "$src/corpus/resolution-6-4.en.md" "$tmp/mixed/resolution 6-4.md"
printf 'PK\003\004' >"$tmp/mixed/notes.docx"
out=$("$bin/palermo-index" --corpus "$tmp/mixed" --db "$tmp/mixed-index" 2>"$tmp/err")
check "mixed folder: three formats indexed, the .docx skipped" "grep -q '^files indexed 3, unchanged 0, removed 0, skipped 1;' <<<\"\$out\""
check "the .docx is named with its reason" "grep -qx 'skipped notes.docx: unsupported format (.docx: save as PDF)' \"$tmp/err\""
json=$("$bin/palermo-search" query --db "$tmp/mixed-index" --json "symbol:CTOC/COP/2018/6")
check "the text's running header is its symbol" "python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d[\"total\"]==5' \"\$json\""

# A file name that is not UTF-8 is reported; the rest is indexed (it used to stop the run).
mkdir -p "$tmp/names" && cp "$src/corpus/resolution-6-4.es.md" "$tmp/names/" && cp "$src/corpus/resolution-6-4.en.md" "$tmp/names/$(printf 'bad\xff').en.md"
"$bin/palermo-index" --corpus "$tmp/names" --db "$tmp/names-index" >"$tmp/out" 2>"$tmp/err"
check "a non-UTF-8 file name does not stop the run" "[ $? -eq 0 ] && grep -q 'indexed 1,' \"$tmp/out\""
check "and is reported by name" "grep -q 'skipped bad?.en.md: the file name is not valid UTF-8' \"$tmp/err\""

# A sidecar that is a link (a loop, or a file outside the corpus) is never followed: the document
# is reported, the rest indexed (a loop used to stop every run; an outside file was read).
mkdir -p "$tmp/links" && cp "$src/corpus/resolution-6-4.es.md" "$src/corpus/resolution-6-4.en.md" "$tmp/links/"
ln -s resolution-6-4.es.meta.json "$tmp/links/resolution-6-4.es.meta.json"
echo '{"symbol": "LEAKED/OUTSIDE/1"}' >"$tmp/outside.json" && ln -s "$tmp/outside.json" "$tmp/links/resolution-6-4.en.meta.json"
"$bin/palermo-index" --corpus "$tmp/links" --db "$tmp/links-index" >"$tmp/out" 2>"$tmp/err"
check "a looping sidecar link does not stop the run" "[ $? -eq 0 ] && grep -q 'skipped resolution-6-4.es.md (sidecar resolution-6-4.es.meta.json): a symbolic link' \"$tmp/err\""
"$bin/palermo-search" query --db "$tmp/links-index" --json 'symbol:LEAKED/OUTSIDE/1' >"$tmp/leak.json" 2>&1
check "a sidecar link out of the corpus is not read" "grep -q 'skipped resolution-6-4.en.md (sidecar resolution-6-4.en.meta.json): a symbolic link' \"$tmp/err\" && grep -q '\"total\":0' \"$tmp/leak.json\""

# An index built with other analysis settings (here: a longer Spanish stop list) is refused with
# status 3, and --rebuild replaces it.
mkdir -p "$tmp/data" && cp -r "$src/domain" "$src/stopwords" "$tmp/data/" && echo "convención" >>"$tmp/data/stopwords/es.txt"
"$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/other" --data-dir "$tmp/data" >/dev/null 2>&1
"$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/other" >/dev/null 2>"$tmp/err"
check "incompatible index is status 3" "[ $? -eq 3 ]"
check "message says to rebuild" "grep -q -- '--rebuild' \"$tmp/err\""
"$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/other" --rebuild >/dev/null 2>&1
check "--rebuild replaces it" "[ $? -eq 0 ]"
"$bin/palermo-search" query --db "$tmp/other" "trata" >/dev/null 2>&1
check "and it is searchable again" "[ $? -eq 0 ]"

# A damaged index (postlist table overwritten past its first blocks) is reported with status 3
# and a message by both programs; neither aborts.
cp -r "$tmp/index" "$tmp/damaged"
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[8192:]=b"\xab"*(len(b)-8192); open(p,"wb").write(b)' \
  "$tmp/damaged/postlist.glass"
"$bin/palermo-search" query --db "$tmp/damaged" "trata" >/dev/null 2>"$tmp/err"
check "query on a damaged index is status 3, not an abort" "[ $? -eq 3 ]"
check "and says to rebuild" "grep -q 'is damaged or unreadable (DatabaseCorruptError.*rebuild it with palermo-index --rebuild' \"$tmp/err\""
json=$("$bin/palermo-search" query --db "$tmp/damaged" --json "trata" 2>/dev/null)
check "--json gives the no_index error body" "python3 -c 'import json,sys; assert json.loads(sys.argv[1])[\"error\"][\"code\"]==\"no_index\"' \"\$json\""

[ $fail -eq 0 ] && echo "cli: all passed" || echo "cli: failures"
exit $fail
