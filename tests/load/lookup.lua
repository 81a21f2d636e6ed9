-- wrk script: POST /publications/lookup with a random seeded person (ID number and name) from
-- the file $SAMPLE (lines "id_number name", written by the seed_publications generator), with the
-- cookies $COOKIE (the form token's, for a visitor) and its CSRF token $TOKEN.
--
-- `init` only reads the lines: wrk calls it for one thread after another while the threads
-- already started are sending requests, and leaves that time out of the run's duration while
-- counting those requests and latencies. Parsing 500,000 lines there once made a 5-second run
-- last 18 s, with requests/s and latencies that meant nothing.
local people = {}
local form = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "form.lua")

function init(args)
  for line in io.lines(os.getenv("SAMPLE")) do people[#people + 1] = line end
  form.init()
end

function request()
  local id, name = people[math.random(#people)]:match("^(%S+) (%S+)$")
  local body = "id_number=" .. id .. "&name=" .. form.urlencode(name) .. "&csrf_token=" .. form.token
  return wrk.format("POST", "/publications/lookup", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = form.cookie,
  }, body)
end
