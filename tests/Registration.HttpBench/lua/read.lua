-- A read: GET $BENCH_PATH, with the token in $BENCH_DATA/$BENCH_TOKEN when one is named (the same request for the API
-- and the bare baseline).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH")
local token_file = os.getenv("BENCH_TOKEN")
if token_file and token_file ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. read_line(token_file)
end
