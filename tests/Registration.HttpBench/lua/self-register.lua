-- A participant registers themselves: one participant of the pool per request (participants.tsv: token, country,
-- marker), never twice; when the pool runs out the answers are 409 and the summary says so.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
pool_name = "participants"

function init(args)
  participants = read_rows("participants.tsv")
  event = read_line("event-id")
end

function request()
  local participant = take(participants)
  local body = '{"title":"Mr.","givenName":"Bench","familyName":"Participant' .. participant[3] ..
    '","jobTitle":"Adviser","participationMode":"online","country":"' .. participant[2] .. '"}'
  return wrk.format("POST", "/api/v1/events/" .. event .. "/registrations",
    { ["Authorization"] = "Bearer " .. participant[1], ["Content-Type"] = "application/json" }, body)
end
