-- wrk script: POST /publications/lookup with a random seeded person (ID number and name) from
-- the file $SAMPLE (lines "id_number name", written by the seed_publications generator), with the
-- session cookie $COOKIE and its CSRF token $TOKEN.
local people = {}
local cookie = os.getenv("COOKIE")
local token = os.getenv("TOKEN")

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  for line in io.lines(os.getenv("SAMPLE")) do
    local id, name = line:match("^(%S+) (%S+)$")
    if id then people[#people + 1] = "id_number=" .. id .. "&name=" .. urlencode(name) end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local body = people[math.random(#people)] .. "&csrf_token=" .. urlencode(token)
  return wrk.format("POST", "/publications/lookup", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end
