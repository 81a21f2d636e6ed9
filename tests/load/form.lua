-- What the wrk scripts that POST a form share (loaded with dofile): URL encoding, and the
-- cookies $COOKIE with their CSRF token $TOKEN (encoded once, in `init`).
local form = {}

function form.urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

form.cookie = os.getenv("COOKIE")

-- The token, encoded; and a random seed of its own for each wrk thread.
function form.init()
  form.token = form.urlencode(os.getenv("TOKEN"))
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

return form
