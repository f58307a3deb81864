-- wrk script: SCIM GET /Users?filter=..., a random stored userName per request.
-- Arguments after `--`: <path> <token> <names file, one userName a line> <form: username | entra>
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local threads = {}

function setup(thread)
   threads[#threads + 1] = thread
end

function init(args)
   unexpected = 0
   path, token, file, form = args[1], args[2], args[3], args[4]
   names = {}
   for line in io.lines(file) do
      names[#names + 1] = line
   end
   math.randomseed(os.time() + #names + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
   wrk.headers["Authorization"] = "Bearer " .. token
end

local function encode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
   local name = names[math.random(#names)]
   local filter
   if form == "entra" then
      filter = 'emails[type eq "work"].value eq "' .. name .. '"'
   else
      filter = 'userName eq "' .. name .. '"'
   end
   return wrk.format("GET", path .. "?filter=" .. encode(filter))
end

-- every name is stored once: anything but one match is a wrong answer
function response(status, headers, body)
   if status ~= 200 or not body:find('"totalResults":1[,}]') then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   report.summary(threads, summary, latency)
end
