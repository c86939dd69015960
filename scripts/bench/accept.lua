-- wrk script: each request redeems the next fresh (token, user) pair of PAIRS_FILE.
-- Threads take disjoint slices, so every redemption is a new membership.
local pairs_file = os.getenv("PAIRS_FILE")
local pairs = {}
for line in io.lines(pairs_file) do
  local token, bearer = line:match("^(%S+) (%S+)$")
  pairs[#pairs + 1] = { token, bearer }
end

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  next_index = id + 1
  bad = 0
end

function request()
  local p = pairs[next_index]
  if p == nil then
    -- Out of fresh pairs: ask for something harmless instead, counted as bad.
    return wrk.format("GET", "/api/v1/health")
  end
  next_index = next_index + nthreads
  return wrk.format("POST", "/api/v1/invites/" .. p[1] .. "/accept",
    { ["Authorization"] = "Bearer " .. p[2] })
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
  end
  io.write(string.format("non-200 answers: %d\n", total_bad))
end
