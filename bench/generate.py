#!/usr/bin/env python3
"""CTOC-like corpus generator for the benchmark: Spanish and English Markdown in the seeds' layout.

  bench/generate.py --paragraphs 500000 --out /tmp/gen [--seed 1] [--seeds corpus]
  bench/generate.py --queries bench/queries.txt          (writes the query set, see below)

Writes <out>/corpus/<name>.<lang>.md (resolutions with preamble and numbered operative paragraphs
with lettered sub-items; notes by the Secretariat with a cover block, headings, numbered paragraphs
and footnotes; every document in both languages, paragraph for paragraph) and <out>/paragraphs.tsv,
one line per paragraph the peers index: doc, lang, session, body, kind, text (plain). --paragraphs
counts the paragraphs of both languages together. Same seed and size: same bytes.

Vocabulary: the words of the seed documents ranked by frequency, then generated words, drawn from
one Zipf distribution (s = 1.25 over 2,000,000 ranks), so that the vocabulary keeps growing with
the corpus like real text's (Heaps' law: about 5 times the distinct words for 10 times the text).
Rank r stands for the same concept in both languages: a generated word has a Spanish and an
English spelling. Paragraphs mix such runs with chunks of the seeds' own sentences (the same place
of the same paragraph in both languages), citations ("resolución 7/1"), symbols
(CTOC/COP/WG.4/2023/5), dates and body names.

Only the standard library: the benchmark runs on a fresh machine with python3.
"""
import argparse
import bisect
import itertools
import os
import random
import re
import sys
from collections import Counter

ZIPF_S = 1.25
ZIPF_RANKS = 2_000_000
WORD = re.compile(r"[^\W\d_]+")

# Concepts the generator writes in both languages. Each fact in one place: these follow
# domain/sessions.tsv, bodies.tsv and verbs.tsv closely enough for Palermo's parser to read them.
ORDINALS_ES = ["Primer", "Segundo", "Tercer", "Cuarto", "Quinto", "Sexto", "Séptimo", "Octavo",
               "Noveno", "Décimo", "11º", "12º"]
ORDINALS_EN = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
               "Tenth", "Eleventh", "Twelfth"]
SESSION_YEAR = [2004, 2005, 2006, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
BODIES = [  # id, es, en
    ("WG.2", "Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica",
     "Working Group of Government Experts on Technical Assistance"),
    ("WG.3", "Grupo de Trabajo sobre Cooperación Internacional", "Working Group on International Cooperation"),
    ("WG.4", "Grupo de Trabajo sobre la Trata de Personas", "Working Group on Trafficking in Persons"),
    ("WG.6", "Grupo de Trabajo sobre Armas de Fuego", "Working Group on Firearms"),
    ("WG.7", "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes", "Working Group on the Smuggling of Migrants"),
]
PREAMBULAR = [("Recordando", "Recalling"), ("Recordando también", "Recalling also"),
              ("Reconociendo", "Recognizing"), ("Acogiendo con beneplácito", "Welcoming"),
              ("Teniendo presente", "Bearing in mind"), ("Resaltando", "Emphasizing"),
              ("Reafirmando", "Reaffirming"), ("Observando", "Noting")]
OPERATIVE = [("Insta", "Urges"), ("Alienta", "Encourages"), ("Exhorta", "Calls upon"),
             ("Solicita", "Requests"), ("Decide", "Decides"), ("Invita", "Invites"),
             ("Acoge con beneplácito", "Welcomes"), ("Recomienda", "Recommends")]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
TOPICS = [("Asistencia técnica", "Technical assistance"),
          ("Cooperación internacional", "International cooperation"),
          ("Trata de personas", "Trafficking in persons"),
          ("Tráfico ilícito de migrantes", "Smuggling of migrants"),
          ("Armas de fuego", "Firearms"),
          ("Examen de la aplicación", "Review of implementation")]
# Generated words: bijective base-20 syllables + an ending, the same concept in both languages.
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo",
             "cra", "ple", "tri", "mon", "ser", "gal"]
ENDINGS_ES = ["ción", "miento", "idad", "ador", "ismo", "ario"]
ENDINGS_EN = ["tion", "ment", "ity", "ator", "ism", "ary"]
STOP = {"es": set("de la el en y los las que del a por para con se su al sus o como un una lo no es "
                  "ha sobre entre sin más este esta esa ese han sea otras otros cual".split()),
        "en": set("the of and to in on for a an by with that its as at or be is from this which "
                  "has have are their it was were other such".split())}


def seed_pairs(seeds_dir):
    """Paragraphs (plain text) of each seed document pair, aligned by index."""
    pairs = []
    for name in sorted(os.listdir(seeds_dir)):
        if not name.endswith(".es.md"):
            continue
        en = os.path.join(seeds_dir, name[:-6] + ".en.md")
        if not os.path.exists(en):
            continue
        es_p, en_p = (plain_blocks(open(p, encoding="utf-8").read())
                      for p in (os.path.join(seeds_dir, name), en))
        for a, b in zip(es_p, en_p):
            if len(a.split()) >= 12 and len(b.split()) >= 12:
                pairs.append((a.split(), b.split()))
    return pairs


def plain_blocks(text):
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block or block.startswith(("#", "---", "<sup>")):
            continue
        block = re.sub(r"<sup>\d+</sup>|\*|\\|\[|\]\(#\)|^\s*(\d+\.|[a-z]\)|- [ivx]+\))\s*", "",
                       block, flags=re.M)
        out.append(" ".join(block.split()))
    return out


def vocabulary(pairs):
    """Seed words per language, most frequent first."""
    vocab = {}
    for i, lang in enumerate(("es", "en")):
        counts = Counter(w.lower() for p in pairs for w in WORD.findall(" ".join(p[i])))
        vocab[lang] = [w for w, _ in counts.most_common()]
    return vocab


def generated_word(rank, lang):
    n = rank // 6 + 20  # at least two syllables
    syl = []
    while n > 0:
        n -= 1
        syl.append(SYLLABLES[n % 20])
        n //= 20
    return "".join(reversed(syl)) + (ENDINGS_ES if lang == "es" else ENDINGS_EN)[rank % 6]


class Words:
    def __init__(self, vocab, rng):
        self.vocab = vocab
        self.rng = rng
        self.cum = list(itertools.accumulate((r + 2.7) ** -ZIPF_S for r in range(ZIPF_RANKS)))
        self.cache = {"es": {}, "en": {}}

    def word(self, rank, lang):
        v = self.vocab[lang]
        if rank < len(v):
            return v[rank]
        c = self.cache[lang]
        w = c.get(rank)
        if w is None:
            w = c[rank] = generated_word(rank, lang)
        return w

    def ranks(self, k):
        total = self.cum[-1]
        rnd = self.rng.random
        return [bisect.bisect(self.cum, rnd() * total) for _ in range(k)]

    def expected(self, rank, tokens):
        """Expected occurrences of `rank` among `tokens` Zipf draws."""
        return tokens * (rank + 2.7) ** -ZIPF_S / self.cum[-1]


class Generator:
    def __init__(self, pairs, words, rng):
        self.pairs, self.words, self.rng = pairs, words, rng

    def date(self, year):
        d, m = self.rng.randint(1, 28), self.rng.randrange(12)
        return f"{d} de {MONTHS_ES[m]} de {year}", f"{d} {MONTHS_EN[m]} {year}"

    def text(self, session, lo, hi):
        """A paragraph's running text in both languages, and the body it names (or None)."""
        rng, es, en, body = self.rng, [], [], None
        budget = rng.randint(lo, hi)
        while budget > 0:
            r = rng.random()
            if r < 0.50:  # a chunk of a seed sentence, same place in both languages
                a, b = rng.choice(self.pairs)
                f = rng.random()
                n = rng.randint(5, 14)
                ia, ib = int(f * max(1, len(a) - n)), int(f * max(1, len(b) - n))
                es += a[ia:ia + n]
                en += b[ib:ib + n]
                budget -= n
            elif r < 0.88:  # a run of Zipf words: the vocabulary that grows
                ranks = self.words.ranks(rng.randint(4, 16))
                es += [self.words.word(x, "es") for x in ranks]
                en += [self.words.word(x, "en") for x in ranks]
                budget -= len(ranks)
            elif r < 0.91:
                s, n = rng.randint(1, session), rng.randint(1, 9)
                kind = rng.random() < 0.7
                es.append(f"{'la resolución' if kind else 'la decisión'} {s}/{n}")
                en.append(f"{'resolution' if kind else 'decision'} {s}/{n}")
                budget -= 3
            elif r < 0.94:
                year = SESSION_YEAR[session - 1] - rng.randint(0, 1)
                sym = rng.choice([f"CTOC/COP/WG.{rng.choice((2, 3, 4, 6, 7))}/{year}/{rng.randint(1, 6)}",
                                  f"CTOC/COP/{year}/{rng.randint(1, 15)}"])
                es.append(f"({sym})")
                en.append(f"({sym})")
                budget -= 1
            elif r < 0.97:
                a, b = self.date(SESSION_YEAR[session - 1] - rng.randint(0, 2))
                es.append(f"el {a},")
                en.append(f"on {b},")
                budget -= 4
            else:
                bid, bes, ben = rng.choice(BODIES)
                body = body or bid
                es.append(f"el {bes}")
                en.append(f"the {ben}")
                budget -= 8
        return " ".join(es), " ".join(en), body

    def footnote_text(self, session):
        y = SESSION_YEAR[session - 1]
        return (f"Véase el documento CTOC/COP/{y}/{self.rng.randint(2, 15)}, párr. {self.rng.randint(1, 90)}.",
                f"See document CTOC/COP/{y}/{self.rng.randint(2, 15)}, para. {self.rng.randint(1, 90)}.")

    def resolution(self, session, number):
        rng = self.rng
        t_es, t_en = rng.choice(TOPICS)
        title_es, title_en, _ = self.text(session, 6, 14)
        md = {"es": [f"## Resolución {session}/{number}", f"### **{t_es}: {title_es}**",
                     "*La Conferencia de las Partes en la Convención de las Naciones Unidas contra la "
                     "Delincuencia Organizada Transnacional,*"],
              "en": [f"## Resolution {session}/{number}", f"### **{t_en}: {title_en}**",
                     "*The Conference of the Parties to the United Nations Convention against "
                     "Transnational Organized Crime,*"]}
        rows = [("heading", "COP", f"Resolución {session}/{number}", f"Resolution {session}/{number}"),
                ("heading", "COP", f"{t_es}: {title_es}", f"{t_en}: {title_en}"),
                ("preambular", "COP", md["es"][2].strip("*"), md["en"][2].strip("*"))]
        notes = []
        for _ in range(rng.randint(4, 10)):
            v_es, v_en = rng.choice(PREAMBULAR)
            es, en, body = self.text(session, 25, 90)
            mark = ""
            if rng.random() < 0.15:
                notes.append(self.footnote_text(session))
                mark = f"<sup>{len(notes)}</sup>"
            md["es"].append(f"*{v_es}* {es}{mark},")
            md["en"].append(f"*{v_en}* {en}{mark},")
            rows.append(("preambular", body or "COP", f"{v_es} {es},", f"{v_en} {en},"))
        for i in range(1, rng.randint(6, 18) + 1):
            v_es, v_en = rng.choice(OPERATIVE)
            es, en, body = self.text(session, 20, 80)
            items = rng.random() < 0.2
            end = ":" if items else ";"
            md["es"].append(f"{i}. *{v_es}* a los Estados partes {es}{end}")
            md["en"].append(f"{i}. *{v_en}* States parties {en}{end}")
            rows.append(("operative", body or "COP", f"{i}. {v_es} a los Estados partes {es}{end}",
                         f"{i}. {v_en} States parties {en}{end}"))
            if items:
                for letter in "abcd"[:rng.randint(2, 4)]:
                    es, en, body = self.text(session, 10, 35)
                    md["es"].append(f"{letter}) {es};")
                    md["en"].append(f"{letter}) {en};")
                    rows.append(("operative", body or "COP", f"{letter}) {es};", f"{letter}) {en};"))
        self.footnotes(md, rows, notes, "COP")
        return md, rows

    def note(self, session):
        rng = self.rng
        y = SESSION_YEAR[session - 1]
        a_es, a_en = self.date(y)
        t_es, t_en = rng.choice(TOPICS)
        bid, b_es, b_en = rng.choice(BODIES)
        item = rng.randint(2, 8)
        md = {"es": ["# Conferencia de las Partes en la Convención de las Naciones Unidas contra la "
                     "Delincuencia Organizada Transnacional",
                     f"Distr. general  \n{a_es}  \nEspañol  \nOriginal: inglés", "---",
                     f"## {ORDINALS_ES[session - 1]} período de sesiones",
                     f"Viena, {rng.randint(6, 20)} a {rng.randint(21, 27)} de octubre de {y}",
                     f"Tema {item} del programa provisional\\*", f"### {t_es}",
                     f"## Informe sobre la reunión del {b_es}", "### Nota de la Secretaría"],
              "en": ["# Conference of the Parties to the United Nations Convention against "
                     "Transnational Organized Crime",
                     f"Distr.: General  \n{a_en}  \nEnglish  \nOriginal: English", "---",
                     f"## {ORDINALS_EN[session - 1]} session",
                     f"Vienna, {rng.randint(6, 20)}-{rng.randint(21, 27)} October {y}",
                     f"Item {item} of the provisional agenda\\*", f"### {t_en}",
                     f"## Report on the meeting of the {b_en}", "### Note by the Secretariat"]}
        rows = [("heading", "SEC", t_es, t_en),
                ("heading", bid, f"Informe sobre la reunión del {b_es}", f"Report on the meeting of the {b_en}"),
                ("heading", "SEC", "Nota de la Secretaría", "Note by the Secretariat")]
        notes = [(f"CTOC/COP/{y}/1.", f"CTOC/COP/{y}/1.")]
        n = 0
        for _ in range(rng.randint(2, 5)):
            h_es, h_en, _ = self.text(session, 3, 8)
            md["es"].append(f"### {h_es.capitalize()}")
            md["en"].append(f"### {h_en.capitalize()}")
            rows.append(("heading", "SEC", h_es, h_en))
            for _ in range(rng.randint(3, 9)):
                n += 1
                es, en, body = self.text(session, 30, 110)
                mark = ""
                if rng.random() < 0.1:
                    notes.append(self.footnote_text(session))
                    mark = f"<sup>{len(notes) - 1}</sup>"
                md["es"].append(f"{n}. {es.capitalize()}{mark}.")
                md["en"].append(f"{n}. {en.capitalize()}{mark}.")
                rows.append(("narrative", body or "SEC", f"{n}. {es}.", f"{n}. {en}."))
        md["es"].insert(9, "")  # keeps the cover block apart from the body
        md["en"].insert(9, "")
        self.footnotes(md, rows, notes, "SEC", first_mark="\\*")
        return md, rows

    def footnotes(self, md, rows, notes, body, first_mark=None):
        if not notes:
            return
        md["es"].append("---")
        md["en"].append("---")
        for i, (es, en) in enumerate(notes):
            mark = first_mark if (first_mark and i == 0) else f"<sup>{i if first_mark else i + 1}</sup>"
            md["es"].append(f"{mark} {es}")
            md["en"].append(f"{mark} {en}")
            rows.append(("footnote", body, es, en))


def generate(args):
    rng = random.Random(args.seed)
    pairs = seed_pairs(args.seeds)
    words = Words(vocabulary(pairs), rng)
    gen = Generator(pairs, words, rng)
    corpus = os.path.join(args.out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    for old in os.listdir(corpus):  # a smaller run into the same folder must not leave documents
        if old.endswith(".md"):
            os.remove(os.path.join(corpus, old))
    written = 0
    doc = 0
    numbers = Counter()
    text_bytes = 0
    with open(os.path.join(args.out, "paragraphs.tsv"), "w", encoding="utf-8") as tsv:
        while written < args.paragraphs:
            doc += 1
            session = rng.randint(1, 12)
            if rng.random() < 0.4:
                numbers[session] += 1
                md, rows = gen.resolution(session, numbers[session])
                name = f"resolution-{session}-{numbers[session]}"
            else:
                md, rows = gen.note(session)
                name = f"cop{session}-note-{doc:07d}"
            for i, lang in enumerate(("es", "en")):
                body = "\n\n".join(md[lang]) + "\n"
                text_bytes += len(body.encode("utf-8"))
                with open(os.path.join(corpus, f"{name}.{lang}.md"), "w", encoding="utf-8") as f:
                    f.write(body)
                for kind, bid, es, en in rows:
                    text = (es, en)[i].replace("\t", " ")
                    tsv.write(f"{name}\t{lang}\t{session}\t{bid}\t{kind}\t{text}\n")
            written += 2 * len(rows)
    print(f"generated {doc} documents x 2 languages, {written} paragraphs, {text_bytes} bytes of "
          f"Markdown in {corpus}", file=sys.stderr)


def content(words, lang, lo, hi, minlen, n, rng):
    """n seed words of frequency rank lo..hi, not stop words."""
    pool = [w for w in words.vocab[lang][lo:hi] if len(w) >= minlen and w not in STOP[lang]]
    return rng.sample(pool, n)


def write_queries(args):
    """The 50 queries: class, language, query (Palermo's syntax; the peers translate it)."""
    rng = random.Random(args.seed)
    pairs = seed_pairs(args.seeds)
    words = Words(vocabulary(pairs), rng)
    out = []
    nv = {lang: len(words.vocab[lang]) for lang in ("es", "en")}
    for lang in ("es", "en"):
        # rare: generated words expected 6-15 times in 20,000 paragraphs (about 230,000 Zipf
        # draws per language), so they hit at every size the benchmark runs
        rare = [r for r in range(max(nv.values()), 100000) if 6 <= words.expected(r, 230000) <= 15]
        for r in rng.sample(rare, 4):
            out.append(("rare", lang, words.word(r, lang)))
        for w in content(words, lang, 150, 600, 6, 4, rng):
            out.append(("mid", lang, w))
        for w in content(words, lang, 10, 80, 6, 4, rng):
            out.append(("common", lang, w))
        common = content(words, lang, 10, 80, 6, 5, rng)
        mid = content(words, lang, 150, 600, 6, 9, rng)
        for i in range(4 + (lang == "es")):
            out.append(("AND", lang, f"{common[i]} AND {mid[i]}"))
        for i in range(4 + (lang == "en")):
            out.append(("OR", lang, f"{mid[4 + i]} OR {words.word(rng.randrange(3000, 9000), lang)}"))
    out += [("phrase", "es", '"trata de personas"'), ("phrase", "es", '"asistencia técnica"'),
            ("phrase", "es", '"cooperación internacional"'), ("phrase", "es", '"delincuencia organizada transnacional"'),
            ("phrase", "en", '"trafficking in persons"'), ("phrase", "en", '"technical assistance"'),
            ("phrase", "en", '"international cooperation"'), ("phrase", "en", '"transnational organized crime"')]
    with open(args.queries, "w", encoding="utf-8") as f:
        f.write("# class\tlang\tquery -- written by bench/generate.py --queries (seed %d)\n" % args.seed)
        for row in out:
            f.write("\t".join(row) + "\n")
    print(f"{len(out)} queries in {args.queries}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--paragraphs", type=int, default=20000)
    p.add_argument("--out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--seeds", default=os.path.join(os.path.dirname(__file__), "..", "corpus"))
    p.add_argument("--queries")
    args = p.parse_args()
    if args.queries:
        write_queries(args)
    elif args.out:
        generate(args)
    else:
        p.error("--out or --queries")


if __name__ == "__main__":
    main()
