-- wrk script: POST /v1/orders/score with a unique merchant order id per request and a few
-- rotating identifiers, so that velocity and consortium lookups do real work.
-- Usage: wrk -t2 -c32 -d30s -s bench/score-order.lua http://127.0.0.1:8080 -- <api key>
local counter = 0
local thread_id = 0
local key = "sk_live_demo328adf8cee0ac9c7f4869dace5161e50ff75eb38"

function init(args)
  if args[1] then key = args[1] end
  thread_id = math.random(1, 1000000)
end

-- A Luhn-valid 16-digit Visa number unique to this request.
local function card_number(seed)
  local digits = string.format("4%014d", seed % 100000000000000)
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

function request()
  counter = counter + 1
  local n = counter % 1000
  local body = string.format([[{"order_id":"bench-%d-%d","amount":%d,"currency":"JPY","payment_method":"card",
"customer":{"account_id":"acct-%d","email":"buyer%d@example-mail.jp","phone":"090-%04d-%04d","name":"山田 太郎"},
"shipping_address":{"postal_code":"150-0002","line1":"東京都渋谷区渋谷2-%d-1","line2":"%d号室"},
"card":{"number":"%s"},"device":{"ip":"203.0.%d.%d","device_id":"dev-%d"},
"items":[{"sku":"B-1","quantity":1,"unit_price":4800,"category":"books"}]}]],
    thread_id, counter, 1000 + n * 10, n, n, 1000 + n, 1000 + (n * 7) % 9000, 1 + counter % 97, 100 + (counter * 13) % 900,
    card_number(thread_id * 1000000 + counter), n % 250, (counter * 7) % 250, counter)
  return wrk.format("POST", "/v1/orders/score", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
