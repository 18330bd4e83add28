-- wrk script: the cheapest authenticated endpoint (GET /v1/me with an API key), for comparison.
local key = "sk_live_demo328adf8cee0ac9c7f4869dace5161e50ff75eb38"
function init(args) if args[1] then key = args[1] end end
function request()
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. key })
end
