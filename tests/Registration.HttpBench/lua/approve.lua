-- The secretariat approves pending delegates whom their note names (approve.txt), each once; when the pool runs out
-- the answers are 409 and the summary says so.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
pool_name = "approve"

function init(args)
  delegates = {}
  for line in read_text("approve.txt"):gmatch("[^\n]+") do delegates[#delegates + 1] = line end
  event = read_line("event-id")
  token = read_line("secretariat.token")
end

function request()
  return wrk.format("POST", "/api/v1/events/" .. event .. "/delegates/" .. take(delegates) .. "/approve",
    { ["Authorization"] = "Bearer " .. token })
end
