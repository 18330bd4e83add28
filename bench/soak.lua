-- wrk script for the soak (scripts/soak): POST /v1/orders/score at a fixed rate with varied
-- payloads, and one JSON line of figures when wrk finishes.
--
--   wrk -t2 -c16 -d60s --latency -s bench/soak.lua http://127.0.0.1:8080 -- <api key> <rate/s>
--
-- Most customers are new (emails, accounts and delivery points unique per request, as in real
-- traffic); devices, IPs, items and regions repeat, so velocity and lists still find company.
--
-- The rate: wrk has no rate option (wrk2 is not packaged by Debian), so each thread keeps a
-- schedule of send times (rate / threads per second) and `delay()` holds every request until its
-- slot. The clock is CLOCK_MONOTONIC through LuaJIT's ffi (wrk's Lua has no sub-second clock).
-- A thread that falls behind (every connection busy) does not burst to catch up: it owes at most
-- one slot, so an overloaded server shows as a lower achieved rate, never as a hidden backlog.
--
-- LuaJIT is Lua 5.1: no `//` (STACK-NOTES trap 15); integer division is math.floor(a / b).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } sekisho_timespec;
  int clock_gettime(int clock_id, sekisho_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("sekisho_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1000000
end

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local key = "sk_live_demo328adf8cee0ac9c7f4869dace5161e50ff75eb38"
local interval_ms = 10
local next_slot = nil
local counter = 0
local seed = 0

function init(args)
  if args[1] then key = args[1] end
  local rate = tonumber(args[2] or "100")
  local thread_count = tonumber(args[3] or "2")
  interval_ms = 1000 * thread_count / rate
  seed = (thread_index or 0) * 100000000 + math.random(1, 1000000)
end

function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now - interval_ms then
    next_slot = now
  end
  local wait = next_slot - now
  next_slot = next_slot + interval_ms
  if wait < 0 then return 0 end
  return math.floor(wait)
end

-- A Luhn-valid 16-digit card number (Visa or Mastercard ranges) unique to the seed.
local function card_number(prefix, n)
  local digits = string.format("%s%0" .. (15 - #prefix) .. "d", prefix, n % 10 ^ (15 - #prefix))
  local sum = 0
  for i = #digits, 1, -1 do
    local d = tonumber(digits:sub(i, i))
    if (#digits - i) % 2 == 0 then
      d = d * 2
      if d > 9 then d = d - 9 end
    end
    sum = sum + d
  end
  return digits .. tostring((10 - sum % 10) % 10)
end

local prefectures = { "東京都渋谷区渋谷2-%d-1", "大阪府大阪市北区梅田1-%d-3", "福岡県福岡市中央区天神2-%d-8",
  "北海道札幌市中央区北一条西%d丁目", "愛知県名古屋市中村区名駅%d-1-4" }
local postal = { "150-0002", "530-0001", "810-0001", "060-0001", "450-0002" }
local domains = { "example-mail.jp", "mail.example.co.jp", "shop-buyer.example", "gmail.com" }
local categories = { "books", "electronics", "gift_cards", "fashion", "food" }
local methods = { "card", "card", "card", "convenience_store", "deferred" }

function request()
  counter = counter + 1
  local n = seed + counter
  local r = counter % 1000
  local place = 1 + r % #prefectures
  local items = {}
  for i = 1, 1 + r % 3 do
    items[i] = string.format([[{"sku":"SKU-%d","name":"商品%d","quantity":%d,"unit_price":%d,"category":"%s"}]],
      (r * 7 + i) % 500, i, 1 + (r + i) % 2, 500 + ((r * 37 + i) % 40) * 250, categories[1 + (r + i) % #categories])
  end
  local method = methods[1 + r % #methods]
  local card = ""
  if method == "card" then
    local prefix = (r % 2 == 0) and "4" or "52"
    card = string.format([[,"card":{"number":"%s","expiry":"%02d/%d"}]], card_number(prefix, n), 1 + r % 12, 27 + r % 5)
  end
  local billing = ""
  if r % 4 == 0 then
    billing = string.format([[,"billing_address":{"postal_code":"%s","line1":"%s"}]],
      postal[1 + (r + 1) % #postal], string.format(prefectures[1 + (r + 1) % #prefectures], 1 + r % 30))
  end
  local body = string.format([[{"order_id":"soak-%d","amount":%d,"currency":"JPY","payment_method":"%s",
"customer":{"account_id":"acct-%d","email":"buyer%d@%s","phone":"0%d0-%04d-%04d","name":"山田 太郎","name_kana":"ヤマダ タロウ"},
"shipping_address":{"postal_code":"%s","line1":"%s","line2":"%d号室"}%s%s,
"device":{"ip":"203.0.%d.%d","device_id":"dev-%d","user_agent":"Mozilla/5.0 (soak %d)","accept_language":"ja-JP"},
"items":[%s]}]],
    n, 1000 + r * 37, method, n % 100000, n, domains[1 + r % #domains], 7 + r % 3, 1000 + r, 1000 + (n * 7) % 9000,
    postal[place], string.format(prefectures[place], 1 + n % 997), 100 + n % 900, card, billing,
    r % 250, (counter * 7) % 250, r % 400, r % 13, table.concat(items, ","))
  return wrk.format("POST", "/v1/orders/score", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rate":%.1f,"non_2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"p999_ms":%.2f,"max_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors.status,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
