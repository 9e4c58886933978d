#!/usr/bin/env python3
"""The work behind scripts/fzf-diff.sh: run generated queries through
`tlx --filter` and `fzf --filter` over the same texts and classify where the
matched sets differ. Standard library only. Run it through fzf-diff.sh,
which finds or installs both programs; that script's header says what the
classes mean.

Each distinct value of a searched field becomes one tlx event holding that
value in that field alone (the required title is a filler no query can
match), and one fzf record `ID<US>VALUE` searched with `--nth=2..`. So the
two programs see the same texts one at a time, and for a single term any
difference comes from the matchers themselves.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import string
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

# The fields tlx searches, as named in its native JSON, and the prefixes of
# field terms (`country:egypt`) that would select them.
FIELDS = ["title", "summary", "kind", "place", "companies", "countries", "topics", "people"]
LIST_FIELDS = {"companies", "countries", "topics", "people"}
FIELD_PREFIXES = {
    "title": "title",
    "kind": "kind",
    "place": "place",
    "company": "companies",
    "country": "countries",
    "topic": "topics",
    "person": "people",
}
US = "\x1f"  # fzf's field delimiter: no value holds it
FILLERS = ["⁂", "※", "⸎"]  # candidate titles for events whose value is elsewhere

# A few values the real timelines lack, so the classes tlx is being taught
# (trimmed anchors, folding beyond Latin) have something to show on.
EDGE_VALUES = [
    ("place", "  Cairo "),
    ("companies", " Telecom Egypt"),
    ("countries", "Việt Nam"),
    ("companies", "ＡＢＣ Cloud"),
    ("place", "Straße des 17. Juni"),
    ("place", "İstanbul"),
    ("place", "Øresund"),
    ("topics", "ﬁbre"),
    ("countries", "Ελλάδα"),
    ("place", "Łódź"),
    ("people", "Ǆemal Bijedić"),
    ("title", "Le Monde révèle une fuite — «données» à Pékin"),
]

ACCENTED = {
    "a": "àáâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "n": "ñ", "y": "ÿ",
}
OPERATOR_ONLY = ["!", "'", "^", "$", "|", "!^", "!'", "^$", "!$", "'$", "!^$", "''"]
CLASS_ORDER = [
    "operator-only", "field-term", "exact-word", "quote-combo", "trim",
    "accents", "unicode-folding", "case", "window", "other",
]


# --- text helpers -------------------------------------------------------------

# Latin letters with a stroke or bar have no Unicode decomposition, yet both
# tlx and fzf read them as their base letter.
STROKED = dict(zip("ŁłØøĐđĦħıŦŧƀƗɨƵƶ", "LlOoDdHhiTtbIiZz"))


def base_char(c):
    """A character without its marks and compatibility form, as one char
    (NFKD's first character), so positions are kept."""
    if c in STROKED:
        return STROKED[c]
    d = unicodedata.normalize("NFKD", c)
    return d[0] if d else c


def loose_fold(text, ignore_case):
    """One char per char: marks stripped (every script), lowercased when
    ignoring case. The yardstick the explanations measure with."""
    out = []
    for c in text:
        c = base_char(c)
        if ignore_case:
            c = c.lower()[:1] or c
        out.append(c)
    return "".join(out)


def strip_accents(text):
    """Marks dropped (NFD), stroked letters made plain; nothing else changed."""
    text = "".join(STROKED.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def has_accents(text):
    return any(c in STROKED or unicodedata.normalize("NFD", c) != c for c in text)


def smart_ignore_case(pattern):
    return not any(c.isupper() for c in pattern)


def min_window(text, pattern):
    """Length of the shortest stretch of `text` holding `pattern`'s
    characters in order, or None when they are not there at all."""
    best = None
    n = len(pattern)
    for start, c in enumerate(text):
        if c != pattern[0]:
            continue
        k, i = 1, start + 1
        while k < n and i < len(text):
            if text[i] == pattern[k]:
                k += 1
            i += 1
        if k < n:
            break  # no later start can finish either
        if best is None or i - start < best:
            best = i - start
    return best


def anchored(kind, text, pattern):
    """Whether `text` starts with, ends with or equals `pattern`."""
    if kind == "prefix":
        return text.startswith(pattern)
    if kind == "suffix":
        return text.endswith(pattern)
    return text == pattern


def excerpt(text, width=70):
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


# --- fzf's reading of one token (its parseTerms, as observed in 0.74) -----------

def fzf_term(token):
    """(kind, negated, text) as fzf reads one query word, or None when fzf
    drops it. kind: fuzzy, exact, boundary ('word'), prefix, suffix, equal."""
    text = token.replace("\\ ", " ")
    kind, neg = "fuzzy", False
    if text.startswith("!"):
        kind, neg, text = "exact", True, text[1:]
    if text != "$" and text.endswith("$"):
        kind, text = "suffix", text[:-1]
    if len(text) > 2 and text.startswith("'") and text.endswith("'"):
        kind, text = "boundary", text[1:-1]
    elif text.startswith("'"):
        kind, text = ("fuzzy" if neg else "exact"), text[1:]
    elif text.startswith("^"):
        kind, text = ("equal" if kind == "suffix" else "prefix"), text[1:]
    return (kind, neg, text) if text else None


def split_field(token):
    """('countries', 'egypt') for `country:egypt`, else (None, token)."""
    m = re.match(r"([a-z]+):(.+)$", token)
    if m and m.group(1) in FIELD_PREFIXES:
        return FIELD_PREFIXES[m.group(1)], m.group(2)
    return None, token


# --- the data ---------------------------------------------------------------------

class Data:
    """Distinct (field, value) pairs, each with an id `FIELD-NNNN`."""

    def __init__(self):
        self.values = {}  # id -> value
        self.field = {}  # id -> field
        self.source = {}  # id -> where it was read
        self.origin = collections.Counter()
        self._seen = set()

    def add(self, field, value, origin):
        if not value or (field, value) in self._seen or US in value or "\0" in value:
            return
        if field == "title" and not value.strip():
            return  # tlx refuses a blank title
        self._seen.add((field, value))
        ident = f"{field}-{len(self.values):04d}"
        self.values[ident] = value
        self.field[ident] = field
        self.source[ident] = origin
        self.origin[origin] += 1

    def ids(self, field=None):
        return {i for i, f in self.field.items() if field is None or f == field}


def run(cmd, stdin=None, ok=(0, 1)):
    env = dict(os.environ)
    for var in ("FZF_DEFAULT_OPTS", "FZF_DEFAULT_OPTS_FILE", "FZF_DEFAULT_COMMAND"):
        env.pop(var, None)
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=env)
    if p.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr.decode(errors='replace').strip()}")
    return p


def load_events(tlx, files):
    """Events as tlx reads them (so TimelineJS HTML is already text)."""
    p = run([tlx, "--filter=", "--format", "jsonl", *files])
    return [json.loads(line) for line in p.stdout.decode().splitlines() if line.strip()]


def collect(tlx, testdata, edge):
    data = Data()
    notes = []
    sources = [("embedded", [])]
    if testdata and testdata.is_dir():
        sources += [(f.name, [str(f)]) for f in sorted(testdata.glob("*.json"))]
    elif testdata:
        notes.append(f"no {testdata.name}/ beside the repository: embedded timeline only")
    for name, files in sources:
        try:
            events = load_events(tlx, files)
        except RuntimeError as e:
            notes.append(f"skipped {name}: {e}")
            continue
        for e in events:
            for field in FIELDS:
                v = e.get(field)
                for value in (v if isinstance(v, list) else [v]) if v else []:
                    if isinstance(value, str):
                        data.add(field, value, name)
    if edge:
        for field, value in EDGE_VALUES:
            data.add(field, value, "edge values")
    return data, notes


def write_inputs(data, work):
    """The tlx timeline and fzf's records; returns the filler title."""
    every = "".join(data.values.values())
    filler = next((f for f in FILLERS if f not in every), None)
    if filler is None:
        raise RuntimeError("every filler title occurs in the data")
    with open(work / "values.jsonl", "w", encoding="utf-8") as out:
        for ident, value in data.values.items():
            field = data.field[ident]
            event = {"id": ident, "date": "2000", "title": filler}
            event[field] = [value] if field in LIST_FIELDS else value
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
    with open(work / "values.fzf", "wb") as out:
        for ident, value in data.values.items():
            out.write(f"{ident}{US}{value}\0".encode())
    return filler


def check_round_trip(tlx, data, work):
    """Ids whose value tlx does not hand back unchanged (it would then
    search other text than fzf): reported and left out."""
    changed = []
    for e in load_events(tlx, [str(work / "values.jsonl")]):
        ident = e["id"]
        v = e.get(data.field[ident])
        v = v[0] if isinstance(v, list) and v else v
        if v != data.values[ident]:
            changed.append(ident)
    return changed


# --- the two programs ---------------------------------------------------------------

class Runner:
    def __init__(self, tlx, fzf, work):
        self.tlx, self.fzf, self.work = tlx, fzf, work

    def tlx_ids(self, query, timeline=None):
        p = run([self.tlx, f"--filter={query}", "--format", "id", str(timeline or self.work / "values.jsonl")])
        return set(p.stdout.decode().split())

    def fzf_ids(self, query, records="values.fzf", case=None):
        cmd = [self.fzf, "--read0", "--print0", f"--delimiter={US}", "--nth=2..", f"--filter={query}"]
        if case:
            cmd.append(case)  # -i or +i
        with open(self.work / records, "rb") as f:
            p = run(cmd, stdin=f.read())
        return {r.split(US, 1)[0] for r in p.stdout.decode().split("\0") if r}


def probe_features(runner, filler, work):
    """Which of the features in progress this tlx build has, by tiny
    timelines whose answer tells."""
    probes = {
        "field terms (country:x)": (
            [{"countries": ["Zqxland"]}, {"summary": "country:zqxland"}], "country:zqxland", {"p0"}),
        "'word' boundaries": ([{"summary": "zqx wy"}, {"summary": "zqxwy"}], "'zqx'", {"p0"}),
        "operator-only terms ignored": ([{"summary": "zqx"}], "!", {"p0"}),
        "^/$ on trimmed fields": ([{"summary": "  zqx "}], "^zqx$", {"p0"}),
        "folding beyond Latin": ([{"summary": "Việt"}, {"summary": "ＡＢＣ"}], "viet | abc", {"p0", "p1"}),
    }
    found = {}
    for i, (name, (events, query, want)) in enumerate(probes.items()):
        path = work / f"probe{i}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for k, fields in enumerate(events):
                out.write(json.dumps({"id": f"p{k}", "date": "2000", "title": filler, **fields}) + "\n")
        found[name] = runner.tlx_ids(query, path) == want
    return found


def probe_folding(runner, chars, work):
    """{char: (letters fzf finds it by, letters tlx finds it by)} for the
    characters the two fold differently, asked of the programs themselves:
    one record or event per character, one query per letter or digit,
    lowercase (case ignored) and capital (case-sensitive)."""
    chars = sorted(c for c in chars if not c.isascii() and not c.isspace() and c != US)
    with open(work / "chars.fzf", "wb") as out:
        for i, c in enumerate(chars):
            out.write(f"c{i}{US}{c}\0".encode())
    with open(work / "chars.jsonl", "w", encoding="utf-8") as out:
        for i, c in enumerate(chars):
            out.write(json.dumps({"id": f"c{i}", "date": "2000", "title": c}) + "\n")
    fzf_by = collections.defaultdict(set)
    tlx_by = collections.defaultdict(set)
    for letter in string.ascii_letters + string.digits:  # capitals: case-sensitive
        for ident in runner.fzf_ids(letter, "chars.fzf"):
            fzf_by[chars[int(ident[1:])]].add(letter)
        for ident in runner.tlx_ids(letter, work / "chars.jsonl"):
            tlx_by[chars[int(ident[1:])]].add(letter)
    return {
        c: ("".join(sorted(fzf_by[c])), "".join(sorted(tlx_by[c])))
        for c in chars
        if fzf_by[c] != tlx_by[c]
    }


# --- queries ----------------------------------------------------------------------------

class Generator:
    """Queries made from the data, reproducible from the seed."""

    def __init__(self, data, seed):
        self.rng = random.Random(seed)
        self.data = data
        self.ids = sorted(data.values)
        self.edge_ids = [i for i in self.ids if data.source[i] == "edge values"]

    def value(self, field=None, edge_share=0.1):
        if self.edge_ids and field is None and self.rng.random() < edge_share:
            return self.data.values[self.rng.choice(self.edge_ids)]
        pool = self.ids if field is None else sorted(self.data.ids(field))
        return self.data.values[self.rng.choice(pool)]

    def substring(self, lo=2, hi=10, value=None):
        """A piece of a value usable as one query word (spaces escaped)."""
        for _ in range(50):
            v = value or self.value()
            n = self.rng.randint(lo, hi)
            if len(v) < n:
                continue
            i = self.rng.randrange(len(v) - n + 1)
            s = v[i : i + n].strip()
            if len(s) < lo or any(c.isspace() and c != " " for c in s):
                continue
            if s[0] in "!'^" or s.endswith("$") or s == "|" or "\\" in s:
                continue
            return s.replace(" ", "\\ ")
        return None

    def word(self):
        for _ in range(50):
            words = re.findall(r"\w{3,}", self.value())
            if words:
                return self.rng.choice(words)
        return None

    def subsequence(self):
        """Letters of a value in order with gaps; wide gaps leave the n + 8
        window tlx allows."""
        for _ in range(50):
            v = self.value()
            k = self.rng.randint(3, 6)
            gap = self.rng.choice([1, 2, 4, 8])
            i = self.rng.randrange(len(v))
            picked = []
            while i < len(v) and len(picked) < k:
                if not v[i].isspace() and v[i] not in "!'^$|\\":
                    picked.append(v[i])
                i += 1 + self.rng.randint(0, gap)
            if len(picked) == k:
                return "".join(picked)
        return None

    def cased(self):
        s = self.substring(3, 8)
        if not s:
            return None
        how = self.rng.choice(["title", "upper", "one", "as-is"])
        if how == "title":
            return s[0].upper() + s[1:]
        if how == "upper":
            return s.upper()
        if how == "one":
            i = self.rng.randrange(len(s))
            return s[:i] + s[i].upper() + s[i + 1 :]
        return s

    def accented(self):
        for _ in range(50):
            s = self.substring(4, 9)
            spots = [i for i, c in enumerate(s or "") if c.lower() in ACCENTED]
            if spots:
                i = self.rng.choice(spots)
                c = self.rng.choice(ACCENTED[s[i].lower()])
                return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1 :]
        return None

    def unaccented(self):
        """A word of the data that has accents, without them (`egypte` for `Égypte`)."""
        words = [w for v in self.data.values.values() for w in re.findall(r"\w{3,}", v) if has_accents(w)]
        return strip_accents(self.rng.choice(words)).lower() if words else None

    def random_word(self):
        alphabet = "abcdefghijklmnopqrstuvwxyz" + "0123456789" * (self.rng.random() < 0.2)
        return "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(2, 6)))

    def single(self):
        """One single-word query; the mix below sets the proportions."""
        r = self.rng
        kinds = [  # (weight, maker); a maker may fail and return None
            (14, lambda: self.substring()),  # fuzzy, contiguous
            (12, self.subsequence),  # fuzzy, with gaps
            (5, self.word),
            (6, lambda: (w := self.word()) and w[: r.randint(3, 5)]),
            (6, lambda: (s := self.substring(1, 8, self._short())) and "^" + s),
            (6, lambda: (s := self._tail()) and s + "$"),
            (3, lambda: (v := self._short()) and "^" + v.strip().replace(" ", "\\ ") + "$"),
            (6, lambda: (s := self.substring(3, 10)) and "'" + s),
            (6, lambda: (w := self._word_or_part()) and "'" + w + "'"),
            (7, lambda: (s := self.substring(2, 6)) and "!" + s),
            (2, lambda: (s := self.substring(1, 5, self._short())) and "!^" + s),
            (2, lambda: (s := self._tail()) and "!" + s + "$"),
            (7, self.cased),  # smart case
            (6, self.accented),  # lecôm
            (2, self.unaccented),  # egypte for Égypte
            (4, self.random_word),
            (2, lambda: r.choice(OPERATOR_ONLY)),
            (2, lambda: (s := self.substring(3, 6)) and "!'" + s),
            (2, lambda: (s := self._tail()) and "'" + s + "$"),
            (5, self.field_term),  # country:egy
        ]
        weights = [w for w, _ in kinds]
        for _ in range(100):
            q = r.choices(kinds, weights)[0][1]()
            if q:
                return q
        raise RuntimeError("could not make a query from the data")

    def _short(self):
        for _ in range(50):
            v = self.value()
            if len(v) <= 30:
                return v
        return self.value()

    def _tail(self):
        v = self._short().rstrip()
        s = v[-self.rng.randint(1, 8) :].lstrip()
        if not s or s[0] in "!'^|" or any(c.isspace() and c != " " for c in s) or "\\" in s:
            return None
        return s.replace(" ", "\\ ")

    def _word_or_part(self):
        w = self.word()
        if w and self.rng.random() < 0.4 and len(w) > 4:
            i = self.rng.randrange(len(w) - 3)
            w = w[i : i + self.rng.randint(3, len(w) - i)]
        return w

    def field_term(self):
        prefix = self.rng.choice(sorted(FIELD_PREFIXES))
        field = FIELD_PREFIXES[prefix]
        if not self.data.ids(field):
            return None
        s = self.substring(2, 8, self.value(field))
        return s and f"{prefix}:{s}"

    def multi(self):
        r = self.rng
        a, b = self.substring(2, 6), self.substring(2, 6)
        v = self.value()
        shapes = [
            lambda: f"{self.substring(2, 6, v)} {self.substring(2, 6, v)}",
            lambda: f"{a} | {b}",
            lambda: f"{a} !{b}",
            lambda: f"^{self.substring(1, 4, v)} {self.word()}",
            lambda: f"{a} {b} | {self.random_word()}",
            lambda: f"'{a} {self.subsequence()}",
            lambda: f"{self.cased()} | {self.accented()}",
        ]
        for _ in range(50):
            q = r.choice(shapes)()
            if "None" not in q:
                return q
        return None

    def queries(self, n_single, n_multi):
        singles, multis = [], []
        seen = set()
        for bucket, n, make in ((singles, n_single, self.single), (multis, n_multi, self.multi)):
            for _ in range(n * 20):
                if len(bucket) >= n:
                    break
                q = make()
                if q and q not in seen:
                    seen.add(q)
                    bucket.append(q)
        return singles, multis


# --- classification ---------------------------------------------------------------------

class Classifier:
    """Explains each id one program matched and the other did not. The
    explanations are tried in CLASS_ORDER; an id none explains is `other`."""

    def __init__(self, data, runner, features, folding):
        self.data, self.runner, self.features = data, runner, features
        self.folding = folding  # characters the two programs fold apart

    def classify(self, query, tlx, fzf):
        """{class: set of ids} for a single-word query."""
        field, inner = split_field(query)
        if field and not self.features["field terms (country:x)"]:
            return {"field-term": tlx ^ fzf}
        term = fzf_term(inner)
        found = {}
        lazy = {}  # oracle runs, made only when needed

        def oracle(name, make):
            if name not in lazy:
                ids = make()
                lazy[name] = ids & self.data.ids(field) if field else ids
            return lazy[name]

        for ident in sorted(tlx ^ fzf):
            cls = self.explain(inner, term, ident, tlx, oracle)
            found.setdefault(cls, set()).add(ident)
        return found

    def explain(self, token, term, ident, tlx, oracle):
        """The class of one differing id: `token` is the query word (field
        prefix removed), `term` fzf's reading of it, `tlx` tlx's matches."""
        in_tlx = ident in tlx
        value = self.data.values[ident]
        if re.fullmatch(r"[!'^$|]+", token):
            return "operator-only"  # fzf drops these or reads `$`, `|` as text
        kind, neg, text = term
        ic = smart_ignore_case(text)
        folded = loose_fold(value, ic)
        pat = loose_fold(text, ic)
        if kind == "boundary":
            # tlx reads `'x'` as the text x' for now; or the two draw word bounds apart
            return "exact-word" if pat in folded and (in_tlx or pat + "'" not in folded) else "other"
        if token.startswith("!'") and in_tlx and pat not in folded and min_window(folded, pat):
            return "quote-combo"  # fzf: `!'x` is not-fuzzy; tlx: not-exact
        if token.startswith("'") and kind == "exact" and token.endswith("$") and not in_tlx \
                and pat in folded and not folded.endswith(pat):
            return "quote-combo"  # fzf: `'x$` is exact x, the $ dropped; tlx: suffix
        if kind in ("prefix", "suffix", "equal"):
            untrimmed = anchored(kind, folded, pat)
            if anchored(kind, folded.strip(), pat) != untrimmed and in_tlx == (untrimmed != neg):
                return "trim"  # fzf skips the spaces around a line for ^ and $
        if has_accents(text):
            plain = strip_accents(token)
            if (ident in oracle("accents", lambda: self.runner.fzf_ids(plain))) == in_tlx:
                return "accents"
        for c in set(value + text) & self.folding.keys():
            # It matters when only one program finds the character by a
            # letter of the pattern, and that program is the one that matched.
            by_fzf, by_tlx = (set(letters) & set(pat) for letters in self.folding[c])
            if c in text or (bool(by_tlx) != bool(by_fzf) and in_tlx == (bool(by_tlx) != neg)):
                return "unicode-folding"
        if not ic:
            # Smart case decided apart: fzf told to ignore case gives tlx's answer
            if oracle("-i", lambda: self.runner.fzf_ids(token, case="-i")) == tlx:
                return "case"
        if kind == "fuzzy" and not neg and not in_tlx:
            w = min_window(folded, pat)
            if w is not None and w > len(pat) + 8:
                return "window"
        return "other"


# --- the run ------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tlx", required=True)
    ap.add_argument("--fzf", required=True)
    ap.add_argument("--testdata", type=Path, help="directory of TimelineJS files to add")
    ap.add_argument("--no-edge", action="store_true", help="leave out the built-in edge values")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--queries", type=int, default=300, help="single-word queries")
    ap.add_argument("--multi", type=int, default=60, help="queries of several words")
    ap.add_argument("--examples", type=int, default=1, help="examples listed per class")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="tlx-fzf-diff."))
    work.mkdir(parents=True, exist_ok=True)
    data, notes = collect(args.tlx, args.testdata, not args.no_edge)
    filler = write_inputs(data, work)
    runner = Runner(args.tlx, args.fzf, work)
    changed = check_round_trip(args.tlx, data, work)
    features = probe_features(runner, filler, work)
    singles, multis = Generator(data, args.seed).queries(args.queries, args.multi)
    folding = probe_folding(runner, set("".join(data.values.values()) + "".join(singles)), work)

    def fzf_for(q):
        field, inner = split_field(q)
        if field:  # what `field:term` should find: the term within that field
            return runner.fzf_ids(inner) & data.ids(field)
        return runner.fzf_ids(q)

    print(f"== {len(singles)} + {len(multis)} queries through both, in {work}", file=sys.stderr)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        single_results = list(pool.map(lambda q: (q, runner.tlx_ids(q), fzf_for(q)), singles))
        multi_results = list(pool.map(lambda q: (q, runner.tlx_ids(q), runner.fzf_ids(q)), multis))

    skip = set(changed)
    classifier = Classifier(data, runner, features, folding)
    by_class = {c: [] for c in CLASS_ORDER}  # class -> [(query, ids, tlx, fzf)]
    agree = 0
    multi_diff = [(q, t - skip, f - skip) for q, t, f in multi_results if t - skip != f - skip]
    with open(work / "differences.tsv", "w", encoding="utf-8") as log:
        log.write("query\tclass\tid\tmatched by\tvalue\n")

        def write(q, cls, ids, tlx):
            for i in sorted(ids):
                side = "tlx only" if i in tlx else "fzf only"
                log.write(f"{q}\t{cls}\t{i}\t{side}\t{excerpt(data.values[i], 200)}\n")

        for q, tlx, fzf in single_results:
            tlx, fzf = tlx - skip, fzf - skip
            if tlx == fzf:
                agree += 1
                continue
            for cls, ids in classifier.classify(q, tlx, fzf).items():
                by_class[cls].append((q, ids, tlx, fzf))
                write(q, cls, ids, tlx)
        for q, t, f in multi_diff:
            write(q, "several-word", t ^ f, t)

    # --- the summary
    origins = ", ".join(f"{n} {name}" for name, n in data.origin.items())
    print(f"fzf-diff: seed {args.seed}; {len(data.values)} distinct field values ({origins})")
    for note in notes:
        print(f"  note: {note}")
    if changed:
        print(f"  note: tlx changes {len(changed)} values on loading them; left out: {', '.join(changed[:5])}")
    have = [name for name, ok in features.items() if ok]
    lack = [name for name, ok in features.items() if not ok]
    print(f"  tlx has: {', '.join(have) or 'none of the probed features'}")
    print(f"  tlx lacks: {', '.join(lack) or 'none'}")
    if folding:
        shown = ", ".join(f"{c} (fzf {f or '-'}, tlx {t or '-'})" for c, (f, t) in folding.items())
        print(f"  folded apart (letter each program finds the character by): {shown}")
    n = len(single_results)
    print(f"\nsingle-word queries: {n}, same ids {agree}, different {n - agree}\n")
    rows = [(c, by_class[c]) for c in CLASS_ORDER if by_class[c]]
    print(f"{'class':<16} {'queries':>7} {'ids':>5}  example: query  [ids only tlx matched | only fzf matched]")
    for cls, hits in rows:
        ids = sum(len(h[1]) for h in hits)
        q, hit_ids, tlx, _ = hits[0]
        print(f"{cls:<16} {len(hits):>7} {ids:>5}  {q}  {side_list(hit_ids, tlx)}")
    if not rows:
        print("(none)")
    only_tlx = sum(len(t - f) for _, t, f in multi_diff)
    only_fzf = sum(len(f - t) for _, t, f in multi_diff)
    print(f"\nseveral-word queries: {len(multi_results)}, different {len(multi_diff)}"
          f" (ids only tlx matched {only_tlx}, only fzf {only_fzf}; not classified)")

    print("\nexamples (value shown for up to 3 ids each):")
    for cls, hits in rows:
        for q, ids, tlx, _ in hits[: args.examples if cls != "other" else max(args.examples, 5)]:
            print(f"  {cls}: {q}")
            for i in sorted(ids)[:3]:
                side = "tlx only" if i in tlx else "fzf only"
                print(f"      {side:<8} {i}: {excerpt(data.values[i])}")
    print(f"\nevery difference: {work / 'differences.tsv'}")
    if args.strict and by_class["other"]:
        return 1
    return 0


def side_list(ids, tlx, most=3):
    def part(xs):
        xs = sorted(xs)
        return " ".join(xs[:most]) + (f" +{len(xs) - most}" if len(xs) > most else "") or "-"
    return f"[{part(ids & tlx)} | {part(ids - tlx)}]"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"fzf-diff: {e}", file=sys.stderr)
        sys.exit(2)
