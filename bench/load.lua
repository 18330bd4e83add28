-- wrk script of the benchmark harness (scripts/bench): realistic, varied requests for every
-- scored endpoint, drawn from the identifier pools the seed wrote history and consortium
-- reports for (bench/pools.py has the same functions; keep the two in step).
--
--   wrk -t2 -c32 -d15s --latency -s bench/load.lua http://127.0.0.1:PORT -- \
--       <api key> <mode> <consortium hit ratio> <forwarder share> <reports seeded> <listed>
--
-- mode: me | order | lookup | login | payment | report. Each wrk thread seeds its own generator from
-- its index (setup()), so the two threads never send the same sequence.
--
-- order: customers Zipf-distributed over the pool (a few regulars, a long tail); with the hit
-- ratio a customer whose identifiers were reported (1 in 20 of those hits an identifier with
-- thousands of reports; 1 in 100 reported emails is on the warninglisted gmail.com); 0.2 % on
-- the tenant's block list; the forwarder share of orders ships to one of the 50 busy forwarders;
-- 20 % of customers on IPv6; card-testing bursts (20 orders, one IP and device, new cards);
-- ~5 % re-scores of an earlier order id and ~5 % concurrent Idempotency-Key duplicates (a
-- request sent again at once, same key and body, so that both are in flight together).
--
-- LuaJIT is Lua 5.1: no `//` (STACK-NOTES trap 15); integer division is math.floor(a / b).

local POOL, ZIPF_Q = 1000000, 100
local REPORTED_BASE, HOT_BASE, HOT_COUNT, LISTED_BASE = 50000000, 49000000, 20, 60000000
local DOMAINS = { "example-mail.jp", "shop-buyer.example", "gmail.com", "docomo.ne.jp", "mail.example.co.jp" }
local FAMILY = { "山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤" }
local GIVEN = { "太郎", "花子", "一郎", "陽子", "健太", "美咲", "翔", "愛", "大輔", "由美" }
local TOWNS = {
  { "150-0002", "東京都渋谷区渋谷2-%d-%d" },
  { "530-0001", "大阪府大阪市北区梅田1-%d-%d" },
  { "810-0001", "福岡県福岡市中央区天神2-%d-%d" },
  { "060-0001", "北海道札幌市中央区北一条西%d丁目%d" },
  { "450-0002", "愛知県名古屋市中村区名駅%d-%d-4" },
}
local CATEGORIES = { "books", "electronics", "gift_card", "fashion", "food", "cosmetics" }
local REPORT_CATEGORIES = { "chargeback", "unpaid", "resale", "card_testing", "account_takeover", "other" }
local AGENTS = {
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
}

local function floor(x) return math.floor(x) end

local function zipf(u)
  local lo, hi = math.log(ZIPF_Q), math.log(POOL + ZIPF_Q)
  return math.min(POOL - 1, floor(math.exp(lo + u * (hi - lo))) - ZIPF_Q)
end

local function luhn(body)
  local sum = 0
  for i = #body, 1, -1 do
    local d = tonumber(body:sub(i, i))
    if (#body - i) % 2 == 0 then
      d = d * 2
      if d > 9 then d = d - 9 end
    end
    sum = sum + d
  end
  return body .. tostring((10 - sum % 10) % 10)
end

local function email(k)
  if k >= REPORTED_BASE then
    local domain = (k % 100 == 0) and "gmail.com" or string.format("d%d.example", k % 50000)
    return string.format("r%d@%s", k, domain)
  end
  return string.format("c%d@%s", k, DOMAINS[1 + k % #DOMAINS])
end

local function phone(k)
  local n = 10000000 + k % 90000000
  return string.format("090-%04d-%04d", floor(n / 10000), n % 10000)
end

local function card(k)
  return luhn("45" .. string.format("%013.0f", (k * 7919 + 12345) % 1e13))
end

local function ip(k)
  if k % 5 == 4 then
    return string.format("2001:db8:%x:%x::%x", 1 + floor(k / 65000) % 65000, 1 + k % 65000, 1 + (k * 7) % 65000)
  end
  return string.format("%d.%d.%d.%d", 11 + floor(k / 65536) % 200, floor(k / 256) % 256, k % 256, 1 + (k * 7) % 254)
end

local function device(k) return string.format("dev-%x", k) end
local function name(k) return FAMILY[1 + k % 10] .. GIVEN[1 + floor(k / 10) % 10] end
local function account(k) return string.format("acct-%d", k) end

local function customer_address(k)
  local town = TOWNS[1 + k % #TOWNS]
  return string.format([[{"postal_code":"%s","line1":"%s","line2":"%d号室"}]],
    town[1], string.format(town[2], 1 + floor(k / 5) % 20, 1 + floor(k / 100) % 30), 100 + k % 900)
end

local function forwarder_address(i)
  return string.format([[{"postal_code":"136-0082","line1":"東京都江東区新木場%d-%d-%d","line2":"転送センター101号室"}]],
    1 + i % 3, 1 + i, 1 + i % 7)
end

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local key, mode = "", "order"
local hit, forwarder_share, reports, listed = 0.05, 0.05, 12500, 1000
local counter, tid = 0, 0
local burst_left, burst_k = 0, 0
local recent = {}
local duplicate = nil

function init(args)
  key = args[1] or key
  mode = args[2] or mode
  hit = tonumber(args[3] or "0.05")
  forwarder_share = tonumber(args[4] or "0.05")
  reports = tonumber(args[5] or "12500")
  listed = tonumber(args[6] or "1000")
  tid = thread_index or 0
  math.randomseed(7919 * (tid + 1) + os.time())
  -- LuaJIT's first draws after seeding are close together: discard a few.
  for _ = 1, 10 do math.random() end
end

-- A customer for the next request: reported (with the hit ratio), listed, or an ordinary one.
local function pick_customer()
  local r = math.random()
  if r < hit * 0.05 then return HOT_BASE + math.random(0, HOT_COUNT - 1) end
  if r < hit then return REPORTED_BASE + math.random(0, reports - 1) end
  if r < hit + 0.002 and listed > 100 then return LISTED_BASE + math.random(100, listed - 1) end
  return zipf(math.random())
end

local function headers(idempotency_key)
  local h = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
  if idempotency_key then h["Idempotency-Key"] = idempotency_key end
  return h
end

local function order_request()
  if duplicate then
    local again = duplicate
    duplicate = nil
    return again
  end
  counter = counter + 1
  local k = pick_customer()
  local ip_k, device_k, card_k = k, k, k
  if burst_left > 0 then
    -- Card testing: one IP and device, a new card each time.
    burst_left = burst_left - 1
    ip_k, device_k, card_k = burst_k, burst_k, 70000000 + tid * 1000000 + counter
  elseif math.random() < 0.002 then
    burst_left, burst_k = 20, 80000000 + tid * 1000000 + counter
  end
  local order_id
  if #recent > 0 and math.random() < 0.05 then
    order_id = recent[math.random(1, #recent)]
  else
    order_id = string.format("b-%d-%d-%d", tid, os.time(), counter)
    recent[1 + counter % 100] = order_id
  end
  local address
  if math.random() < forwarder_share then
    address = forwarder_address(math.random(0, 49))
  else
    address = customer_address(k)
  end
  local items = {}
  for i = 1, 1 + counter % 3 do
    items[i] = string.format([[{"sku":"SKU-%d","name":"商品%d","quantity":%d,"unit_price":%d,"category":"%s"}]],
      (counter * 7 + i) % 500, i, 1 + (counter + i) % 2, 500 + ((counter * 37 + i) % 40) * 250,
      CATEGORIES[1 + (counter + i) % #CATEGORIES])
  end
  local body = string.format([[{"order_id":"%s","amount":%d,"currency":"JPY","payment_method":"card",
"customer":{"account_id":"%s","email":"%s","phone":"%s","name":"%s"},
"shipping_address":%s,"card":{"number":"%s","expiry":"%02d/%d"},
"device":{"ip":"%s","device_id":"%s","user_agent":"%s","accept_language":"ja-JP"},
"items":[%s]}]],
    order_id, 1000 + (counter * 37) % 40000, account(k), email(k), phone(k), name(k), address,
    card(card_k), 1 + counter % 12, 27 + counter % 5, ip(ip_k), device(device_k),
    AGENTS[1 + counter % #AGENTS], table.concat(items, ","))
  local idem = string.format("ik-%d-%d-%d", tid, os.time(), counter)
  local request = wrk.format("POST", "/v1/orders/score", headers(idem), body)
  if math.random() < 0.025 then duplicate = request end
  return request
end

local function lookup_request()
  local k = pick_customer()
  local body = string.format([[{"identifiers":{"email":"%s","phone":"%s","ip":"%s","card":"%s","device_id":"%s","name":"%s","address":%s}}]],
    email(k), phone(k), ip(k), card(k), device(k), name(k), customer_address(k))
  return wrk.format("POST", "/v1/negative/lookup", headers(nil), body)
end

local function login_request()
  counter = counter + 1
  local k = zipf(math.random())
  local ip_k, success = k, math.random() < 0.9
  if burst_left > 0 then
    -- Credential stuffing: one IP, many accounts, mostly failures.
    burst_left = burst_left - 1
    ip_k, success = burst_k, math.random() < 0.05
  elseif math.random() < 0.01 then
    burst_left, burst_k = 30, 80000000 + tid * 1000000 + counter
  end
  local body = string.format([[{"account_id":"%s","success":%s,"ip":"%s","user_agent":"%s","device_id":"%s"}]],
    account(k), success and "true" or "false", ip(ip_k), AGENTS[1 + counter % #AGENTS], device(k))
  return wrk.format("POST", "/v1/logins/score", headers(nil), body)
end

local function payment_request()
  counter = counter + 1
  local k = pick_customer()
  local ip_k, card_k, approved = k, k, math.random() < 0.9
  if burst_left > 0 then
    -- Card testing: one IP and device, new cards, small amounts, declined.
    burst_left = burst_left - 1
    ip_k, card_k, approved = burst_k, 70000000 + tid * 1000000 + counter, math.random() < 0.1
  elseif math.random() < 0.005 then
    burst_left, burst_k = 25, 80000000 + tid * 1000000 + counter
  end
  local result = approved and [["approved"]] or [["declined","decline_code":"05"]]
  local body = string.format([[{"card":{"number":"%s","expiry":"%02d/%d"},"amount":%d,"currency":"JPY","result":%s,"ip":"%s","device_id":"%s","account_id":"%s","order_id":"pa-%d-%d"}]],
    card(card_k), 1 + counter % 12, 27 + counter % 5, 100 + (counter * 37) % 20000, result, ip(ip_k),
    device(ip_k), account(k), tid, counter)
  return wrk.format("POST", "/v1/payments/attempts", headers(nil), body)
end

local function report_request()
  counter = counter + 1
  local k = 90000000 + tid * 1000000 + (os.time() % 100000) * 10 + counter
  local body = string.format([[{"category":"%s","amount":%d,"currency":"JPY","occurred_at":"2026-11-%02dT10:00:00+09:00","order_id":"fr-%d-%d","identifiers":{"email":"%s","phone":"%s","ip":"%s","card":"%s","device_id":"%s","name":"%s","address":%s}}]],
    REPORT_CATEGORIES[1 + counter % 6], 1000 + counter % 50000, 1 + counter % 28, tid, k,
    email(k), phone(k), ip(k), card(k), device(k), name(k), customer_address(k))
  return wrk.format("POST", "/v1/fraud-reports", headers(string.format("fr-%d-%d", tid, k)), body)
end

local function me_request()
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. key })
end

local builders = {
  me = me_request,
  order = order_request,
  lookup = lookup_request,
  login = login_request,
  payment = payment_request,
  report = report_request,
}

function request()
  return builders[mode]()
end

-- With SEKISHO_BENCH_POOLS_CHECK set, done() prints the identifiers of a few customers instead
-- of figures, one JSON line each, for bench/check_pools.py to compare with bench/pools.py.
local function print_pools()
  for _, k in ipairs({ 0, 1, 4, 12345, 999999, REPORTED_BASE, REPORTED_BASE + 1234, HOT_BASE + 3, LISTED_BASE + 150 }) do
    io.write(string.format('{"k":%d,"email":"%s","phone":"%s","card":"%s","ip":"%s","device":"%s","name":"%s","account":"%s","address":%s,"forwarder":%s}\n',
      k, email(k), phone(k), card(k), ip(k), device(k), name(k), account(k), customer_address(k), forwarder_address(k % 50)))
  end
  for _, u in ipairs({ 0, 0.1, 0.5, 0.9, 0.999 }) do
    io.write(string.format('{"u":%s,"zipf":%d}\n', tostring(u), zipf(u)))
  end
end

function done(summary, latency, requests)
  if os.getenv("SEKISHO_BENCH_POOLS_CHECK") then return print_pools() end
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rate":%.1f,"non_2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors.status,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
