-- Shared by the benchmark's wrk scripts (scripts/bench-http): reads the run's data files, hands out pool rows and unique
-- markers across wrk runs, counts every answer outside 2xx (wrk itself counts only 4xx and 5xx) and keeps the first
-- one, and writes a JSON summary to $BENCH_RESULT.
-- Configuration comes from the environment: BENCH_DATA (the load's folder), BENCH_RESULT, BENCH_THREADS.

data_dir = os.getenv("BENCH_DATA")
thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

function read_text(name)
  local file = assert(io.open(data_dir .. "/" .. name, "rb"), "missing " .. data_dir .. "/" .. name)
  local text = file:read("*a")
  file:close()
  return text
end

function read_line(name)
  return (read_text(name):gsub("%s+$", ""))
end

-- The rows of a tab-separated file, as arrays of fields.
function read_rows(name)
  local rows = {}
  for line in read_text(name):gmatch("[^\n]+") do
    local row = {}
    for field in line:gmatch("[^\t]+") do row[#row + 1] = field end
    rows[#rows + 1] = row
  end
  return rows
end

-- A number in the letters a-z only: names made unique with it stay valid names.
function letters(n)
  local text = ""
  repeat
    text = string.char(97 + n % 26) .. text
    n = math.floor(n / 26)
  until n == 0
  return text
end

-- Where the previous wrk run of this script left its pool (the warm-up's rows are not used again by the measured run).
local function pool_file() return data_dir .. "/" .. (pool_name or "pool") .. ".next" end

-- The next row of a pool whose rows may each be used once: this thread's share (rows start+id+1, then every
-- thread_count-th). When the pool runs out it starts again (the answers are then refusals) and the summary says so.
function take(pool)
  if next_row == nil then
    local file = io.open(pool_file(), "r")
    local start = file and tonumber(file:read("*l")) or 0
    if file then file:close() end
    next_row = start + id + 1
  end
  if next_row > #pool then
    exhausted = true
    next_row = id + 1
  end
  local row = pool[next_row]
  next_row = next_row + thread_count
  return row
end

-- A marker no other request of the run has, in letters: the run, "w", this wrk run's start (seconds), "t", the
-- thread, "x", a counter.
function unique_marker()
  run = run or (read_line("run-id") .. "w" .. letters(os.time()))
  counter = (counter or 0) + 1
  return run .. "t" .. letters(id) .. "x" .. letters(counter)
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

non2xx = 0
sample = nil
exhausted = false

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if sample == nil then sample = status .. " " .. string.sub(body or "", 1, 2000) end
  end
end

local function json_string(text)
  if text == nil then return "null" end
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local bad, first, empty, used = 0, nil, false, nil
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    first = first or thread:get("sample")
    empty = empty or thread:get("exhausted")
    local next_row = thread:get("next_row")
    if next_row and (used == nil or next_row - 1 > used) then used = next_row - 1 end
  end
  if used and pool_name then
    local file = assert(io.open(pool_file(), "w"))
    file:write(used, "\n")
    file:close()
  end
  local e = summary.errors
  local out = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  out:write(string.format(
    '{"requests":%d,"seconds":%.6f,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"pool_exhausted":%s,"sample":%s}\n',
    summary.requests, summary.duration / 1e6, bad, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    latency.mean / 1000, tostring(empty), json_string(first)))
  out:close()
end
