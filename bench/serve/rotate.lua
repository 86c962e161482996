-- wrk script for bench/serve: every connection sends GETs for the paths of a
-- fixed file in turn (one path a line, e.g. "/api/search?q=...").
--
--   wrk -t2 -c16 -d30s --latency -s rotate.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- Each wrk thread starts at a different place in the list, so that 64
-- connections do not all ask for the same thing at the same moment. At the end
-- done() prints one line "WRK_JSON {...}" with exact figures (latency in
-- microseconds from wrk's histogram, every kind of error counted) for
-- bench/serve/report.py.

local counter = 0
local threads = {}

function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
   table.insert(threads, thread)
end

local reqs = {}
local pos = 1

function init(args)
   local file = args[1]
   if file == nil then
      error("rotate.lua: pass the paths file after --")
   end
   for line in io.lines(file) do
      if line ~= "" then
         reqs[#reqs + 1] = wrk.format("GET", line)
      end
   end
   if #reqs == 0 then
      error("rotate.lua: no paths in " .. file)
   end
   -- A start far from the other threads' (a prime stride, wrapped).
   pos = ((tonumber(tid) or 1) - 1) * 7919 % #reqs + 1
end

function request()
   local r = reqs[pos]
   pos = pos % #reqs + 1
   return r
end

function done(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   local seconds = summary.duration / 1e6
   io.write(string.format(
      'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"requests_per_s":%.3f,'
         .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f,"stdev":%.1f},'
         .. '"errors":{"total":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
      summary.requests, summary.duration, summary.bytes, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean, latency.stdev,
      errors, e.connect, e.read, e.write, e.status, e.timeout))
end
