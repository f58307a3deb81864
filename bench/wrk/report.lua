-- shared by the wrk scripts: one JSON line at the end that bench/harness.py reads
-- (requests/s, latency percentiles in microseconds, and how many answers were not the expected ones)
local report = {}

function report.summary(threads, summary, latency)
   local unexpected = 0
   for _, thread in ipairs(threads) do
      unexpected = unexpected + (thread:get("unexpected") or 0)
   end
   local seconds = summary.duration / 1e6
   io.write(string.format('BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"max_us":%d,"unexpected":%d,"socket_errors":%d}\n', summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, unexpected,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

return report
