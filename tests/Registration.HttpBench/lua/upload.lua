-- The big delegation uploads a note verbale naming all its delegates (upload.pdf): each request a new note, its bytes
-- made different by a comment line after %%EOF, which PDF readers skip.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local boundary = "bench-http-7f3a9c"

function init(args)
  pdf = read_text("upload.pdf")
  path = "/api/v1/events/" .. read_line("event-id") .. "/delegations/" .. read_line("big-delegation-id") .. "/notes-verbales"
  token = read_line("big.token")
end

function request()
  local body = "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="file"; filename="note-verbale.pdf"\r\n' ..
    "Content-Type: application/pdf\r\n\r\n" ..
    pdf .. "\n% " .. unique_marker() .. "\n" ..
    "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", path,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, body)
end
