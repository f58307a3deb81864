-- wrk script: SCIM POST /Users, each request a new user (the body an IdP sends: userName, externalId, name,
-- a work and a home email). Arguments after `--`: <path> <token> <label> [limit per thread, 0 = none]
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local threads = {}

function setup(thread)
   threads[#threads + 1] = thread
   thread:set("tid", #threads)
end

function init(args)
   path, token, label, limit = args[1], args[2], args[3], tonumber(args[4] or "0")
   sent, done, unexpected = 0, 0, 0
   math.randomseed(os.time() + tid)
   wrk.headers["Authorization"] = "Bearer " .. token
   wrk.headers["Content-Type"] = "application/scim+json"
end

local template = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s@bench.example",'
   .. '"externalId":"ext-%s","name":{"givenName":"User","familyName":"%s"},"emails":[{"value":"%s@bench.example",'
   .. '"type":"work","primary":true},{"value":"%s@home.example","type":"home"}],"active":true}'

function request()
   sent = sent + 1
   local name = label .. "-" .. tid .. "-" .. sent
   return wrk.format("POST", path, nil, string.format(template, name, name, name, name, name))
end

function response(status, headers, body)
   done = done + 1
   if status ~= 201 then
      unexpected = unexpected + 1
   end
   if limit > 0 and done >= limit then
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   report.summary(threads, summary, latency)
end
