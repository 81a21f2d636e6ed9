-- wrk script: POST /login with a random mobile number and a wrong password, from a random client
-- address (X-Forwarded-For; the portal runs with --trusted-proxies 127.0.0.1), with the session
-- cookie $COOKIE and its CSRF token $TOKEN. Every attempt reaches Argon2 (an unknown account is
-- checked against a dummy hash), and no address or number fails often enough to be throttled:
-- the rush of sign-ins issue #22 asks the rest of the portal to survive.
local form = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "form.lua")

function init(args)
  form.init()
end

function request()
  local phone = string.format("139%08d", math.random(0, 99999999))
  local body = "identifier=" .. phone .. "&password=wrong-" .. math.random(1, 1000000)
    .. "&csrf_token=" .. form.token
  local client = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", "/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = form.cookie,
    ["X-Forwarded-For"] = client,
  }, body)
end
