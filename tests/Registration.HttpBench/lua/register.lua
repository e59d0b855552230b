-- A delegation registers a new person: the delegations in turn (register.tsv: id, token, country), a name and an
-- address no one has.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

function init(args)
  delegations = read_rows("register.tsv")
  event = read_line("event-id")
  turn = 0
end

function request()
  turn = turn + 1
  local delegation = delegations[((turn * thread_count + id) % #delegations) + 1]
  local marker = unique_marker()
  local body = '{"title":"Ms.","givenName":"Bench","familyName":"Registrant' .. marker .. '","jobTitle":"Counsellor","email":"' ..
    marker .. '@registrations.example.org","participationMode":"in-person"}'
  return wrk.format("POST", "/api/v1/events/" .. event .. "/delegations/" .. delegation[1] .. "/delegates",
    { ["Authorization"] = "Bearer " .. delegation[2], ["Content-Type"] = "application/json" }, body)
end
